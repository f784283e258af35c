// Claims XML with a detached RFC 3161 token (kyso xml sign --tsa): the XML stays plain XML-DSig, the
// token sits beside it as FILE.tst, openssl accepts it, and verification uses its time.
#include "integration/helpers.hpp"
#include "support/services.hpp"

#include <gtest/gtest.h>

namespace kyso::test {
namespace {

TEST(XmlTimestamp, DetachedTokenBesideTheSignedFile) {
    TsaServer tsa(pki_dir());
    TempDir dir;
    fs::create_directories(dir / "in");
    fs::copy_file(fs::path(KYSO_SAMPLES_DIR) / "claims-4750-sample.xml", dir / "in/c.xml");
    const std::string key = sh(std::string_view("p12:" + pki("hospital-rsa.p12").string()));
    std::string out;
    ASSERT_EQ(run(cli() + " xml sign " + sh(dir / "in") + " --out " + sh(dir / "out") + " --key " + key +
                      " --pass pass:kyso-test --tsa " + sh(std::string_view(tsa.url())),
                  &out),
              0)
        << out;
    const fs::path signed_file = dir / "out/c.xml";
    const fs::path token = dir / "out/c.xml.tst";
    ASSERT_TRUE(fs::exists(token));
    ASSERT_EQ(run("openssl ts -verify -token_in -in " + sh(token) + " -data " + sh(signed_file) + " -CAfile " +
                      sh(pki("root.cert.pem")) + " -untrusted " + sh(pki("ca.cert.pem")) + " 2>&1",
                  &out),
              0)
        << out;

    ASSERT_EQ(run(cli() + " xml verify " + sh(signed_file) + " " + cli_trust() + " --json", &out), 0) << out;
    const Json j = parse_json(out);
    EXPECT_EQ(j["documents"][0]["signatures"][0]["time_source"], "timestamp");

    // A token for other bytes is not relied on: the claimed time and a warning instead.
    Bytes changed = read(signed_file);
    changed.push_back('\n');
    write(dir / "other.xml", changed);
    fs::copy_file(token, dir / "other.xml.tst");
    run(cli() + " xml verify " + sh(dir / "other.xml") + " " + cli_trust() + " --json", &out);
    const Json k = parse_json(out);
    EXPECT_NE(k["documents"][0]["signatures"][0]["time_source"], "timestamp");
    EXPECT_NE(k["documents"][0]["signatures"][0]["warnings"].dump().find("detached time-stamp was not relied on"),
              std::string::npos)
        << out;

    // A resumed batch that lost its token gets it again, without re-signing.
    fs::remove(token);
    ASSERT_EQ(run(cli() + " xml sign " + sh(dir / "in") + " --out " + sh(dir / "out") + " --key " + key +
                      " --pass pass:kyso-test --json --tsa " + sh(std::string_view(tsa.url())),
                  &out),
              0)
        << out;
    EXPECT_EQ(parse_json(out)["summary"]["skipped"], 1);
    EXPECT_TRUE(fs::exists(token));
}

}  // namespace
}  // namespace kyso::test
