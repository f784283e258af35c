// kyso verify --policy FILE: the report names the policy it followed; a malformed file is a usage error.
#include "integration/helpers.hpp"

#include <gtest/gtest.h>

namespace kyso::test {
namespace {

class CliPolicy : public ::testing::Test {
protected:
    void SetUp() override {
        fs::create_directories(dir / "in");
        fs::copy_file(fs::path(KYSO_SAMPLES_DIR) / "claims-4750-sample.xml", dir / "in/c.xml");
        std::string out;
        ASSERT_EQ(
            run(cli() + " xml sign " + sh(dir / "in") + " --out " + sh(dir / "out") + " --key " +
                    sh(std::string_view("p12:" + pki("hospital-rsa.p12").string())) + " --pass pass:kyso-test --json",
                &out),
            0)
            << out;
        signed_file = dir / "out/c.xml";
    }
    // Runs a verify subcommand; returns its exit status, stdout in `out`, stderr in `err`.
    int verify(const std::string& command, const std::string& extra, std::string& out, std::string& err) {
        const int rc = run(cli() + " " + command + " " + sh(signed_file) + " " + cli_trust() + " " + extra + " 2>" +
                               sh(dir / "stderr.txt"),
                           &out);
        err = read_text(dir / "stderr.txt");
        return rc;
    }
    TempDir dir;
    fs::path signed_file;
};

TEST_F(CliPolicy, ReportNamesTheBuiltInPolicy) {
    std::string out, err;
    ASSERT_EQ(verify("xml verify", "--json", out, err), 0) << out << err;
    const Json j = parse_json(out);
    EXPECT_EQ(j["policy"]["name"], "kyso-default");
    EXPECT_EQ(j["policy"]["version"], "2026.11");
}

TEST_F(CliPolicy, ACustomPolicyDecidesAndIsNamed) {
    // SHA-256 and RSA-2048 trusted only until 2026-01-31 under this file: now it is too late.
    write(dir / "strict.json", as_bytes(std::string(R"({
      "format": "kyso-algorithm-policy/1", "name": "strict-test", "version": "7",
      "sources": {"t": "cli_policy_test.cpp"},
      "digests": [{"algorithm": "SHA-256", "not_trusted_after": "2026-01-31", "source": ["t"]}],
      "signature_keys": [{"algorithm": "RSA", "min_bits": 2048, "not_trusted_after": null, "source": ["t"]}]
    })")));
    for (const char* command : {"xml verify", "verify"}) {
        std::string out, err;
        EXPECT_EQ(verify(command, "--json --policy " + sh(dir / "strict.json"), out, err), 2) << out << err;
        const Json j = parse_json(out);
        EXPECT_EQ(j["policy"]["name"], "strict-test");
        EXPECT_EQ(j["policy"]["version"], "7");
        const auto& s = j["documents"][0]["signatures"][0];
        EXPECT_EQ(s["sub_indication"], "CRYPTO_CONSTRAINTS_FAILURE_NO_POE");
        EXPECT_NE(s["errors"].dump().find("SHA-256 (the Reference digest) is not trusted after 2026-01-31 under "
                                          "policy strict-test 7"),
                  std::string::npos)
            << s.dump(2);
    }
}

TEST_F(CliPolicy, MalformedOrMissingPolicyIsUsageError) {
    write(dir / "bad.json", as_bytes(std::string(R"({"format": "kyso-algorithm-policy/1", "name": "x"})")));
    std::string out, err;
    EXPECT_EQ(verify("xml verify", "--policy " + sh(dir / "bad.json"), out, err), 4) << out << err;
    EXPECT_NE(err.find((dir / "bad.json").string()), std::string::npos) << err;
    EXPECT_NE(err.find("'version' is missing"), std::string::npos) << err;
    EXPECT_EQ(verify("pdf verify", "--policy " + sh(dir / "nothing.json"), out, err), 4) << out << err;
    EXPECT_NE(err.find("cannot be read"), std::string::npos) << err;
    write(dir / "notjson.json", as_bytes(std::string("SHA-1: 2012")));
    EXPECT_EQ(verify("verify", "--policy " + sh(dir / "notjson.json"), out, err), 4) << out << err;
    EXPECT_NE(err.find("not valid JSON"), std::string::npos) << err;
}

TEST_F(CliPolicy, HelpMentionsPolicy) {
    for (const char* command : {"xml verify", "pdf verify", "verify"}) {
        std::string out;
        EXPECT_EQ(run(cli() + " " + command + " --help", &out), 0);
        EXPECT_NE(out.find("--policy"), std::string::npos) << command << ":\n" << out;
    }
}

}  // namespace
}  // namespace kyso::test
