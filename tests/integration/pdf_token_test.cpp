// PDF signing through the SoftHSM token: RSA (PKCS#1 v1.5 and PSS) and ECDSA, verified by kyso and by
// `openssl cms -verify` on the extracted CMS; the CLI batch with resume.
#include "integration/helpers.hpp"

#include <kyso/keys/signer.hpp>
#include <kyso/pdf/sign.hpp>
#include <kyso/pdf/verify.hpp>

#include <gtest/gtest.h>

namespace kyso::test {
namespace {

std::unique_ptr<keys::Signer> token_signer(const std::string& object) {
    auto s = keys::open_signer(token().uri(object), keys::OpenOptions{});
    if (!s) throw std::runtime_error(s.error().message);
    return std::move(*s);
}

fs::path record() {
    return fs::path(KYSO_SAMPLES_DIR) / "record-sample.pdf";
}

TEST(PdfToken, RsaPssAndEcdsaThroughTheTokenVerify) {
    TempDir dir;
    auto rsa = token_signer("hospital-rsa");
    auto ec = token_signer("hospital-ec");
    pdf::SignOptions pss;
    pss.rsa_pss = true;
    pss.visible = pdf::Placement{1, 40, 40, 250, 78};
    ASSERT_TRUE(pdf::sign(record(), dir / "1.pdf", *rsa, pss).ok());
    pdf::SignOptions ecdsa;
    ecdsa.visible = pdf::Placement{1, 305, 40, 250, 78};
    ASSERT_TRUE(pdf::sign(dir / "1.pdf", dir / "2.pdf", *ec, ecdsa).ok());
    const auto report = pdf::verify(dir / "2.pdf", trust_context());
    ASSERT_EQ(report.signatures.size(), 2u);
    for (const auto& s : report.signatures)
        EXPECT_EQ(s.indication, verify::Indication::total_passed) << s.slot;
    EXPECT_NE(report.signatures[0].signature_algorithm.find("rsassaPss"), std::string::npos);
    // The CMS carries the signer and its issuing CA, nothing else from the token.
    std::string out;
    ASSERT_EQ(run("bash " + std::string(KYSO_SOURCE_DIR) + "/tests/interop/pdf/peers.sh cms_of " + sh(dir / "2.pdf") +
                      " " + sh(dir / "2.der") + " >/dev/null && openssl pkcs7 -inform DER -in " + sh(dir / "2.der") +
                      " -print_certs -noout | grep -c subject",
                  &out),
              0);
    EXPECT_EQ(std::stoi(out), 2);
}

TEST(PdfToken, CliBatchResumesAndRefusesForeignOutputs) {
    TempDir dir;
    fs::create_directories(dir / "in/khoa-noi");
    for (int i = 0; i < 6; ++i)
        fs::copy_file(record(), dir / ("in/khoa-noi/ba-" + std::to_string(i) + ".pdf"));
    const std::string key = sh(std::string_view(token().uri("hospital-ec")));
    const std::string cmd =
        cli() + " pdf sign " + sh(dir / "in") + " --out " + sh(dir / "out") + " --key " + key + " --json";
    std::string out;
    ASSERT_EQ(run(cmd, &out), 0) << out;
    EXPECT_EQ(parse_json(out)["summary"]["signed"], 6);
    // A second run skips what is done and signs what is missing; a file in the way that is not a signed
    // copy of its input is an error (output_exists), never overwritten without --force.
    fs::remove(dir / "out/khoa-noi/ba-5.pdf");
    fs::copy_file(record(), dir / "out/khoa-noi/ba-4.pdf", fs::copy_options::overwrite_existing);
    const int rc = run(cmd, &out);
    const Json j = parse_json(out);
    EXPECT_EQ(j["summary"]["skipped"], 4);
    EXPECT_EQ(j["summary"]["signed"], 1);
    EXPECT_EQ(j["summary"]["errors"], 1);
    EXPECT_NE(rc, 0);
    ASSERT_EQ(run(cli() + " pdf verify " + sh(dir / "out/khoa-noi/ba-5.pdf") + " " + cli_trust(), &out), 0) << out;
}

}  // namespace
}  // namespace kyso::test
