// PAdES B-T: a signature time-stamp from the loopback TSA (testdata/tsa_server.py); kyso reports the
// time-stamp's time as the signing time, pdfsig accepts the file, an untrusted TSA is not relied on.
#include "integration/helpers.hpp"
#include "support/services.hpp"

#include <kyso/pdf/sign.hpp>
#include <kyso/pdf/verify.hpp>

#include <gtest/gtest.h>

namespace kyso::test {
namespace {

TEST(PdfTimestamp, BtSignatureUsesTheTimestampTime) {
    TsaServer tsa(pki_dir());
    TempDir dir;
    const fs::path in = fs::path(KYSO_SAMPLES_DIR) / "record-sample.pdf";
    const std::string cmd = cli() + " pdf sign " + sh(in) + " --out " + sh(dir / "bt.pdf") + " --key " +
                            sh(std::string_view("p12:" + pki("hospital-rsa.p12").string())) +
                            " --pass pass:kyso-test --level b-t --tsa " + sh(std::string_view(tsa.url()));
    std::string out;
    ASSERT_EQ(run(cmd, &out), 0) << out;
    EXPECT_NE(tsa.log().find("POST"), std::string::npos) << "the TSA was asked";

    // The claimed /M is moved far into the past: only the time-stamp can give the signing time now.
    const auto report = pdf::verify(dir / "bt.pdf", trust_context());
    ASSERT_EQ(report.signatures.size(), 1u);
    const auto& s = report.signatures[0];
    EXPECT_EQ(s.indication, verify::Indication::total_passed) << (s.errors.empty() ? "" : s.errors[0]);
    EXPECT_EQ(s.time_source, verify::TimeSource::timestamp);
    ASSERT_TRUE(s.signing_time.has_value());
    EXPECT_LT(std::chrono::abs(*s.signing_time - now_utc()), std::chrono::seconds(120));

    ASSERT_EQ(run("pdfsig " + sh(dir / "bt.pdf") + " 2>&1", &out), 0) << out;
    EXPECT_NE(out.find("Signature is Valid"), std::string::npos) << out;

    // Without the TSA's root among the anchors the time-stamp is not relied on (claimed time instead).
    verify::Context foreign;
    foreign.trust_anchors = keys::Certificate::load_file(pki("foreign-root.cert.pem").string()).value();
    const auto untrusted = pdf::verify(dir / "bt.pdf", foreign);
    ASSERT_EQ(untrusted.signatures.size(), 1u);
    EXPECT_EQ(untrusted.signatures[0].time_source, verify::TimeSource::claimed);
}

TEST(PdfTimestamp, ARefusingTsaLeavesNoOutput) {
    TsaServer tsa(pki_dir());
    TempDir dir;
    auto signer = p12_signer();
    pdf::SignOptions o;
    o.level = pdf::SignatureLevel::pades_b_t;
    o.tsa = trust::TsaOptions{};
    o.tsa->url = tsa.url("reject");
    auto r = pdf::sign(fs::path(KYSO_SAMPLES_DIR) / "record-sample.pdf", dir / "x.pdf", *signer, o);
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.error().code, Errc::tsa_rejected);
    EXPECT_FALSE(fs::exists(dir / "x.pdf"));
    EXPECT_EQ(std::distance(fs::directory_iterator(dir.path()), fs::directory_iterator{}), 0)
        << "no temporary file left";
}

}  // namespace
}  // namespace kyso::test
