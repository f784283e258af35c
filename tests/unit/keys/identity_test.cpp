#include "keys/identity.hpp"
#include "support/fixtures.hpp"

#include <gtest/gtest.h>

using namespace kyso;

TEST(VnIdentity, ClassifiesUidPrefixes) {
    keys::VnIdentity id;
    keys::add_uid_value(id, "MST:0101234567-001");
    keys::add_uid_value(id, "cccd: 079185012345");
    keys::add_uid_value(id, "CMND:012345678");
    keys::add_uid_value(id, "PPID:AB123");
    keys::add_uid_value(id, "something-else");
    EXPECT_EQ(id.mst, "0101234567-001");
    EXPECT_EQ(id.cccd, "079185012345");
    EXPECT_EQ(id.cmnd, "012345678");
    EXPECT_EQ(id.pid, "AB123");
    ASSERT_EQ(id.other_uids.size(), 1u);
}

TEST(Certificate, ReadsDoctorIdentityFromAsn1) {
    auto certs = keys::Certificate::load_file(test::pki("doctor-rsa.cert.pem").string());
    ASSERT_TRUE(certs) << certs.error().message;
    const auto id = certs->front().identity();
    EXPECT_EQ(id.cccd, "079185012345");
    EXPECT_EQ(id.mst, "0101234567-001");
    EXPECT_EQ(id.title, "Bác sĩ");
    EXPECT_EQ(id.common_name, "Nguyễn Thị Hồng Nhung, A101.0001 - 003848/HCM-CCHN");
    EXPECT_TRUE(certs->front().allows_signing());
    EXPECT_EQ(certs->front().key_algorithm(), keys::KeyAlgorithm::rsa);
    EXPECT_EQ(certs->front().key_bits(), 2048);
}

TEST(Certificate, KeyUsageWithoutSigningIsReported) {
    auto certs = keys::Certificate::load_file(test::pki("nokeyusage.cert.pem").string());
    ASSERT_TRUE(certs);
    EXPECT_TRUE(certs->front().has_key_usage_extension());
    EXPECT_FALSE(certs->front().allows_signing());
}

TEST(Certificate, RejectsGarbage) {
    auto c = keys::Certificate::from_der(as_bytes("not a certificate"));
    ASSERT_FALSE(c);
    EXPECT_EQ(c.error().code, Errc::certificate_invalid);
}
