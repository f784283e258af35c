#include <kyso/xml/sign.hpp>
#include <kyso/xml/verify.hpp>

#include "support/fixtures.hpp"

#include <gtest/gtest.h>

using namespace kyso;
using verify::Indication;
using verify::SubIndication;

namespace {
std::string signed_sample(const std::string& key = "hospital-rsa") {
    auto signer = test::p12_signer(key);
    auto out = xml::sign(test::sample_claims(), *signer, {});
    EXPECT_TRUE(out);
    return std::string(out->begin(), out->end());
}
verify::SignatureReport only(const std::string& doc, const verify::Context& ctx = test::trust_context()) {
    const auto r = xml::verify(as_bytes(doc), ctx, {});
    EXPECT_FALSE(r.error) << (r.error ? r.error->message : "");
    EXPECT_EQ(r.signatures.size(), 1u);
    return r.signatures.empty() ? verify::SignatureReport{} : r.signatures.front();
}
}  // namespace

TEST(XmlVerify, PassesAndReportsIdentityScopeAndSignedView) {
    const auto s = only(signed_sample());
    EXPECT_EQ(s.indication, Indication::total_passed);
    ASSERT_TRUE(s.signer);
    EXPECT_EQ(s.signer->mst, "0101234567");
    EXPECT_EQ(s.slot, "/GIAMDINHHS/CHUKYDONVI/Signature");
    EXPECT_EQ(s.signed_scope, "the whole document except its enveloped Signature");
    EXPECT_EQ(xml::signed_value(s.signed_view, "/GIAMDINHHS/THONGTINDONVI/MACSKCB"), "99999");
    EXPECT_EQ(s.chain.size(), 3u);
}

TEST(XmlVerify, EcdsaPasses) {
    EXPECT_EQ(only(signed_sample("hospital-ec")).indication, Indication::total_passed);
}

TEST(XmlVerify, ChangedContentIsHashFailure) {
    std::string doc = signed_sample();
    doc.replace(doc.find("<MACSKCB>99999<"), 15, "<MACSKCB>99998<");
    const auto s = only(doc);
    EXPECT_EQ(s.indication, Indication::total_failed);
    EXPECT_EQ(s.sub_indication, SubIndication::hash_failure);
    EXPECT_TRUE(s.signed_view.empty());  // nothing unverified is offered as signed
}

TEST(XmlVerify, ChangedSignatureValueIsSigCryptoFailure) {
    std::string doc = signed_sample();
    const auto at = doc.find("<SignatureValue>") + 20;
    doc[at] = doc[at] == 'A' ? 'B' : 'A';
    const auto s = only(doc);
    EXPECT_EQ(s.indication, Indication::total_failed);
    EXPECT_EQ(s.sub_indication, SubIndication::sig_crypto_failure);
}

TEST(XmlVerify, CommentInsideSignedContentIsFormatFailure) {
    std::string doc = signed_sample();
    doc.replace(doc.find("<MACSKCB>99999<"), 15, "<MACSKCB>999<!-- -->99<");
    const auto s = only(doc);
    EXPECT_EQ(s.indication, Indication::total_failed);
    EXPECT_EQ(s.sub_indication, SubIndication::format_failure);
}

TEST(XmlVerify, SecondSignatureIsFormatFailure) {
    std::string doc = signed_sample();
    const auto b = doc.find("<Signature ");
    const auto e = doc.find("</Signature>") + 12;
    const std::string sig = doc.substr(b, e - b);
    doc.insert(doc.find("</THONGTINDONVI>"), sig);
    const auto r = xml::verify(as_bytes(doc), test::trust_context(), {});
    ASSERT_EQ(r.signatures.size(), 2u);
    for (const auto& s : r.signatures) {
        EXPECT_EQ(s.indication, Indication::total_failed);
        EXPECT_EQ(s.sub_indication, SubIndication::format_failure);
    }
}

TEST(XmlVerify, TrustAndTimeDecideIndeterminate) {
    const std::string doc = signed_sample();
    EXPECT_EQ(only(doc, verify::Context{}).sub_indication, SubIndication::no_certificate_chain_found);
    auto later = test::trust_context();
    later.validation_time = *parse_rfc3339("2041-01-01T00:00:00Z");
    EXPECT_EQ(only(doc, later).indication, Indication::indeterminate);
    EXPECT_EQ(only(doc, later).sub_indication, SubIndication::out_of_bounds_no_poe);
    auto earlier = test::trust_context();
    earlier.validation_time = *parse_rfc3339("2024-06-01T00:00:00Z");
    EXPECT_EQ(only(doc, earlier).indication, Indication::total_failed);
    EXPECT_EQ(only(doc, earlier).sub_indication, SubIndication::not_yet_valid);
    auto anchor_is_intermediate = verify::Context{};
    anchor_is_intermediate.trust_anchors = *keys::Certificate::load_file(test::pki("ca.cert.pem").string());
    EXPECT_EQ(only(doc, anchor_is_intermediate).indication, Indication::total_passed);
}

TEST(XmlVerify, FacilityBindingIsEnforced) {
    const std::string doc = signed_sample();
    auto ctx = test::trust_context();
    ctx.facility_binding["99999"] = {"0109999999"};
    EXPECT_EQ(only(doc, ctx).sub_indication, SubIndication::sig_constraints_failure);
    ctx.facility_binding["99999"] = {"0101234567"};
    EXPECT_EQ(only(doc, ctx).indication, Indication::total_passed);
}

TEST(XmlVerify, UnreadableAndUnsignedAreDocumentErrors) {
    EXPECT_EQ(xml::verify(as_bytes("<GIAMDINHHS>"), {}, {}).error->code, Errc::malformed_xml);
    EXPECT_EQ(xml::verify(test::sample_claims(), {}, {}).error->code, Errc::profile_violation);
    EXPECT_EQ(xml::verify(as_bytes("<OTHER/>"), {}, {}).error->code, Errc::unsupported);
}

TEST(XmlVerify, GenericProfileUsesXmlsec) {
    const std::string doc = signed_sample();
    xml::VerifyOptions o;
    o.profile = xml::ProfileId::generic;
    auto r = xml::verify(as_bytes(doc), test::trust_context(), o);
    ASSERT_FALSE(r.error) << r.error->message;
    ASSERT_EQ(r.signatures.size(), 1u);
    EXPECT_EQ(r.signatures[0].indication, Indication::total_passed)
        << (r.signatures[0].errors.empty() ? "" : r.signatures[0].errors[0]);
    std::string bad = doc;
    bad.replace(bad.find("<MACSKCB>99999<"), 15, "<MACSKCB>99998<");
    r = xml::verify(as_bytes(bad), test::trust_context(), o);
    ASSERT_EQ(r.signatures.size(), 1u);
    EXPECT_EQ(r.signatures[0].indication, Indication::total_failed);
    EXPECT_EQ(r.signatures[0].sub_indication, SubIndication::hash_failure);
}
