// The dated algorithm policy as the verifiers apply it (lib/verify/crypto_constraints.cpp, used by
// lib/xml/verify.cpp, lib/xml/generic_verify.cpp and lib/pdf/verify.cpp): SHA-1 and RSA-1024
// signatures, a SHA-1-signed CA certificate, and proof of existence before a sunset.
// Weak certificates come from the openssl CLI and SHA-1 signatures from xmlsec1 and `openssl cms`,
// never from kyso's own signing code.
#include "support/fixtures.hpp"
#include "support/services.hpp"

#include <kyso/pdf/sign.hpp>
#include <kyso/pdf/verify.hpp>
#include <kyso/trust/timestamp.hpp>
#include <kyso/verify/algorithm_policy.hpp>
#include <kyso/xml/sign.hpp>
#include <kyso/xml/verify.hpp>

#include <gtest/gtest.h>
#include <openssl/evp.h>

#include <algorithm>
#include <stdexcept>

namespace kyso::test {
namespace {

using verify::Indication;
using verify::SignatureReport;
using verify::SubIndication;

std::string q(const fs::path& p) {
    return "'" + p.string() + "'";
}

void must(const std::string& command) {
    std::string out;
    if (run(command + " 2>&1", &out) != 0) throw std::runtime_error(command + " failed:\n" + out);
}

// Certificates the shared test PKI does not have, made with the openssl CLI once per process:
//   rsa1024.{key,cert}.pem, rsa1024.p12   an RSA-1024 signer issued by the test issuing CA
//   weakca.cert.pem                       "SHA-1 Issuing CA": RSA-2048, signed by the test root with SHA-1
//   underweak.{key,cert}.pem, underweak.p12  an RSA-2048 signer issued by it (SHA-256)
struct WeakPki {
    TempDir dir;
    WeakPki() {
        const fs::path d = dir.path();
        std::string ext =
            "[leaf]\nbasicConstraints = critical, CA:false\n"
            "keyUsage = critical, digitalSignature, nonRepudiation\n"
            "[ca]\nbasicConstraints = critical, CA:true, pathlen:0\n"
            "keyUsage = critical, keyCertSign, cRLSign\n";
        write(d / "ext.cnf", as_bytes(ext));
        const auto issue = [&](const std::string& name, int bits, const std::string& subject, const std::string& ca,
                               const std::string& md, const std::string& section, int serial) {
            must("openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:" + std::to_string(bits) + " -out " +
                 q(d / (name + ".key.pem")));
            must("openssl req -new -key " + q(d / (name + ".key.pem")) + " -subj '" + subject + "' -out " +
                 q(d / (name + ".csr")));
            must("openssl x509 -req -in " + q(d / (name + ".csr")) + " -CA " + q(ca + ".cert.pem") + " -CAkey " +
                 q(ca + ".key.pem") + " -set_serial " + std::to_string(serial) + " -days 5000 -" + md + " -extfile " +
                 q(d / "ext.cnf") + " -extensions " + section + " -out " + q(d / (name + ".cert.pem")));
        };
        issue("rsa1024", 1024, "/CN=RSA-1024 Signer", (pki_dir() / "ca").string(), "sha256", "leaf", 7001);
        issue("weakca", 2048, "/CN=SHA-1 Issuing CA", (pki_dir() / "root").string(), "sha1", "ca", 7002);
        issue("underweak", 2048, "/CN=Signer under the SHA-1 CA", (d / "weakca").string(), "sha256", "leaf", 7003);
        for (const auto& [name, issuer] :
             {std::pair<std::string, fs::path>{"rsa1024", pki("ca.cert.pem")}, {"underweak", d / "weakca.cert.pem"}})
            must("openssl pkcs12 -export -name " + name + " -inkey " + q(d / (name + ".key.pem")) + " -in " +
                 q(d / (name + ".cert.pem")) + " -certfile " + q(issuer) + " -passout pass:kyso-test -out " +
                 q(d / (name + ".p12")));
    }
    std::unique_ptr<keys::Signer> signer(const std::string& name) const {
        keys::OpenOptions o;
        o.passphrase_spec = kP12Pass;
        auto s = keys::open_signer("p12:" + (dir / (name + ".p12")).string(), o);
        if (!s) throw std::runtime_error(s.error().message);
        return std::move(*s);
    }
};

const WeakPki& weak() {
    static const WeakPki pki;
    return pki;
}

// The claims sample signed by xmlsec1 (not kyso) with the given SignatureMethod and DigestMethod.
std::string xmlsec_signed(const std::string& signature_method, const std::string& digest_method,
                          const std::string& key = "hospital-rsa") {
    TempDir dir;
    std::string doc = read_text(fs::path(KYSO_SAMPLES_DIR) / "claims-4750-sample.xml");
    const std::string slot = "<CHUKYDONVI></CHUKYDONVI>";
    const auto at = doc.find(slot);
    if (at == std::string::npos) throw std::runtime_error("the sample has no empty CHUKYDONVI");
    doc.replace(at, slot.size(),
                "<CHUKYDONVI><Signature xmlns=\"http://www.w3.org/2000/09/xmldsig#\"><SignedInfo>"
                "<CanonicalizationMethod Algorithm=\"http://www.w3.org/TR/2001/REC-xml-c14n-20010315\"/>"
                "<SignatureMethod Algorithm=\"" +
                    signature_method +
                    "\"/><Reference URI=\"\"><Transforms>"
                    "<Transform Algorithm=\"http://www.w3.org/2000/09/xmldsig#enveloped-signature\"/></Transforms>"
                    "<DigestMethod Algorithm=\"" +
                    digest_method +
                    "\"/><DigestValue/></Reference></SignedInfo><SignatureValue/>"
                    "<KeyInfo><X509Data><X509Certificate/></X509Data></KeyInfo></Signature></CHUKYDONVI>");
    write(dir / "tmpl.xml", as_bytes(doc));
    must("xmlsec1 --sign --privkey-pem " + pki(key + ".key.pem").string() + "," + pki(key + ".cert.pem").string() +
         " --output " + q(dir / "out.xml") + " " + q(dir / "tmpl.xml"));
    return read_text(dir / "out.xml");
}

Bytes sha256(const std::string& data) {
    Bytes out(EVP_MAX_MD_SIZE);
    unsigned int n = 0;
    if (EVP_Digest(data.data(), data.size(), out.data(), &n, EVP_sha256(), nullptr) != 1)
        throw std::runtime_error("SHA-256 failed");
    out.resize(n);
    return out;
}

constexpr const char* kRsaSha1 = "http://www.w3.org/2000/09/xmldsig#rsa-sha1";
constexpr const char* kRsaSha256 = "http://www.w3.org/2001/04/xmldsig-more#rsa-sha256";
constexpr const char* kSha1 = "http://www.w3.org/2000/09/xmldsig#sha1";
constexpr const char* kSha256 = "http://www.w3.org/2001/04/xmlenc#sha256";

SignatureReport xml_only(const std::string& doc, const verify::Context& ctx, const xml::VerifyOptions& o = {}) {
    const auto r = xml::verify(as_bytes(doc), ctx, o);
    EXPECT_FALSE(r.error) << (r.error ? r.error->message : "");
    EXPECT_EQ(r.signatures.size(), 1u);
    return r.signatures.empty() ? SignatureReport{} : r.signatures.front();
}

SignatureReport pdf_only(const fs::path& file, const verify::Context& ctx) {
    const auto r = pdf::verify(file, ctx);
    EXPECT_FALSE(r.error) << (r.error ? r.error->message : "");
    EXPECT_EQ(r.signatures.size(), 1u);
    return r.signatures.empty() ? SignatureReport{} : r.signatures.front();
}

// True when one of `lines` contains `fragment`; the lines are printed when not.
::testing::AssertionResult has(const std::vector<std::string>& lines, const std::string& fragment) {
    for (const auto& l : lines)
        if (l.find(fragment) != std::string::npos) return ::testing::AssertionSuccess();
    std::string all;
    for (const auto& l : lines)
        all += "\n  " + l;
    return ::testing::AssertionFailure() << "no line contains '" << fragment << "' in:" << all;
}

verify::Context at(const std::string& rfc3339, verify::Context ctx = trust_context()) {
    ctx.validation_time = *parse_rfc3339(rfc3339);
    return ctx;
}

// A policy like the built-in one where SHA-1 and RSA from 1024 bits stay trusted until `sunset`.
std::shared_ptr<const verify::AlgorithmPolicy> policy_with_sunset(const std::string& sunset) {
    const std::string text = R"({
      "format": "kyso-algorithm-policy/1", "name": "test-sunset", "version": ")" +
                             sunset + R"(",
      "sources": {"test": "crypto_constraints_test.cpp"},
      "digests": [
        {"algorithm": "SHA-1", "not_trusted_after": ")" +
                             sunset + R"(", "source": ["test"]},
        {"algorithm": "SHA-256", "not_trusted_after": null, "source": ["test"]}
      ],
      "signature_keys": [
        {"algorithm": "RSA", "min_bits": 1024, "not_trusted_after": ")" +
                             sunset + R"(", "source": ["test"]},
        {"algorithm": "RSA", "min_bits": 1900, "not_trusted_after": null, "source": ["test"]},
        {"algorithm": "ECDSA", "curve": "P-256", "not_trusted_after": null, "source": ["test"]}
      ]
    })";
    auto p = verify::AlgorithmPolicy::parse(text, "test policy");
    if (!p) throw std::runtime_error(p.error().message);
    return *p;
}

