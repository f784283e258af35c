#include <kyso/batch/verify.hpp>

#include <kyso/xml/sign.hpp>

#include "support/fixtures.hpp"

#include <gtest/gtest.h>

using namespace kyso;

namespace {
Bytes signed_claims() {
    auto signer = test::p12_signer();
    auto out = xml::sign(test::sample_claims(), *signer, {});
    if (!out) throw std::runtime_error(out.error().message);
    return *out;
}
}  // namespace

TEST(BatchVerify, PdfHeaderWithinTheFirst1024Bytes) {
    EXPECT_TRUE(batch::looks_like_pdf(as_bytes(std::string_view("%PDF-1.7\n"))));
    EXPECT_TRUE(batch::looks_like_pdf(as_bytes(std::string(1000, ' ') + "%PDF-1.4")));
    EXPECT_FALSE(batch::looks_like_pdf(as_bytes(std::string(1024, ' ') + "%PDF-1.4")));
    EXPECT_FALSE(batch::looks_like_pdf(as_bytes(std::string_view("<?xml version=\"1.0\"?><a/>"))));
}

TEST(BatchVerify, DetectsTheFormatAndFillsTheHeader) {
    const Bytes xml_doc = signed_claims();
    verify::Context ctx = test::trust_context();
    ctx.validation_time = parse_rfc3339("2026-11-22T08:00:00Z").value();
    const auto xml_report = batch::verify_bytes(xml_doc, "mem.xml", ctx, {}, batch::InputFormat::any);
    ASSERT_EQ(xml_report.documents.size(), 1u);
    EXPECT_EQ(xml_report.documents[0].format, "xml");
    EXPECT_EQ(xml_report.documents[0].path, "mem.xml");
    ASSERT_EQ(xml_report.documents[0].signatures.size(), 1u);
    EXPECT_EQ(xml_report.documents[0].signatures[0].indication, verify::Indication::total_passed);
    EXPECT_EQ(format_rfc3339(xml_report.validation_time), "2026-11-22T08:00:00Z");
    EXPECT_FALSE(xml_report.policy_name.empty());
    EXPECT_TRUE(xml_report.revocation_stats.has_value());

    const Bytes pdf_doc = test::read(std::filesystem::path(KYSO_SAMPLES_DIR) / "record-sample.pdf");
    const auto pdf_report = batch::verify_bytes(pdf_doc, "mem.pdf", ctx, {}, batch::InputFormat::any);
    ASSERT_EQ(pdf_report.documents.size(), 1u);
    EXPECT_EQ(pdf_report.documents[0].format, "pdf");
    // Forced XML: the PDF is not XML.
    const auto forced = batch::verify_bytes(pdf_doc, "mem.pdf", ctx, {}, batch::InputFormat::xml);
    ASSERT_TRUE(forced.documents[0].error.has_value());
    EXPECT_EQ(forced.documents[0].error->code, Errc::malformed_xml);
}

TEST(BatchVerify, RunKeepsTheOrderOfInputsOnSeveralWorkers) {
    test::TempDir dir;
    const Bytes doc = signed_claims();
    batch::VerifyJob job;
    for (int i = 0; i < 6; ++i) {
        const auto p = dir / ("c" + std::to_string(i) + ".xml");
        test::write(p, i == 3 ? as_bytes(std::string_view("<broken")) : ByteView(doc));
        job.inputs.push_back(p);
    }
    job.jobs = 3;
    std::size_t calls = 0;
    batch::Progress progress;
    progress.on_progress = [&](std::size_t done, std::size_t total, std::size_t) {
        ++calls;
        EXPECT_LE(done, total);
    };
    const auto report = batch::run_verify(job, test::trust_context(), progress);
    ASSERT_EQ(report.documents.size(), 6u);
    EXPECT_EQ(calls, 6u);
    for (int i = 0; i < 6; ++i) {
        EXPECT_EQ(report.documents[i].path, job.inputs[i].string());
        EXPECT_EQ(report.documents[i].error.has_value(), i == 3) << i;
    }
}

TEST(CertificatePaths, FileOrDirectory) {
    test::TempDir dir;
    std::filesystem::copy_file(test::pki("root.cert.pem"), dir / "a-root.pem");
    std::filesystem::copy_file(test::pki("ca.cert.pem"), dir / "b-ca.pem");
    test::write(dir / "README", as_bytes(std::string_view("not a certificate")));
    auto from_dir = keys::Certificate::load_path(dir.path().string());
    ASSERT_TRUE(from_dir) << from_dir.error().message;
    ASSERT_EQ(from_dir->size(), 2u);
    EXPECT_TRUE((*from_dir)[0].self_signed());
    auto file = keys::Certificate::load_path((dir / "README").string());
    ASSERT_FALSE(file);
    EXPECT_EQ(file.error().code, Errc::certificate_invalid);
    auto missing = keys::Certificate::load_path((dir / "missing.pem").string());
    ASSERT_FALSE(missing);
    EXPECT_EQ(missing.error().code, Errc::io);
}
