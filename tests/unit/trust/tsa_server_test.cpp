// Smoke test of the test TSA (testdata/tsa_server.py via test::TsaServer), checked with independent
// tools only: `openssl ts -query/-verify`, `openssl cms -verify` and curl, never kyso's own code.
#include "support/fixtures.hpp"
#include "support/services.hpp"

#include <gtest/gtest.h>

#include <cstdlib>
#include <string>

using namespace kyso;
using test::TsaServer;

namespace {

std::string q(const test::fs::path& p) {
    return "'" + p.string() + "'";
}

class TsaServerTest : public ::testing::Test {
protected:
    void SetUp() override {
        test::write(m_tmp / "data.txt", test::sample_claims());
        ASSERT_EQ(test::run("openssl ts -query -data " + q(m_tmp / "data.txt") + " -sha256 -cert -out " +
                            q(m_tmp / "query.tsq") + " 2>&1"),
                  0);
        ASSERT_EQ(test::run("openssl ts -query -data " + q(m_tmp / "data.txt") + " -sha256 -cert -tspolicy " +
                            TsaServer::kPolicy + " -out " + q(m_tmp / "policy.tsq") + " 2>&1"),
                  0);
    }

    // POSTs QUERY to MODE; the HTTP status (0 when curl fails) and the body in REPLY.
    int post(std::string_view mode, const std::string& reply, const std::string& query = "query.tsq",
             const std::string& curl_options = "") {
        std::string out;
        test::run("curl -sS " + curl_options + " --data-binary @" + q(m_tmp / query) +
                      " -H 'Content-Type: application/timestamp-query' -o " + q(m_tmp / reply) +
                      " -w '%{http_code}' '" + m_tsa.url(mode) + "' 2>/dev/null",
                  &out);
        return std::atoi(out.c_str());
    }

    // `openssl ts -verify` of REPLY against QUERY: its exit status, its output in OUT.
    int ts_verify(const std::string& reply, std::string* out, const std::string& query = "query.tsq") {
        return test::run("openssl ts -verify -queryfile " + q(m_tmp / query) + " -in " + q(m_tmp / reply) +
                             " -CAfile " + q(test::pki("root.cert.pem")) + " -untrusted " +
                             q(test::pki("ca.cert.pem")) + " 2>&1",
                         out);
    }

    std::string reply_text(const std::string& reply) {
        std::string out;
        test::run("openssl ts -reply -in " + q(m_tmp / reply) + " -text 2>/dev/null", &out);
        return out;
    }

    // The token's CMS signature alone (no ESS, any certificate purpose): exit status.
    int cms_verify(const std::string& reply) {
        const std::string token = reply + ".token";
        if (test::run("openssl ts -reply -in " + q(m_tmp / reply) + " -token_out -out " + q(m_tmp / token) +
                      " >/dev/null 2>&1") != 0)
            return -1;
        return test::run("openssl cms -verify -inform DER -binary -purpose any -in " + q(m_tmp / token) + " -CAfile " +
                         q(test::pki("root.cert.pem")) + " -certfile " + q(test::pki("ca.cert.pem")) +
                         " -out /dev/null >/dev/null 2>&1");
    }