// The ByteRange of a PDF's only signature, and the offsets of its /Contents hex digits.
struct Gap {
    std::size_t b = 0, gap_end = 0, tail = 0;
};
Gap byte_range(const std::string& pdf) {
    const auto at = pdf.rfind("/ByteRange");
    Gap g;
    std::size_t a = 0;
    if (at == std::string::npos ||
        std::sscanf(pdf.c_str() + at, "/ByteRange [%zu %zu %zu %zu]", &a, &g.b, &g.gap_end, &g.tail) != 4)
        throw std::runtime_error("no /ByteRange [a b c d] in the signed PDF");
    return g;
}

// Replaces the CMS of a kyso-signed PDF with one made by `openssl cms -sign -md MD` over the same
// ByteRange (the placeholder and the signed bytes stay; only the signature changes hands).
fs::path resigned_by_openssl(const fs::path& signed_pdf, const std::string& md, const fs::path& dir) {
    std::string pdf = read_text(signed_pdf);
    const Gap g = byte_range(pdf);
    write(dir / "content.bin", as_bytes(pdf.substr(0, g.b) + pdf.substr(g.gap_end, g.tail)));
    must("openssl cms -sign -binary -nosmimecap -md " + md + " -outform DER -in " + q(dir / "content.bin") +
         " -signer " + q(pki("hospital-rsa.cert.pem")) + " -inkey " + q(pki("hospital-rsa.key.pem")) + " -certfile " +
         q(pki("ca.cert.pem")) + " -out " + q(dir / "cms.der"));
    const Bytes cms = read(dir / "cms.der");
    std::string hex;
    static const char* digits = "0123456789abcdef";
    for (const auto byte : cms) {
        hex += digits[byte >> 4];
        hex += digits[byte & 15];
    }
    const std::size_t room = g.gap_end - g.b - 2;  // between '<' and '>'
    if (hex.size() > room) throw std::runtime_error("the openssl CMS does not fit the placeholder");
    hex.append(room - hex.size(), '0');
    pdf.replace(g.b + 1, room, hex);
    const fs::path out = dir / ("resigned-" + md + ".pdf");
    write(out, as_bytes(pdf));
    return out;
}

