// FieldMDP field locks: written by signing (lib/pdf/sign.cpp), enforced by verification
// (lib/pdf/modifications.cpp). The form fill after signing is made with the incremental writer.
#include "pdf/document.hpp"
#include "pdf/incremental.hpp"
#include "pdf/structure.hpp"
#include "support/fixtures.hpp"

#include <kyso/pdf/sign.hpp>
#include <kyso/pdf/verify.hpp>

#include <gtest/gtest.h>

namespace kyso::pdf {
namespace {

namespace fs = std::filesystem;

fs::path record_with_text_field(const test::TempDir& dir) {
    const fs::path out = dir.path() / "form.pdf";
    const std::string cmd = "/usr/bin/python3 '" + std::string(KYSO_SOURCE_DIR) + "/testdata/make_sample_pdf.py' '" +
                            out.string() + "' --pages 2 --text-field ChanDoan";
    if (test::run(cmd) != 0) throw std::runtime_error("make_sample_pdf.py failed");
    return out;
}

// Appends a revision that sets the text field's value (what a PDF editor's form fill does).
void fill_field(const fs::path& in, const fs::path& out) {
    auto doc = Document::open(*open_file_source(in));
    ASSERT_TRUE(doc.ok());
    auto fields = form_fields(**doc);
    ASSERT_TRUE(fields.ok());
    IncrementalUpdate update(**doc);
    bool found = false;
    for (const auto& f : *fields) {
        if (f.name != "ChanDoan") continue;
        auto field = (*doc)->load(f.ref);
        ASSERT_TRUE(field.ok());
        Dict d = *field->object.dict();
        d.set("V", Object::text("J18.9 (changed after signing)"));
        update.set(f.ref, Object(std::move(d)));
        found = true;
    }
    ASSERT_TRUE(found);
    const Bytes original = test::read(in);
    Bytes id(16, 7);
    const auto built = update.build(original.size(), id);
    Bytes all = original;
    all.insert(all.end(), built.bytes.begin(), built.bytes.end());
    test::write(out, all);
}

TEST(PdfFieldLock, AFillOfALockedFieldFailsTheSignature) {
    test::TempDir dir;
    const fs::path form = record_with_text_field(dir);
    auto signer = test::p12_signer();
    SignOptions lock_all;
    lock_all.lock_fields = std::vector<std::string>{};
    ASSERT_TRUE(sign(form, dir.path() / "s.pdf", *signer, lock_all).ok());
    fill_field(dir.path() / "s.pdf", dir.path() / "filled.pdf");
    const auto report = verify(dir.path() / "filled.pdf", test::trust_context());
    ASSERT_EQ(report.signatures.size(), 1u);
    EXPECT_EQ(report.signatures[0].indication, verify::Indication::total_failed);
    ASSERT_FALSE(report.signatures[0].errors.empty());
    EXPECT_NE(report.signatures[0].errors[0].find("locked"), std::string::npos) << report.signatures[0].errors[0];
}

TEST(PdfFieldLock, WithoutALockAFormFillIsReportedNotFailed) {
    test::TempDir dir;
    const fs::path form = record_with_text_field(dir);
    auto signer = test::p12_signer();
    SignOptions only_other;
    only_other.lock_fields = std::vector<std::string>{"SomeOtherField"};
    ASSERT_TRUE(sign(form, dir.path() / "s.pdf", *signer, only_other).ok());
    fill_field(dir.path() / "s.pdf", dir.path() / "filled.pdf");
    const auto report = verify(dir.path() / "filled.pdf", test::trust_context());
    ASSERT_EQ(report.signatures.size(), 1u);
    EXPECT_EQ(report.signatures[0].indication, verify::Indication::total_passed);
    bool noted = false;
    for (const auto& w : report.signatures[0].warnings)
        noted |= w.find("'ChanDoan' was filled") != std::string::npos;
    EXPECT_TRUE(noted);
}

}  // namespace
}  // namespace kyso::pdf
