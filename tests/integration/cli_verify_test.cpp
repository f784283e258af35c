#include "integration/helpers.hpp"

#include <gtest/gtest.h>

namespace kyso::test {
namespace {

// spec/claims-xml.md §3: a verifier configured with a facility binding (MACSKCB → allowed tax codes or
// certificate fingerprints) reports a signer outside it as SIG_CONSTRAINTS_FAILURE.
TEST(CliVerify, FacilityBinding) {
    TempDir dir;
    write(dir / "in.xml", sample_claims());  // MACSKCB 99999
    std::string out;
    ASSERT_EQ(run(cli() + " xml sign " + sh(dir / "in.xml") + " --out " + sh(dir / "signed.xml") +
                      " --key p12:" + sh(pki("hospital-rsa.p12")) + " --pass pass:kyso-test",
                  &out),
              0)
        << out;
    const auto verify = [&](const std::string& binding_json, std::string* text) {
        write(dir / "binding.json", as_bytes(binding_json));
        return run(cli() + " xml verify " + sh(dir / "signed.xml") + " " + cli_trust() + " --facility-binding " +
                       sh(dir / "binding.json") + " --json",
                   text);
    };
    EXPECT_EQ(verify(R"({"99999": ["0101234567"]})", &out), 0) << out;
    EXPECT_EQ(verify(R"({"99999": ["0109999999"]})", &out), 2) << out;
    EXPECT_EQ(parse_json(out).at("documents")[0].at("signatures")[0].at("sub_indication"), "SIG_CONSTRAINTS_FAILURE");
    const std::string fingerprint = p12_signer()->certificate().sha256_fingerprint();
    EXPECT_EQ(verify(R"({"99999": [")" + fingerprint + R"("]})", &out), 0) << out;
    // A facility that is not listed is not judged, only warned about.
    EXPECT_EQ(verify(R"({"79001": ["0109999999"]})", &out), 0) << out;
    EXPECT_NE(out.find("has no binding configured"), std::string::npos) << out;
    EXPECT_EQ(verify(R"(["not", "an", "object"])", &out), 4) << out;
}

}  // namespace
}  // namespace kyso::test