TEST(CryptoConstraints, XmlRsaSha1IsNoPoeWithTheSunsetDate) {
    const std::string doc = xmlsec_signed(kRsaSha1, kSha256);
    const auto s = xml_only(doc, trust_context());
    EXPECT_EQ(s.indication, Indication::indeterminate);
    EXPECT_EQ(s.sub_indication, SubIndication::crypto_constraints_failure_no_poe);
    EXPECT_TRUE(has(s.errors,
                    "SHA-1 (the SignatureMethod digest) is not trusted after 2012-07-31 under policy "
                    "kyso-default 2026.11, and no proof of existence before that date exists"));
    EXPECT_EQ(s.signature_algorithm, "RSA-SHA1");
    // Signed correctly, so the signature itself was checked: no crypto or hash failure hides behind it.
    EXPECT_FALSE(has(s.errors, "does not verify"));
}

TEST(CryptoConstraints, XmlSha1ReferenceDigestIsNoPoeInBothProfiles) {
    const std::string doc = xmlsec_signed(kRsaSha256, kSha1);
    auto s = xml_only(doc, trust_context());
    EXPECT_EQ(s.indication, Indication::indeterminate);
    EXPECT_EQ(s.sub_indication, SubIndication::crypto_constraints_failure_no_poe);
    EXPECT_TRUE(has(s.errors,
                    "SHA-1 (the Reference digest) is not trusted after 2012-07-31 under policy "
                    "kyso-default 2026.11"));
    xml::VerifyOptions generic;
    generic.profile = xml::ProfileId::generic;
    s = xml_only(doc, trust_context(), generic);
    EXPECT_EQ(s.sub_indication, SubIndication::crypto_constraints_failure_no_poe);
    EXPECT_TRUE(has(s.errors, "SHA-1 (a Reference digest) is not trusted after 2012-07-31"));
    // The same document signed with SHA-256 throughout passes: the test would see a broken fixture.
    EXPECT_EQ(xml_only(xmlsec_signed(kRsaSha256, kSha256), trust_context()).indication, Indication::total_passed);
}

