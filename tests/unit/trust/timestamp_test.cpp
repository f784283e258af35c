// The RFC 3161 client (lib/trust/timestamp.cpp) against a real TSA on 127.0.0.1 (testdata/tsa_server.py,
// tokens made by OpenSSL's TS API) and its fault modes: every bad reply is caught with its own reason.
#include "ossl/ossl.hpp"
#include "support/services.hpp"

#include <kyso/trust/timestamp.hpp>

#include <gtest/gtest.h>

namespace kyso::trust {
namespace {

const test::TsaServer& tsa() {
    static test::TsaServer server(test::pki_dir());
    return server;
}

Bytes imprint_of(std::string_view data) {
    return ossl::digest(keys::DigestAlgorithm::sha256, as_bytes(data));
}

Result<Timestamp> ask(std::string_view mode, TsaOptions options = {}) {
    options.url = tsa().url(mode);
    return request_timestamp(imprint_of("bệnh án số 1"), options);
}

void expect_rejected(std::string_view mode, std::string_view reason, TsaOptions options = {}) {
    auto r = ask(mode, std::move(options));
    ASSERT_FALSE(r.ok()) << mode;
    EXPECT_EQ(r.error().code, Errc::tsa_rejected) << mode << ": " << r.error().message;
    EXPECT_NE(r.error().message.find(reason), std::string::npos) << mode << ": " << r.error().message << "\nTSA log:\n"
                                                                 << tsa().log();
}

TEST(Timestamp, AGoodTokenIsCheckedAndDescribed) {
    auto ts = ask("");
    ASSERT_TRUE(ts.ok()) << ts.error().message;
    EXPECT_EQ(ts->policy, test::TsaServer::kPolicy);
    EXPECT_LT(std::chrono::abs(ts->gen_time - now_utc()), std::chrono::seconds(120));
    ASSERT_TRUE(ts->tsa_certificate.has_value());
    EXPECT_NE(ts->tsa_certificate->subject().find("Kyso Test TSA"), std::string::npos);
    EXPECT_FALSE(ts->serial_hex.empty());
    // The stored token checks again against the same imprint, and not against another.
    EXPECT_TRUE(check_timestamp_token(ts->token, imprint_of("bệnh án số 1"), keys::DigestAlgorithm::sha256).ok());
    EXPECT_FALSE(check_timestamp_token(ts->token, imprint_of("bệnh án số 2"), keys::DigestAlgorithm::sha256).ok());
    EXPECT_TRUE(check_timestamp_over(ts->token, as_bytes("bệnh án số 1")).ok());
}

TEST(Timestamp, ARejectionNamesItsFailureInfo) {
    expect_rejected("reject", "badAlg");
}

TEST(Timestamp, ImprintNonceAndPolicyMismatchesAreCaught) {
    expect_rejected("wrong-imprint", "imprint");
    expect_rejected("wrong-nonce", "nonce");
    TsaOptions only_ours;
    only_ours.accepted_policies = {test::TsaServer::kPolicy};
    expect_rejected("other-policy", "policy 1.3.6.1.4.1.99999.1.2", only_ours);
    EXPECT_TRUE(ask("other-policy").ok()) << "without an allow-list any policy is accepted";
}

TEST(Timestamp, TsaCertificateAndEssBindingAreChecked) {
    expect_rejected("noncritical-eku", "not critical");
    expect_rejected("wrong-esscertid", "ESSCertID does not match");
    expect_rejected("no-esscertid", "no ESS signing-certificate");
}

TEST(Timestamp, TransportProblemsAreNetworkErrors) {
    auto e500 = ask("http-500");
    ASSERT_FALSE(e500.ok());
    EXPECT_EQ(e500.error().code, Errc::network);
    EXPECT_NE(e500.error().message.find("HTTP 500"), std::string::npos);
    TsaOptions quick;
    quick.timeout = std::chrono::milliseconds(1000);
    auto slow = ask("slow", quick);
    ASSERT_FALSE(slow.ok());
    EXPECT_EQ(slow.error().code, Errc::network);
    auto no_auth = ask("basic-auth");
    ASSERT_FALSE(no_auth.ok());
    EXPECT_NE(no_auth.error().message.find("HTTP 401"), std::string::npos);
    TsaOptions auth;
    auth.username = test::TsaServer::kTsaUser;
    auth.password = test::TsaServer::kTsaPassword;
    EXPECT_TRUE(ask("basic-auth", auth).ok());
}

}  // namespace
}  // namespace kyso::trust
