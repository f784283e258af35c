// A patient's confirmation without a certificate (lib/pdf/confirm.cpp).
#include "support/fixtures.hpp"

#include <kyso/pdf/confirm.hpp>
#include <kyso/pdf/verify.hpp>

#include <gtest/gtest.h>

namespace kyso::pdf {
namespace {

namespace fs = std::filesystem;

TEST(PdfConfirm, IsAStampNeverASignatureAndKeepsEarlierSignaturesValid) {
    test::TempDir dir;
    auto signer = test::p12_signer("doctor-rsa");
    const fs::path sample = fs::path(KYSO_SAMPLES_DIR) / "record-sample.pdf";
    ASSERT_TRUE(sign(sample, dir.path() / "s.pdf", *signer, SignOptions{}).ok());
    ConfirmationOptions o;
    o.placement = Placement{1, 40, 150, 260, 70};
    o.person = "Nguyễn Văn An";
    o.relation = "Người bệnh";
    o.method = "Ký tay trên máy tính bảng";
    ASSERT_TRUE(add_confirmation(dir.path() / "s.pdf", dir.path() / "c.pdf", o).ok());

    const Bytes b = test::read(dir.path() / "c.pdf");
    const std::string text(b.begin(), b.end());
    EXPECT_NE(text.find("/Subtype /Stamp"), std::string::npos);
    const Bytes before = test::read(dir.path() / "s.pdf");
    const std::string signed_text(before.begin(), before.end());
    const auto count = [](const std::string& s, const std::string& what) {
        std::size_t n = 0;
        for (auto at = s.find(what); at != std::string::npos; at = s.find(what, at + 1))
            ++n;
        return n;
    };
    EXPECT_EQ(count(text, "/FT /Sig"), count(signed_text, "/FT /Sig")) << "no signature field may be added";
    std::string shown;
    ASSERT_EQ(test::run("pdftotext -f 1 -l 1 '" + (dir.path() / "c.pdf").string() + "' -", &shown), 0);
    EXPECT_NE(shown.find("XÁC NHẬN CỦA NGƯỜI BỆNH — không phải chữ ký số"), std::string::npos) << shown;
    EXPECT_NE(shown.find("Người xác nhận: Nguyễn Văn An"), std::string::npos);

    const auto report = verify(dir.path() / "c.pdf", test::trust_context());
    ASSERT_EQ(report.signatures.size(), 1u) << "a confirmation is not counted as a signature";
    EXPECT_EQ(report.signatures[0].indication, verify::Indication::total_passed);
    bool warned = false;
    for (const auto& w : report.signatures[0].warnings)
        warned |= w.find("/Stamp annotation") != std::string::npos;
    EXPECT_TRUE(warned);
}

TEST(PdfConfirm, NeedsAPersonAndAPlace) {
    test::TempDir dir;
    ConfirmationOptions o;
    o.placement = Placement{1, 0, 0, 100, 50};
    auto r = add_confirmation(fs::path(KYSO_SAMPLES_DIR) / "record-sample.pdf", dir.path() / "c.pdf", o);
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.error().code, Errc::usage);
    EXPECT_FALSE(fs::exists(dir.path() / "c.pdf"));
}

}  // namespace
}  // namespace kyso::pdf
