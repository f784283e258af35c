// Signed checkpoints of the archive log: signed through the Signer seam (RSA and ECDSA PKCS#12 keys),
// checked by `openssl dgst -verify` (an independent verifier), and refused when any line is altered.
#include <kyso/archive/checkpoint.hpp>

#include "support/fixtures.hpp"

#include <gtest/gtest.h>

using namespace kyso;
using namespace kyso::archive;
using namespace kyso::test;

namespace {

Checkpoint sample() {
    Checkpoint c;
    c.origin = "bv-bachmai-archive";
    c.size = 365;
    c.root = log_leaf_hash(as_bytes("a root"));
    c.time = parse_rfc3339("2026-11-22T08:00:00Z").value();
    return c;
}

std::string replace_line(const std::string& text, const std::string& prefix, const std::string& line) {
    const auto at = text.find(prefix);
    const auto end = text.find('\n', at);
    return text.substr(0, at) + line + text.substr(end);
}

// openssl checks the file's signature value over the body with the certificate's public key.
void expect_openssl_accepts(const SignedCheckpoint& s, const std::string& name) {
    TempDir dir;
    write(dir / "body.txt", as_bytes(s.checkpoint.body()));
    write(dir / "value.bin", s.signature);
    write(dir / "cert.der", s.certificates.at(0).der());
    std::string out;
    ASSERT_EQ(run("openssl x509 -inform DER -in " + sh(dir / "cert.der") + " -pubkey -noout > " + sh(dir / "pub.pem")),
              0);
    EXPECT_EQ(run("openssl dgst -sha256 -verify " + sh(dir / "pub.pem") + " -signature " + sh(dir / "value.bin") + " " +
                      sh(dir / "body.txt"),
                  &out),
              0)
        << name << ": " << out;
}

}  // namespace

TEST(ArchiveCheckpoint, RsaAndEcdsaCheckpointsRoundTripAndVerifyWithOpenssl) {
    for (const char* key : {"hospital-rsa", "hospital-ec"}) {
        auto signer = p12_signer(key);
        auto signed_cp = sign_checkpoint(sample(), *signer);
        ASSERT_TRUE(signed_cp) << signed_cp.error().message;
        const std::string text = signed_cp->serialise();
        EXPECT_NE(text.find(std::string("algorithm ") +
                            (std::string(key) == "hospital-ec" ? "sha256-ecdsa" : "sha256-rsa-pkcs1")),
                  std::string::npos);
        auto back = read_checkpoint(text);
        ASSERT_TRUE(back) << back.error().message;
        EXPECT_EQ(back->checkpoint.body(), sample().body());
        EXPECT_TRUE(back->certificates.at(0).same_as(signer->certificate()));
        EXPECT_EQ(back->serialise(), text);
        expect_openssl_accepts(*back, key);
    }
}

TEST(ArchiveCheckpoint, AlteredCheckpointsAreRefusedWithTheReason) {
    auto signer = p12_signer("hospital-rsa");
    const std::string text = sign_checkpoint(sample(), *signer).value().serialise();
    struct Case {
        std::string text, reason;
    };
    const std::vector<Case> cases = {
        {replace_line(text, "size ", "size 364"), "does not verify"},
        {replace_line(text, "root ", "root " + to_hex(log_leaf_hash(as_bytes("other")))), "does not verify"},
        {replace_line(text, "time ", "time 2027-01-01T00:00:00Z"), "does not verify"},
        {replace_line(text, "origin ", "origin other-archive"), "does not verify"},
        {replace_line(text, "size ", "size 0365"), "decimal"},
        {replace_line(text, "time ", "time 2026-11-22T15:00:00+07:00"), "RFC 3339 UTC"},
        {replace_line(text, "algorithm ", "algorithm sha256-ecdsa"), "does not fit"},
        {replace_line(text, "value ", "value !!"), "not base64"},
        {text.substr(0, text.size() - 1), "no line feed"},
        {text.substr(0, text.find("certificate ")), "too short"},
        {"kyso-archive-checkpoint 2\n" + text.substr(text.find('\n') + 1), "not a kyso-archive-checkpoint 1"},
    };
    for (const Case& c : cases) {
        auto r = read_checkpoint(c.text);
        ASSERT_FALSE(r) << c.reason;
        EXPECT_EQ(r.error().code, Errc::evidence_invalid);
        EXPECT_NE(r.error().message.find(c.reason), std::string::npos) << r.error().message;
    }
    // Another key's certificate in place of the signer's.
    auto other = p12_signer("doctor-rsa");
    const std::string swapped =
        replace_line(text, "certificate ", "certificate " + base64_encode(other->certificate().der()));
    auto r = read_checkpoint(swapped);
    ASSERT_FALSE(r);
    EXPECT_NE(r.error().message.find("does not verify"), std::string::npos);
    std::string crlf = text;
    crlf.insert(crlf.find('\n'), "\r");
    EXPECT_FALSE(read_checkpoint(crlf));
}