TEST(CryptoConstraints, XmlPolicyDateIsJudgedAtTheValidationTime) {
    const std::string doc = xmlsec_signed(kRsaSha1, kSha1);
    auto ctx = at("2027-06-30T23:59:59Z");
    ctx.algorithm_policy = policy_with_sunset("2027-06-30");
    auto s = xml_only(doc, ctx);
    EXPECT_EQ(s.indication, Indication::total_passed) << (s.errors.empty() ? "" : s.errors.front());
    ctx.validation_time = *parse_rfc3339("2027-07-01T00:00:00Z");
    s = xml_only(doc, ctx);
    EXPECT_EQ(s.sub_indication, SubIndication::crypto_constraints_failure_no_poe);
    EXPECT_TRUE(has(s.errors,
                    "SHA-1 (the SignatureMethod digest) is not trusted after 2027-06-30 under policy "
                    "test-sunset 2027-06-30, and no proof of existence before that date exists"));
    EXPECT_TRUE(has(s.errors, "SHA-1 (the Reference digest)"));
}

TEST(CryptoConstraints, XmlTimestampBeforeTheSunsetIsProofOfExistence) {
    const std::string doc = xmlsec_signed(kRsaSha1, kSha1);
    TsaServer tsa(pki_dir());
    trust::TsaOptions o;
    o.url = tsa.url();
    auto ts = trust::request_timestamp(sha256(doc), o);
    ASSERT_TRUE(ts) << ts.error().message;
    xml::VerifyOptions with_token;
    with_token.detached_timestamp = ts->token;

    // SHA-1 trusted until 2030 under this policy; validated in 2031.
    auto ctx = at("2031-06-01T00:00:00Z");
    ctx.algorithm_policy = policy_with_sunset("2030-12-31");
    auto s = xml_only(doc, ctx);
    EXPECT_EQ(s.sub_indication, SubIndication::crypto_constraints_failure_no_poe);
    EXPECT_TRUE(has(s.errors,
                    "is not trusted after 2030-12-31 under policy test-sunset 2030-12-31, and no proof "
                    "of existence before that date exists"));
    s = xml_only(doc, ctx, with_token);
    EXPECT_EQ(s.indication, Indication::total_passed) << (s.errors.empty() ? "" : s.errors.front());
    EXPECT_EQ(s.time_source, verify::TimeSource::timestamp);
    EXPECT_TRUE(has(s.warnings,
                    "SHA-1 (the SignatureMethod digest) is not trusted after 2030-12-31 under policy "
                    "test-sunset 2030-12-31; accepted because a trusted time-stamp proves the signature "
                    "existed at " +
                        format_rfc3339(ts->gen_time)));

    // A sunset before the time-stamp: the time-stamp proves nothing that helps.
    ctx.algorithm_policy = policy_with_sunset("2020-12-31");
    s = xml_only(doc, ctx, with_token);
    EXPECT_EQ(s.sub_indication, SubIndication::crypto_constraints_failure_no_poe);
    EXPECT_TRUE(has(s.errors,
                    "is not trusted after 2020-12-31 under policy test-sunset 2020-12-31, and the earliest "
                    "proof of existence (" +
                        format_rfc3339(ts->gen_time) + ") is not before that date"));
}

