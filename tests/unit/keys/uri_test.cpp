#include "p11/uri.hpp"

#include <gtest/gtest.h>

using namespace kyso;

TEST(Pkcs11Uri, ParsesPathAndQuery) {
    auto u = p11::parse_uri(
        "pkcs11:token=b%E1%BB%87nh%20vi%E1%BB%87n;object=signer;id=%01%02?module-path=/usr/lib/"
        "x.so&pin-source=env:PIN");
    ASSERT_TRUE(u) << u.error().message;
    EXPECT_EQ(*u->get("token"), "bệnh viện");
    EXPECT_EQ(*u->get("object"), "signer");
    ASSERT_TRUE(u->id);
    EXPECT_EQ(*u->id, (Bytes{1, 2}));
    EXPECT_EQ(*u->get_query("module-path"), "/usr/lib/x.so");
    EXPECT_EQ(*u->get_query("pin-source"), "env:PIN");
    EXPECT_EQ(u->get("serial"), nullptr);
}

TEST(Pkcs11Uri, RejectsWhatCannotMatch) {
    for (const char* bad :
         {"pkcs12:token=a", "pkcs11:token", "pkcs11:colour=red", "pkcs11:token=a;token=b", "pkcs11:token=%zz",
          "pkcs11:token=%4", "pkcs11:?pin-value=1&pin-source=env:X", "pkcs11:?pin-colour=1"}) {
        auto u = p11::parse_uri(bad);
        ASSERT_FALSE(u) << bad;
        EXPECT_EQ(u.error().code, Errc::keyspec_invalid) << bad;
    }
}

TEST(Pkcs11Uri, IgnoresVendorAttributes) {
    auto u = p11::parse_uri("pkcs11:token=a;x-vendor=1");
    ASSERT_TRUE(u);
    EXPECT_EQ(*u->get("token"), "a");
}

TEST(Pkcs11Uri, PercentEncodeRoundTrips) {
    const std::string raw = "/usr/lib/softhsm/libsofthsm2.so; bệnh viện";
    auto u = p11::parse_uri("pkcs11:token=" + p11::percent_encode(raw));
    ASSERT_TRUE(u);
    EXPECT_EQ(*u->get("token"), raw);
}
