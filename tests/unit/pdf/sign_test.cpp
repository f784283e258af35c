// PAdES signing (lib/pdf/sign.cpp) and the verifier's verdicts on what it produces (lib/pdf/verify.cpp).
#include "pdf/cms.hpp"
#include "pdf/document.hpp"
#include "support/fixtures.hpp"

#include <kyso/pdf/sign.hpp>
#include <kyso/pdf/verify.hpp>

#include <gtest/gtest.h>

#include <algorithm>
#include <string>

namespace kyso::pdf {
namespace {

namespace fs = std::filesystem;
using test::TempDir;
using verify::Indication;
using verify::SubIndication;

fs::path sample() {
    return fs::path(KYSO_SAMPLES_DIR) / "record-sample.pdf";
}

std::string text_of(const fs::path& p) {
    const Bytes b = test::read(p);
    return std::string(b.begin(), b.end());
}

TEST(PdfSign, InvisibleSignatureVerifiesAndKeepsTheInputAsPrefix) {
    TempDir dir;
    auto signer = test::p12_signer();
    const fs::path out = dir.path() / "signed.pdf";
    ASSERT_TRUE(sign(sample(), out, *signer, SignOptions{}).ok());
    const Bytes in = test::read(sample());
    const Bytes signed_bytes = test::read(out);
    ASSERT_GT(signed_bytes.size(), in.size());
    EXPECT_TRUE(std::equal(in.begin(), in.end(), signed_bytes.begin()));

    const auto report = verify(out, test::trust_context());
    ASSERT_FALSE(report.error) << report.error->message;
    ASSERT_EQ(report.signatures.size(), 1u);
    const auto& s = report.signatures[0];
    EXPECT_EQ(s.indication, Indication::total_passed) << (s.errors.empty() ? "" : s.errors[0]);
    EXPECT_EQ(s.signed_scope.rfind("the whole document", 0), 0u) << s.signed_scope;
    EXPECT_EQ(s.digest_algorithm, "sha256");
    // An invisible widget: zero rectangle, printable, never hidden.
    const std::string text = text_of(out);
    EXPECT_NE(text.find("/Rect [0 0 0 0]"), std::string::npos);
    EXPECT_NE(text.find("/F 4"), std::string::npos);
    EXPECT_NE(text.find("/SubFilter/ETSI.CAdES.detached"), std::string::npos);
    // The update kept the table kind of the sample and chained /Prev.
    auto doc = Document::open(*open_file_source(out));
    ASSERT_TRUE(doc.ok());
    ASSERT_EQ((*doc)->sections().size(), 2u);
    EXPECT_EQ((*doc)->sections()[0].kind, XrefKind::table);
    EXPECT_EQ((*doc)->sections()[0].trailer.get("Prev")->integer(),
              static_cast<std::int64_t>((*doc)->sections()[1].offset));
}

TEST(PdfSign, EcdsaVisibleAndSequentialSignaturesAllVerify) {
    TempDir dir;
    auto rsa = test::p12_signer("doctor-rsa");
    auto ec = test::p12_signer("hospital-ec");
    SignOptions first;
    first.visible = Placement{1, 40, 60, 230, 80};
    first.text.signer_name = "Nguyễn Thị Hồng Nhung";
    first.text.title = "Bác sĩ điều trị";
    ASSERT_TRUE(sign(sample(), dir.path() / "1.pdf", *rsa, first).ok());
    SignOptions second;
    second.visible = Placement{1, 300, 60, 230, 80};
    ASSERT_TRUE(sign(dir.path() / "1.pdf", dir.path() / "2.pdf", *ec, second).ok());
    const auto report = verify(dir.path() / "2.pdf", test::trust_context());
    ASSERT_FALSE(report.error);
    ASSERT_EQ(report.signatures.size(), 2u);
    for (const auto& s : report.signatures)
        EXPECT_EQ(s.indication, Indication::total_passed) << s.slot;
    EXPECT_NE(report.signatures[0].signed_scope.find("revision 2 of 3"), std::string::npos);
    EXPECT_EQ(report.signatures[1].signed_scope.rfind("the whole document", 0), 0u);
}

TEST(PdfSign, AFlippedByteIsAHashFailure) {
    TempDir dir;
    auto signer = test::p12_signer();
    ASSERT_TRUE(sign(sample(), dir.path() / "s.pdf", *signer, SignOptions{}).ok());
    Bytes b = test::read(dir.path() / "s.pdf");
    const std::string text(b.begin(), b.end());
    const auto at = text.find("BENH AN");
    ASSERT_NE(at, std::string::npos);
    b[at] = 'X';
    test::write(dir.path() / "t.pdf", b);
    const auto report = verify(dir.path() / "t.pdf", test::trust_context());
    ASSERT_EQ(report.signatures.size(), 1u);
    EXPECT_EQ(report.signatures[0].indication, Indication::total_failed);
    EXPECT_EQ(report.signatures[0].sub_indication, SubIndication::hash_failure);
}

TEST(PdfSign, AMessageDigestForOtherBytesIsAHashFailure) {
    // A CMS that is valid in itself (its signature verifies) but signed over a different digest: the
    // attack of moving a signature to another document.
    TempDir dir;
    auto signer = test::p12_signer();
    ASSERT_TRUE(sign(sample(), dir.path() / "s.pdf", *signer, SignOptions{}).ok());
    Bytes b = test::read(dir.path() / "s.pdf");
    std::string text(b.begin(), b.end());
    const auto start = text.find("/Contents <") + 11;
    const auto end = text.find('>', start);
    const Bytes other_digest(32, 0x42);
    auto cms = build_detached_cms(other_digest, keys::DigestAlgorithm::sha256, *signer);
    ASSERT_TRUE(cms.ok());
    std::string hex = hex_encode(*cms, true);
    ASSERT_LE(hex.size(), end - start);
    hex.resize(end - start, '0');
    std::copy(hex.begin(), hex.end(), b.begin() + static_cast<std::ptrdiff_t>(start));
    test::write(dir.path() / "t.pdf", b);
    const auto report = verify(dir.path() / "t.pdf", test::trust_context());
    ASSERT_EQ(report.signatures.size(), 1u);
    EXPECT_EQ(report.signatures[0].indication, Indication::total_failed);
    EXPECT_EQ(report.signatures[0].sub_indication, SubIndication::hash_failure);
}

TEST(PdfSign, BadInputsGiveTypedErrorsAndNoOutput) {
    TempDir dir;
    auto signer = test::p12_signer();
    const std::string junk = "this is not a PDF";
    test::write(dir.path() / "junk.pdf", as_bytes(junk));
    auto r = sign(dir.path() / "junk.pdf", dir.path() / "out.pdf", *signer, SignOptions{});
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.error().code, Errc::malformed_pdf);
    // Nothing left behind: no output, no temporary file.
    EXPECT_EQ(std::distance(fs::directory_iterator(dir.path()), fs::directory_iterator{}), 1);