TEST(CryptoConstraints, Rsa1024SignerIsNoPoe) {
    auto signer = weak().signer("rsa1024");
    auto signed_xml = xml::sign(sample_claims(), *signer, {});
    ASSERT_TRUE(signed_xml) << signed_xml.error().message;
    const std::string doc(signed_xml->begin(), signed_xml->end());
    auto s = xml_only(doc, trust_context());
    EXPECT_EQ(s.indication, Indication::indeterminate);
    EXPECT_EQ(s.sub_indication, SubIndication::crypto_constraints_failure_no_poe);
    EXPECT_TRUE(has(s.errors,
                    "RSA-1024 (the signer's key) is not trusted after 2019-09-30 under policy "
                    "kyso-default 2026.11, and no proof of existence before that date exists"));

    TempDir dir;
    const fs::path out = dir / "rsa1024.pdf";
    ASSERT_TRUE(pdf::sign(fs::path(KYSO_SAMPLES_DIR) / "record-sample.pdf", out, *signer, {}).ok());
    s = pdf_only(out, trust_context());
    EXPECT_EQ(s.indication, Indication::indeterminate);
    EXPECT_EQ(s.sub_indication, SubIndication::crypto_constraints_failure_no_poe);
    EXPECT_TRUE(has(s.errors,
                    "RSA-1024 (the signer's key) is not trusted after 2019-09-30 under policy "
                    "kyso-default 2026.11"));
}

TEST(CryptoConstraints, PdfSignatureTimestampBeforeTheSunsetIsProofOfExistence) {
    auto signer = weak().signer("rsa1024");
    TsaServer tsa(pki_dir());
    TempDir dir;
    pdf::SignOptions bt;
    bt.level = pdf::SignatureLevel::pades_b_t;
    bt.tsa = trust::TsaOptions{};
    bt.tsa->url = tsa.url();
    ASSERT_TRUE(pdf::sign(fs::path(KYSO_SAMPLES_DIR) / "record-sample.pdf", dir / "bt.pdf", *signer, bt).ok());
    ASSERT_TRUE(pdf::sign(fs::path(KYSO_SAMPLES_DIR) / "record-sample.pdf", dir / "bb.pdf", *signer, {}).ok());
    auto ctx = at("2031-06-01T00:00:00Z");
    ctx.algorithm_policy = policy_with_sunset("2030-12-31");
    auto s = pdf_only(dir / "bb.pdf", ctx);
    EXPECT_EQ(s.sub_indication, SubIndication::crypto_constraints_failure_no_poe);
    EXPECT_TRUE(has(s.errors, "RSA-1024 (the signer's key) is not trusted after 2030-12-31 under policy test-sunset"));
    s = pdf_only(dir / "bt.pdf", ctx);
    EXPECT_EQ(s.indication, Indication::total_passed) << (s.errors.empty() ? "" : s.errors.front());
    EXPECT_EQ(s.time_source, verify::TimeSource::timestamp);
    EXPECT_TRUE(has(s.warnings,
                    "RSA-1024 (the signer's key) is not trusted after 2030-12-31 under policy "
                    "test-sunset 2030-12-31; accepted because a trusted time-stamp proves"));
}

