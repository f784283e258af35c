#include "ossl/ossl.hpp"
#include "support/fixtures.hpp"

#include <gtest/gtest.h>

#include <cstdlib>

using namespace kyso;

TEST(Pkcs12Signer, SignsDigestsThatVerify) {
    for (const std::string name : {"hospital-rsa", "hospital-ec"}) {
        auto signer = test::p12_signer(name);
        const Bytes d1 = ossl::digest(keys::DigestAlgorithm::sha256, as_bytes("one"));
        const Bytes d2 = ossl::digest(keys::DigestAlgorithm::sha256, as_bytes("two"));
        const std::vector<Bytes> digests{d1, d2};
        auto sigs = signer->sign_digests(keys::DigestAlgorithm::sha256, digests);
        ASSERT_TRUE(sigs) << sigs.error().message;
        ASSERT_EQ(sigs->size(), 2u);
        EVP_PKEY* key = X509_get0_pubkey(static_cast<X509*>(signer->certificate().native()));
        EXPECT_TRUE(ossl::verify_digest(key, ossl::md(keys::DigestAlgorithm::sha256), d1, (*sigs)[0]));
        EXPECT_FALSE(ossl::verify_digest(key, ossl::md(keys::DigestAlgorithm::sha256), d1, (*sigs)[1]));
        if (name == "hospital-ec") {
            EXPECT_EQ((*sigs)[0].size(), 64u);  // raw r‖s for P-256, as XML-DSig wants
            EXPECT_EQ(signer->scheme(), keys::SignatureScheme::ecdsa);
        } else {
            EXPECT_EQ((*sigs)[0].size(), 256u);
        }
        EXPECT_FALSE(signer->chain().empty());  // the intermediate from the PKCS#12 file
    }
}

TEST(Pkcs12Signer, WrongPassphraseIsPinIncorrect) {
    keys::OpenOptions o;
    o.passphrase_spec = "pass:wrong";
    auto s = keys::open_signer("p12:" + test::pki("hospital-rsa.p12").string(), o);
    ASSERT_FALSE(s);
    EXPECT_EQ(s.error().code, Errc::pin_incorrect);
}

TEST(Pkcs12Signer, AFileWithoutMacIsUnsupportedNotAWrongPassphrase) {
    test::TempDir dir;
    const auto nomac = dir / "nomac.p12";
    const std::string cmd = "openssl pkcs12 -export -nomac -passout pass:" + std::string(test::kP12Pass).substr(5) +
                            " -in '" + test::pki("hospital-rsa.cert.pem").string() + "' -inkey '" +
                            test::pki("hospital-rsa.key.pem").string() + "' -out '" + nomac.string() + "'";
    ASSERT_EQ(std::system(cmd.c_str()), 0) << cmd;
    keys::OpenOptions o;
    o.passphrase_spec = test::kP12Pass;
    auto s = keys::open_signer("p12:" + nomac.string(), o);
    ASSERT_FALSE(s);
    EXPECT_EQ(s.error().code, Errc::unsupported);
    EXPECT_NE(s.error().message.find("no MAC"), std::string::npos) << s.error().message;
}

TEST(Pkcs12Signer, MissingFileAndBadSpec) {
    keys::OpenOptions o;
    o.passphrase_spec = test::kP12Pass;
    auto missing = keys::open_signer("p12:/nonexistent/x.p12", o);
    ASSERT_FALSE(missing);
    EXPECT_EQ(missing.error().code, Errc::key_not_found);
    auto bad = keys::open_signer("pem:/x", o);
    ASSERT_FALSE(bad);
    EXPECT_EQ(bad.error().code, Errc::keyspec_invalid);
    auto nopass = keys::open_signer("p12:" + test::pki("hospital-rsa.p12").string(), keys::OpenOptions{});
    ASSERT_FALSE(nopass);
    EXPECT_EQ(nopass.error().code, Errc::pin_required);
}

TEST(SecretSpec, ResolvesEachSource) {
    ::setenv("KYSO_TEST_SECRET", "s3cret", 1);
    EXPECT_EQ(keys::resolve_secret_spec("pass:abc")->reveal(), "abc");
    EXPECT_EQ(keys::resolve_secret_spec("env:KYSO_TEST_SECRET")->reveal(), "s3cret");
    test::TempDir dir;
    test::write(dir / "pin.txt", as_bytes("654321\nsecond line\n"));
    EXPECT_EQ(keys::resolve_secret_spec("file:" + (dir / "pin.txt").string())->reveal(), "654321");
    int fds[2];
    ASSERT_EQ(::pipe(fds), 0);
    ASSERT_EQ(::write(fds[1], "fdpin\n", 6), 6);
    ::close(fds[1]);
    EXPECT_EQ(keys::resolve_secret_spec("fd:" + std::to_string(fds[0]))->reveal(), "fdpin");
    ::close(fds[0]);
    EXPECT_EQ(keys::resolve_secret_spec("env:KYSO_NOT_SET_ANYWHERE").error().code, Errc::pin_required);
    EXPECT_EQ(keys::resolve_secret_spec("telepathy:x").error().code, Errc::usage);
}