    ASSERT_TRUE(sign(sample(), dir.path() / "out.pdf", *signer, SignOptions{}).ok());
    auto again = sign(sample(), dir.path() / "out.pdf", *signer, SignOptions{});
    ASSERT_FALSE(again.ok());
    EXPECT_EQ(again.error().code, Errc::output_exists);

    SignOptions page99;
    page99.visible = Placement{99, 0, 0, 100, 50};
    auto bad_page = sign(sample(), dir.path() / "p.pdf", *signer, page99);
    ASSERT_FALSE(bad_page.ok());
    EXPECT_EQ(bad_page.error().code, Errc::usage);
    EXPECT_FALSE(fs::exists(dir.path() / "p.pdf"));

    SignOptions same_field;
    same_field.field_name = "Signature1";
    auto taken = sign(dir.path() / "out.pdf", dir.path() / "o2.pdf", *signer, same_field);
    ASSERT_FALSE(taken.ok());
    EXPECT_EQ(taken.error().code, Errc::already_signed);

    SignOptions certify;
    certify.certify = Certification::form_filling;
    auto late = sign(dir.path() / "out.pdf", dir.path() / "o3.pdf", *signer, certify);
    ASSERT_FALSE(late.ok());
    EXPECT_EQ(late.error().code, Errc::usage);
}

TEST(PdfSign, ResumeRecognisesItsOwnOutputOnly) {
    TempDir dir;
    auto signer = test::p12_signer();
    auto other = test::p12_signer("hospital-ec");
    ASSERT_TRUE(sign(sample(), dir.path() / "s.pdf", *signer, SignOptions{}).ok());
    EXPECT_TRUE(is_signed_copy(sample(), dir.path() / "s.pdf", signer->certificate()));
    EXPECT_FALSE(is_signed_copy(sample(), dir.path() / "s.pdf", other->certificate()));
    EXPECT_FALSE(is_signed_copy(dir.path() / "s.pdf", sample(), signer->certificate()));
}

TEST(PdfSign, CertificationIsReportedAndEnforced) {
    TempDir dir;
    auto signer = test::p12_signer();
    SignOptions certify;
    certify.certify = Certification::no_changes;
    ASSERT_TRUE(sign(sample(), dir.path() / "c.pdf", *signer, certify).ok());
    auto report = verify(dir.path() / "c.pdf", test::trust_context());
    ASSERT_EQ(report.signatures.size(), 1u);
    EXPECT_EQ(report.signatures[0].indication, Indication::total_passed);
    EXPECT_NE(report.signatures[0].signed_scope.find("DocMDP P=1"), std::string::npos);
    // P=1 allows no further signature: the later one is fine in itself, the certification fails.
    ASSERT_TRUE(sign(dir.path() / "c.pdf", dir.path() / "c2.pdf", *signer, SignOptions{}).ok());
    report = verify(dir.path() / "c2.pdf", test::trust_context());
    ASSERT_EQ(report.signatures.size(), 2u);
    EXPECT_EQ(report.signatures[0].indication, Indication::total_failed);
    EXPECT_EQ(report.signatures[1].indication, Indication::total_passed);
}

}  // namespace
}  // namespace kyso::pdf

namespace kyso::pdf {
namespace {

TEST(PdfSign, RsaPssVerifiesHereAndInOpenSsl) {
    test::TempDir dir;
    auto signer = test::p12_signer();
    SignOptions pss;
    pss.rsa_pss = true;
    const fs::path out = dir.path() / "pss.pdf";
    ASSERT_TRUE(sign(fs::path(KYSO_SAMPLES_DIR) / "record-sample.pdf", out, *signer, pss).ok());
    const auto report = verify(out, test::trust_context());
    ASSERT_EQ(report.signatures.size(), 1u);
    EXPECT_EQ(report.signatures[0].indication, verify::Indication::total_passed);
    EXPECT_NE(report.signatures[0].signature_algorithm.find("rsassaPss"), std::string::npos)
        << report.signatures[0].signature_algorithm;
    // An EC key cannot do PSS: a typed error, no output.
    auto ec = test::p12_signer("hospital-ec");
    auto r = sign(fs::path(KYSO_SAMPLES_DIR) / "record-sample.pdf", dir.path() / "ec.pdf", *ec, pss);
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.error().code, Errc::mechanism_unsupported);
    EXPECT_FALSE(fs::exists(dir.path() / "ec.pdf"));
}

}  // namespace
}  // namespace kyso::pdf