TEST(CryptoConstraints, PdfSha1CmsIsNoPoe) {
    TempDir dir;
    auto signer = p12_signer();
    ASSERT_TRUE(pdf::sign(fs::path(KYSO_SAMPLES_DIR) / "record-sample.pdf", dir / "kyso.pdf", *signer, {}).ok());
    // Control: openssl's SHA-256 CMS in the same placeholder passes, so the swap itself is sound.
    auto s = pdf_only(resigned_by_openssl(dir / "kyso.pdf", "sha256", dir.path()), trust_context());
    EXPECT_EQ(s.indication, Indication::total_passed) << (s.errors.empty() ? "" : s.errors.front());
    s = pdf_only(resigned_by_openssl(dir / "kyso.pdf", "sha1", dir.path()), trust_context());
    EXPECT_EQ(s.indication, Indication::indeterminate);
    EXPECT_EQ(s.sub_indication, SubIndication::crypto_constraints_failure_no_poe);
    EXPECT_EQ(s.digest_algorithm, "sha1");
    EXPECT_TRUE(has(s.errors,
                    "SHA-1 (the CMS digestAlgorithm) is not trusted after 2012-07-31 under policy "
                    "kyso-default 2026.11, and no proof of existence before that date exists"));
    EXPECT_FALSE(has(s.errors, "messageDigest"));  // the SHA-1 digest itself matched
}

TEST(CryptoConstraints, Sha1SignedCaCertificateIsNoPoe) {
    auto signer = weak().signer("underweak");
    auto ctx = trust_context();
    ctx.untrusted.push_back(*keys::Certificate::from_pem(read_text(weak().dir / "weakca.cert.pem")));
    auto signed_xml = xml::sign(sample_claims(), *signer, {});
    ASSERT_TRUE(signed_xml) << signed_xml.error().message;
    const auto s = xml_only(std::string(signed_xml->begin(), signed_xml->end()), ctx);
    EXPECT_EQ(s.indication, Indication::indeterminate);
    EXPECT_EQ(s.sub_indication, SubIndication::crypto_constraints_failure_no_poe);
    EXPECT_EQ(s.chain.size(), 3u);
    EXPECT_TRUE(has(s.errors,
                    "SHA-1 (the signature on certificate 'CN=SHA-1 Issuing CA') is not trusted after "
                    "2012-07-31 under policy kyso-default 2026.11"));
    // Nothing else is wrong with the path or the signature.
    EXPECT_EQ(s.errors.size(), 1u);
}

TEST(CryptoConstraints, RsaPssAndTheLegacySunsetOfTheTestPki) {
    // RSASSA-PSS is recognised in the CMS: RSA-2048 PSS is legacy until 2028-12-31 like PKCS#1 v1.5, and
    // the test PKI's RSA-3072 PKCS#1 v1.5 CA signatures end then too (ETSI TS 119 312 V1.5.1).
    TempDir dir;
    auto signer = p12_signer();
    ASSERT_TRUE(signer->supports_rsa_pss());
    pdf::SignOptions o;
    o.rsa_pss = true;
    ASSERT_TRUE(pdf::sign(fs::path(KYSO_SAMPLES_DIR) / "record-sample.pdf", dir / "pss.pdf", *signer, o).ok());
    EXPECT_EQ(pdf_only(dir / "pss.pdf", trust_context()).indication, Indication::total_passed);
    const auto s = pdf_only(dir / "pss.pdf", at("2029-01-01T00:00:00Z"));
    EXPECT_EQ(s.sub_indication, SubIndication::crypto_constraints_failure_no_poe);
    EXPECT_TRUE(has(s.errors, "RSASSA-PSS-2048 (the signer's key) is not trusted after 2028-12-31"));
    EXPECT_TRUE(has(s.errors,
                    "RSA-3072 (the key of 'CN=Kyso Test Root CA', which signed certificate "
                    "'CN=Kyso Test Issuing CA') is not trusted after 2028-12-31"));
}

}  // namespace
}  // namespace kyso::test
