#include <kyso/xml/sign.hpp>
#include <kyso/xml/verify.hpp>

#include "support/fixtures.hpp"

#include <gtest/gtest.h>

using namespace kyso;

namespace {
std::string str(const Bytes& b) {
    return std::string(b.begin(), b.end());
}

// The output with the inserted Signature element cut out again.
std::string without_signature(const std::string& out) {
    const auto begin = out.find("<Signature xmlns=\"http://www.w3.org/2000/09/xmldsig#\">");
    const auto end = out.find("</Signature>");
    EXPECT_NE(begin, std::string::npos);
    EXPECT_NE(end, std::string::npos);
    return out.substr(0, begin) + out.substr(end + 12);
}
}  // namespace

TEST(XmlSign, SplicesIntoTheOriginalBytes) {
    auto signer = test::p12_signer();
    const Bytes input = test::sample_claims();
    auto out = xml::sign(input, *signer, {});
    ASSERT_TRUE(out) << out.error().message;
    EXPECT_EQ(without_signature(str(*out)), str(input));  // every byte outside the Signature is identical
    EXPECT_NE(str(*out).find("<CHUKYDONVI><Signature xmlns="), std::string::npos);
}

TEST(XmlSign, SelfClosingSlotBecomesAnElementPair) {
    auto signer = test::p12_signer();
    std::string input = str(test::sample_claims());
    const auto at = input.find("<CHUKYDONVI></CHUKYDONVI>");
    ASSERT_NE(at, std::string::npos);
    input.replace(at, 25, "<CHUKYDONVI/>");
    auto out = xml::sign(as_bytes(input), *signer, {});
    ASSERT_TRUE(out) << out.error().message;
    std::string expected = input;
    expected.replace(at, 13, "<CHUKYDONVI></CHUKYDONVI>");
    EXPECT_EQ(without_signature(str(*out)), expected);
    const auto report = xml::verify(*out, test::trust_context(), {});
    ASSERT_EQ(report.signatures.size(), 1u);
    EXPECT_EQ(report.signatures[0].indication, verify::Indication::total_passed);
}

TEST(XmlSign, KeepsBomDeclarationAndLineEndings) {
    auto signer = test::p12_signer();
    std::string input = "\xEF\xBB\xBF" + str(test::sample_claims());
    for (std::size_t p = 0; (p = input.find('\n', p)) != std::string::npos; p += 2)
        input.replace(p, 1, "\r\n");
    auto out = xml::sign(as_bytes(input), *signer, {});
    ASSERT_TRUE(out) << out.error().message;
    EXPECT_EQ(without_signature(str(*out)), input);
    const auto report = xml::verify(*out, test::trust_context(), {});
    EXPECT_EQ(report.signatures.at(0).indication, verify::Indication::total_passed);
}

TEST(XmlSign, SignedInfoIsTheDotNetShape) {
    auto signer = test::p12_signer();
    auto out = xml::sign(test::sample_claims(), *signer, {});
    ASSERT_TRUE(out);
    const std::string s = str(*out);
    EXPECT_NE(s.find("<CanonicalizationMethod Algorithm=\"http://www.w3.org/TR/2001/REC-xml-c14n-20010315\" />"),
              std::string::npos);
    EXPECT_NE(s.find("<SignatureMethod Algorithm=\"http://www.w3.org/2001/04/xmldsig-more#rsa-sha256\" />"),
              std::string::npos);
    EXPECT_NE(s.find("<Reference URI=\"\"><Transforms><Transform "
                     "Algorithm=\"http://www.w3.org/2000/09/xmldsig#enveloped-signature\" /></Transforms>"
                     "<DigestMethod Algorithm=\"http://www.w3.org/2001/04/xmlenc#sha256\" />"),
              std::string::npos);
    EXPECT_NE(s.find("<KeyInfo><X509Data><X509Certificate>"), std::string::npos);
}