    test::TempDir m_tmp;
    TsaServer m_tsa{test::pki_dir()};
};

TEST_F(TsaServerTest, NormalTokenVerifies) {
    EXPECT_EQ(m_tsa.url(), "http://127.0.0.1:" + std::to_string(m_tsa.port()) + "/");
    EXPECT_EQ(m_tsa.url("/reject"), m_tsa.url("reject"));
    ASSERT_EQ(post("", "r.tsr"), 200) << m_tsa.log();
    std::string out;
    EXPECT_EQ(ts_verify("r.tsr", &out), 0) << out;
    EXPECT_NE(out.find("Verification: OK"), std::string::npos) << out;
    const std::string text = reply_text("r.tsr");
    EXPECT_NE(text.find("Status: Granted."), std::string::npos) << text;
    EXPECT_NE(text.find(std::string("Policy OID: ") + TsaServer::kPolicy), std::string::npos) << text;
    EXPECT_NE(m_tsa.log().find("POST / HTTP/1.1"), std::string::npos) << m_tsa.log();
}

TEST_F(TsaServerTest, RejectIsARejectionWithBadAlg) {
    ASSERT_EQ(post("reject", "r.tsr"), 200) << m_tsa.log();
    const std::string text = reply_text("r.tsr");
    EXPECT_NE(text.find("Status: Rejected."), std::string::npos) << text;
    EXPECT_NE(text.find("unrecognized or unsupported algorithm identifier"), std::string::npos) << text;  // badAlg
    std::string out;
    EXPECT_NE(ts_verify("r.tsr", &out), 0);
    EXPECT_NE(out.find("status code: rejection"), std::string::npos) << out;
}

TEST_F(TsaServerTest, FaultyTokensFailOpensslVerification) {
    struct Case {
        const char* mode;
        const char* query;
        const char* openssl_says;
    };
    for (const Case& c :
         {Case{"wrong-imprint", "query.tsq", "message imprint mismatch"},
          Case{"wrong-nonce", "query.tsq", "nonce mismatch"}, Case{"other-policy", "policy.tsq", "policy mismatch"},
          Case{"wrong-esscertid", "query.tsq", "ess cert id not found"},
          Case{"no-esscertid", "query.tsq", "missing signing certificate attribute"}}) {
        SCOPED_TRACE(c.mode);
        const std::string reply = std::string(c.mode) + ".tsr";
        ASSERT_EQ(post(c.mode, reply, c.query), 200) << m_tsa.log();
        EXPECT_NE(reply_text(reply).find("Status: Granted."), std::string::npos);
        std::string out;
        EXPECT_NE(ts_verify(reply, &out, c.query), 0) << out;
        EXPECT_NE(out.find(c.openssl_says), std::string::npos) << out;
        EXPECT_EQ(cms_verify(reply), 0);  // the CMS signature itself is good: only a TSA check fails
    }
    // The other policy is the token's own, not merely a mismatch with the request.
    EXPECT_NE(reply_text("other-policy.tsr").find(std::string("Policy OID: ") + TsaServer::kOtherPolicy),
              std::string::npos);
}

TEST_F(TsaServerTest, NonCriticalEkuTokenIsSignedByTheSecondTsa) {
    ASSERT_TRUE(test::fs::exists(test::pki("tsa-noncritical.cert.pem")))
        << "the test PKI at " << test::pki_dir() << " predates tsa-noncritical: delete it so that "
        << "testdata/make-pki.sh rebuilds it";
    ASSERT_EQ(post("noncritical-eku", "r.tsr"), 200) << m_tsa.log();
    std::string out;
    EXPECT_NE(ts_verify("r.tsr", &out), 0) << out;
    EXPECT_NE(out.find("unsuitable certificate purpose"), std::string::npos) << out;
    EXPECT_EQ(cms_verify("r.tsr"), 0);
}

TEST_F(TsaServerTest, HttpFaultsAndCredentials) {
    EXPECT_EQ(post("http-500", "r.tsr"), 500);
    EXPECT_EQ(post("no-such-mode", "r.tsr"), 404);
    EXPECT_EQ(post("basic-auth", "r.tsr"), 401);
    ASSERT_EQ(post("basic-auth", "r.tsr", "query.tsq",
                   std::string("-u ") + TsaServer::kTsaUser + ":" + TsaServer::kTsaPassword),
              200);
    std::string out;
    EXPECT_EQ(ts_verify("r.tsr", &out), 0) << out;
    // /slow answers after 10 s: a client with a 1 s timeout gives up (curl reports no HTTP status).
    EXPECT_EQ(post("slow", "r.tsr", "query.tsq", "-m 1"), 0);
}

}  // namespace
