// The sibling profiles of spec/claims-xml.md §2 through the library API: KSK's two signatures,
// checkin, catalog (#Id), and the signing refusals.
#include "integration/helpers.hpp"

#include <kyso/xml/profile.hpp>
#include <kyso/xml/sign.hpp>
#include <kyso/xml/verify.hpp>

#include <gtest/gtest.h>

namespace kyso::test {
namespace {

constexpr const char* kNs =
    "xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\" xmlns:xsd=\"http://www.w3.org/2001/XMLSchema\"";
constexpr const char* kFilter2 = "http://www.w3.org/2002/06/xmldsig-filter2";

// A health-check (QĐ 1551) envelope: the claims shape with the two KSK signature slots.
std::string ksk_document() {
    return std::string("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<KHAMSUCKHOE ") + kNs + ">\n" +
           "  <THONGTINDONVI>\n    <MACSKCB>79001</MACSKCB>\n  </THONGTINDONVI>\n"
           "  <THONGTINHOSO>\n"
           "    <NGAYLAP>20250701</NGAYLAP>\n"
           "    <SOLUONGHOSO>1</SOLUONGHOSO>\n"
           "    <DANHSACHHOSO>\n"
           "      <HOSO>\n"
           "        <FILEHOSO>\n"
           "          <LOAIHOSO>KSK</LOAIHOSO>\n"
           "          <NOIDUNGFILE>" +
           base64_encode(as_bytes(
               std::string_view("<?xml version=\"1.0\" "
                                "encoding=\"utf-8\"?>\n<KSK><MA_LK>SYN-KSK-0001</MA_LK><HO_TEN>NGUYỄN VĂN MẪU</HO_TEN>"
                                "<KET_LUAN>Đủ sức khỏe (dữ liệu giả)</KET_LUAN></KSK>"))) +
           "</NOIDUNGFILE>\n"
           "        </FILEHOSO>\n"
           "      </HOSO>\n"
           "    </DANHSACHHOSO>\n"
           "  </THONGTINHOSO>\n"
           "  <CHUKYDONVI>\n"
           "    <CKS_NGUOI_KET_LUAN></CKS_NGUOI_KET_LUAN>\n"
           "    <CKS_BENH_VIEN></CKS_BENH_VIEN>\n"
           "  </CHUKYDONVI>\n"
           "</KHAMSUCKHOE>\n";
}

std::string checkin_document() {
    return std::string("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<CHI_TIEU_TRANG_THAI_KCB ") + kNs + ">\n" +
           "  <DSACH_TRANG_THAI_KCB>\n"
           "    <TRANG_THAI_KCB>\n"
           "      <MA_LK>SYN-20250701-000001</MA_LK>\n"
           "      <MA_BN>SYNBN000001</MA_BN>\n"
           "      <HO_TEN>TRẦN THỊ MẪU</HO_TEN>\n"
           "      <MA_CSKCB>99999</MA_CSKCB>\n"
           "      <NGAY_VAO>202507010800</NGAY_VAO>\n"
           "      <TRANG_THAI>1</TRANG_THAI>\n"
           "    </TRANG_THAI_KCB>\n"
           "  </DSACH_TRANG_THAI_KCB>\n"
           "  <CHUKYDONVI/>\n"
           "</CHI_TIEU_TRANG_THAI_KCB>\n";
}

// HSDANHMUC; list_attrs goes into the DANHSACH_THUOC start tag, row_attrs into the first row's.
std::string catalog_document(const std::string& list_attrs, const std::string& row_attrs = {}) {
    return std::string("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<HSDANHMUC ") + kNs + ">\n" +
           "  <THONGTINDONVI>\n    <MACSKCB>99999</MACSKCB>\n  </THONGTINDONVI>\n"
           "  <DANHSACH_THUOC" +
           list_attrs +
           ">\n"
           "    <THUOC" +
           row_attrs +
           ">\n      <MA_THUOC>SYN.40.001</MA_THUOC>\n      <TEN_THUOC>Thuốc mẫu A</TEN_THUOC>\n"
           "      <DON_GIA>500</DON_GIA>\n    </THUOC>\n"
           "    <THUOC>\n      <MA_THUOC>SYN.40.002</MA_THUOC>\n      <TEN_THUOC>Thuốc mẫu B</TEN_THUOC>\n"
           "      <DON_GIA>1200</DON_GIA>\n    </THUOC>\n"
           "  </DANHSACH_THUOC>\n"
           "  <CHUKYDONVI></CHUKYDONVI>\n"
           "</HSDANHMUC>\n";
}

Bytes bytes_of(const std::string& s) {
    return Bytes(s.begin(), s.end());
}
std::string text_of(const Bytes& b) {
    return std::string(b.begin(), b.end());
}

// The text of the n-th <Signature ...>...</Signature> in a document.
std::string signature_text(const std::string& doc, std::size_t n) {
    std::size_t pos = 0;
    for (std::size_t i = 0;; ++i) {
        pos = doc.find("<Signature ", pos);
        if (pos == std::string::npos) return {};
        const std::size_t end = doc.find("</Signature>", pos);
        if (end == std::string::npos) return {};
        if (i == n) return doc.substr(pos, end + 12 - pos);
        pos = end;
    }
}

Errc sign_error(const std::string& doc, xml::SignOptions options = {}) {
    auto signer = p12_signer("hospital-rsa");
    auto r = xml::sign(bytes_of(doc), *signer, options);
    return r ? Errc::ok : r.error().code;
}

// xmlsec1 --verify of the one Signature selected by an XPath; returns its exit status and output.
int xmlsec_verify(const fs::path& file, const std::string& xpath, std::string* out) {
    return run("xmlsec1 --verify --trusted-pem " + sh(pki("root.cert.pem")) + " --untrusted-pem " +
                   sh(pki("ca.cert.pem")) + " --node-xpath " + sh(std::string_view(xpath)) + " " + sh(file) + " 2>&1",
               out);
}

// 13. KSK: the doctor signs, then the hospital; both verify, the hospital's is a countersignature.
TEST(Profiles, KskDoctorThenHospital) {
    auto doctor = p12_signer("doctor-rsa");
    auto hospital = p12_signer("hospital-rsa");
    const Bytes input = bytes_of(ksk_document());

    auto prepared_doctor = xml::prepare(input, *doctor, {});
    ASSERT_TRUE(prepared_doctor.ok()) << prepared_doctor.error().message;
    EXPECT_EQ(prepared_doctor->profile(), xml::ProfileId::ksk_doctor);
    auto by_doctor = xml::sign(input, *doctor, {});
    ASSERT_TRUE(by_doctor.ok()) << by_doctor.error().message;
    {
        const auto r = xml::verify(*by_doctor, trust_context(), {});
        EXPECT_EQ(r.profile, "ksk-doctor");
        EXPECT_EQ(verdicts(r), "TOTAL_PASSED");
    }

    auto prepared_hospital = xml::prepare(*by_doctor, *hospital, {});
    ASSERT_TRUE(prepared_hospital.ok()) << prepared_hospital.error().message;
    EXPECT_EQ(prepared_hospital->profile(), xml::ProfileId::ksk_hospital);
    auto both = xml::sign(*by_doctor, *hospital, {});
    ASSERT_TRUE(both.ok()) << both.error().message;
    const std::string text = text_of(*both);

    // Placement: the doctor's Signature in CKS_NGUOI_KET_LUAN, the hospital's in CKS_BENH_VIEN, and
    // the doctor's signed bytes are untouched by the second signing.
    const std::string doctor_sig = signature_text(text, 0), hospital_sig = signature_text(text, 1);
    ASSERT_FALSE(doctor_sig.empty());
    ASSERT_FALSE(hospital_sig.empty());
    EXPECT_TRUE(signature_text(text, 2).empty()) << "more than two signatures";
    EXPECT_NE(text.find("<CKS_NGUOI_KET_LUAN>" + doctor_sig + "</CKS_NGUOI_KET_LUAN>"), std::string::npos);
    EXPECT_NE(text.find("<CKS_BENH_VIEN>" + hospital_sig + "</CKS_BENH_VIEN>"), std::string::npos);
    EXPECT_NE(text_of(*by_doctor).find(doctor_sig), std::string::npos);

    // The doctor's Reference: URI="", enveloped, then XPath Filter 2.0 subtract of the hospital slot.
    EXPECT_NE(doctor_sig.find("<Reference URI=\"\">"), std::string::npos) << doctor_sig;
    EXPECT_NE(doctor_sig.find("<Transform Algorithm=\"http://www.w3.org/2000/09/xmldsig#enveloped-signature\" />"
                              "<Transform Algorithm=\"" +
                              std::string(kFilter2) + "\">"),
              std::string::npos)
        << doctor_sig;
    EXPECT_NE(doctor_sig.find("Filter=\"subtract\">/KHAMSUCKHOE/CHUKYDONVI/CKS_BENH_VIEN</XPath>"), std::string::npos)
        << doctor_sig;
    // The hospital's is plain enveloped (covers the doctor's signature too).
    EXPECT_EQ(hospital_sig.find(kFilter2), std::string::npos) << hospital_sig;
    EXPECT_NE(hospital_sig.find("<Reference URI=\"\">"), std::string::npos) << hospital_sig;

    const auto report = xml::verify(*both, trust_context(), {});
    EXPECT_EQ(report.profile, "ksk-hospital");
    ASSERT_FALSE(report.error) << report.error->message;
    ASSERT_EQ(report.signatures.size(), 2u) << verdicts(report);
    EXPECT_EQ(verdicts(report), "TOTAL_PASSED,TOTAL_PASSED");
    std::set<std::string> slots, subjects;
    for (const auto& s : report.signatures) {
        slots.insert(s.slot);
        if (s.signer) subjects.insert(s.signer->subject);
    }
    EXPECT_EQ(slots, (std::set<std::string>{"/KHAMSUCKHOE/CHUKYDONVI/CKS_NGUOI_KET_LUAN/Signature",
                                            "/KHAMSUCKHOE/CHUKYDONVI/CKS_BENH_VIEN/Signature"}));
    EXPECT_EQ(subjects, (std::set<std::string>{doctor->certificate().subject(), hospital->certificate().subject()}));

    // One byte of MACSKCB changed: both signatures break on the digest.
    std::string tampered = text;
    const auto at = tampered.find("<MACSKCB>79001</MACSKCB>");
    ASSERT_NE(at, std::string::npos);
    tampered[at + std::string("<MACSKCB>7900").size()] = '2';
    const auto bad = xml::verify(bytes_of(tampered), trust_context(), {});
    ASSERT_EQ(bad.signatures.size(), 2u) << verdicts(bad);
    for (const auto& s : bad.signatures) {
        EXPECT_EQ(s.indication, verify::Indication::total_failed) << s.slot;
        EXPECT_EQ(s.sub_indication, verify::SubIndication::hash_failure) << s.slot;
    }

    // An independent implementation: xmlsec1 verifies each signature on its own.
    TempDir dir;
    write(dir / "ksk.xml", *both);
    write(dir / "ksk-tampered.xml", as_bytes(tampered));
    const std::string doctor_xpath = "/KHAMSUCKHOE/CHUKYDONVI/CKS_NGUOI_KET_LUAN/*[local-name()='Signature']";
    const std::string hospital_xpath = "/KHAMSUCKHOE/CHUKYDONVI/CKS_BENH_VIEN/*[local-name()='Signature']";
    std::string out;
    EXPECT_EQ(xmlsec_verify(dir / "ksk.xml", doctor_xpath, &out), 0) << out;
    EXPECT_NE(out.find("OK"), std::string::npos) << out;
    EXPECT_EQ(xmlsec_verify(dir / "ksk.xml", hospital_xpath, &out), 0) << out;
    EXPECT_NE(out.find("OK"), std::string::npos) << out;
    EXPECT_NE(xmlsec_verify(dir / "ksk-tampered.xml", doctor_xpath, &out), 0) << out;
    EXPECT_NE(xmlsec_verify(dir / "ksk-tampered.xml", hospital_xpath, &out), 0) << out;

    // A third signing has no slot left.
    auto third = xml::sign(*both, *hospital, {});
    ASSERT_FALSE(third.ok());
    EXPECT_EQ(third.error().code, Errc::already_signed) << third.error().message;
}

// 14a. checkin (XML0): URI="" in CHUKYDONVI after the list.
TEST(Profiles, CheckinSignsAndVerifies) {
    auto signer = p12_signer("hospital-rsa");
    const Bytes input = bytes_of(checkin_document());
    auto prepared = xml::prepare(input, *signer, {});
    ASSERT_TRUE(prepared.ok()) << prepared.error().message;
    EXPECT_EQ(prepared->profile(), xml::ProfileId::checkin);
    auto out = xml::sign(input, *signer, {});
    ASSERT_TRUE(out.ok()) << out.error().message;
    const std::string text = text_of(*out);
    EXPECT_NE(
        text.find("</DSACH_TRANG_THAI_KCB>\n  <CHUKYDONVI><Signature xmlns=\"http://www.w3.org/2000/09/xmldsig#\">"),
        std::string::npos)
        << text;
    EXPECT_NE(text.find("<Reference URI=\"\">"), std::string::npos);
    const auto report = xml::verify(*out, trust_context(), {});
    EXPECT_EQ(report.profile, "checkin");
    EXPECT_EQ(verdicts(report), "TOTAL_PASSED");
    ASSERT_EQ(report.signatures.size(), 1u);
    EXPECT_EQ(report.signatures[0].slot, "/CHI_TIEU_TRANG_THAI_KCB/CHUKYDONVI/Signature");
}

// 14b. catalog: Reference URI="#DM01"; a missing or duplicated Id is refused.
TEST(Profiles, CatalogSignsTheIdElement) {
    auto signer = p12_signer("hospital-rsa");
    const Bytes input = bytes_of(catalog_document(" Id=\"DM01\""));
    auto prepared = xml::prepare(input, *signer, {});
    ASSERT_TRUE(prepared.ok()) << prepared.error().message;
    EXPECT_EQ(prepared->profile(), xml::ProfileId::catalog);
    auto out = xml::sign(input, *signer, {});
    ASSERT_TRUE(out.ok()) << out.error().message;
    const std::string text = text_of(*out);
    EXPECT_NE(text.find("<Reference URI=\"#DM01\">"), std::string::npos) << text;
    EXPECT_NE(text.find("<CHUKYDONVI><Signature xmlns=\"http://www.w3.org/2000/09/xmldsig#\">"), std::string::npos);
    const auto report = xml::verify(*out, trust_context(), {});
    EXPECT_EQ(report.profile, "catalog");
    EXPECT_EQ(verdicts(report), "TOTAL_PASSED");

    // A change inside the referenced element breaks the digest.
    std::string tampered = text;
    const auto at = tampered.find("<DON_GIA>1200</DON_GIA>");
    ASSERT_NE(at, std::string::npos);
    tampered[at + 9] = '9';
    const auto bad = xml::verify(bytes_of(tampered), trust_context(), {});
    ASSERT_EQ(bad.signatures.size(), 1u) << verdicts(bad);
    EXPECT_EQ(bad.signatures[0].sub_indication, verify::SubIndication::hash_failure) << verdicts(bad);
}

TEST(Profiles, CatalogWithoutIdIsProfileViolation) {
    EXPECT_EQ(sign_error(catalog_document("")), Errc::profile_violation);
    EXPECT_EQ(sign_error(catalog_document(" Id=\"\"")), Errc::profile_violation);
}

TEST(Profiles, CatalogWithDuplicatedIdIsProfileViolation) {
    EXPECT_EQ(sign_error(catalog_document(" Id=\"DM01\"", " Id=\"DM01\"")), Errc::profile_violation);
    // The Id element itself is fine when its Id is unique.
    EXPECT_EQ(sign_error(catalog_document(" Id=\"DM01\"", " Id=\"ROW01\"")), Errc::ok);
}

// 15. Signing refusals.
TEST(Profiles, SigningRefusals) {
    auto signer = p12_signer("hospital-rsa");
    auto once = xml::sign(sample_claims(), *signer, {});
    ASSERT_TRUE(once.ok()) << once.error().message;
    auto twice = xml::sign(*once, *signer, {});
    ASSERT_FALSE(twice.ok());
    EXPECT_EQ(twice.error().code, Errc::already_signed) << twice.error().message;

    const std::string unknown =
        "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<HOSOKHAC>\n  <A>1</A>\n  <CHUKYDONVI/>\n</HOSOKHAC>\n";
    EXPECT_EQ(sign_error(unknown), Errc::unsupported);

    xml::SignOptions generic;
    generic.profile = xml::ProfileId::generic;
    EXPECT_EQ(sign_error(text_of(sample_claims()), generic), Errc::usage);
    EXPECT_EQ(sign_error(unknown, generic), Errc::usage);
}

}  // namespace
}  // namespace kyso::test