TEST(XmlSign, RefusesWhatTheProfileCannotSign) {
    auto signer = test::p12_signer();
    auto once = xml::sign(test::sample_claims(), *signer, {});
    ASSERT_TRUE(once);
    EXPECT_EQ(xml::sign(*once, *signer, {}).error().code, Errc::already_signed);
    EXPECT_EQ(xml::sign(as_bytes("<OTHER/>"), *signer, {}).error().code, Errc::unsupported);
    EXPECT_EQ(xml::sign(as_bytes("<GIAMDINHHS><THONGTINDONVI/></GIAMDINHHS>"), *signer, {}).error().code,
              Errc::profile_violation);
    EXPECT_EQ(xml::sign(as_bytes("<GIAMDINHHS><!-- x --><CHUKYDONVI/></GIAMDINHHS>"), *signer, {}).error().code,
              Errc::profile_violation);
    EXPECT_EQ(xml::sign(as_bytes("<GIAMDINHHS><CHUKYDONVI/>"), *signer, {}).error().code, Errc::malformed_xml);
    xml::SignOptions generic;
    generic.profile = xml::ProfileId::generic;
    EXPECT_EQ(xml::sign(test::sample_claims(), *signer, generic).error().code, Errc::usage);
}

TEST(XmlSign, PreparedSignatureRecognisesItsOutput) {
    auto signer = test::p12_signer();
    const Bytes input = test::sample_claims();
    auto prepared = xml::prepare(input, *signer, {});
    ASSERT_TRUE(prepared);
    const Bytes d = prepared->data_to_sign_digest();
    auto sig = signer->sign_digests(prepared->digest_algorithm(), std::span<const Bytes>(&d, 1));
    ASSERT_TRUE(sig);
    auto out = prepared->finish(sig->front());
    ASSERT_TRUE(out);
    EXPECT_TRUE(prepared->is_spliced_output(*out));
    Bytes other = *out;
    other[10] ^= 1;
    EXPECT_FALSE(prepared->is_spliced_output(other));
    EXPECT_FALSE(prepared->is_spliced_output(input));
}

TEST(XmlSign, SignedInfoContextCarriesNamespacesAndXmlAttributes) {
    // The canonical SignedInfo is computed in a rebuilt context; verification recomputes it in the
    // document itself, so any difference in namespaces or inherited xml:* attributes fails here.
    auto signer = test::p12_signer();
    const std::string doc =
        "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n"
        "<GIAMDINHHS xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\" xml:lang=\"vi\" "
        "xmlns:a=\"urn:a?x=1&amp;y=2\" xml:space=\"preserve\">\n"
        "  <THONGTINDONVI><MACSKCB>79001</MACSKCB></THONGTINDONVI>\n"
        "  <CHUKYDONVI xmlns:z=\"urn:z\" xml:lang=\"en\" xmlns:a=\"urn:a2\"></CHUKYDONVI>\n</GIAMDINHHS>\n";
    auto out = xml::sign(as_bytes(doc), *signer, {});
    ASSERT_TRUE(out) << out.error().message;
    const auto report = xml::verify(*out, test::trust_context(), {});
    ASSERT_EQ(report.signatures.size(), 1u);
    EXPECT_EQ(report.signatures[0].indication, verify::Indication::total_passed)
        << (report.signatures[0].errors.empty() ? "" : report.signatures[0].errors[0]);
}

TEST(XmlSign, IdValuesAreEscapedInTheReference) {
    auto signer = test::p12_signer();
    const std::string doc =
        "<HSDANHMUC><DANHSACH_THUOC Id=\"DM&amp;&quot;1\"><THUOC>x</THUOC></DANHSACH_THUOC><CHUKYDONVI/></HSDANHMUC>";
    auto out = xml::sign(as_bytes(doc), *signer, {});
    ASSERT_TRUE(out) << out.error().message;
    EXPECT_NE(std::string(out->begin(), out->end()).find("URI=\"#DM&amp;&quot;1\""), std::string::npos);
    const auto report = xml::verify(*out, test::trust_context(), {});
    ASSERT_FALSE(report.error) << report.error->message;
    EXPECT_EQ(report.signatures.at(0).indication, verify::Indication::total_passed);
}
