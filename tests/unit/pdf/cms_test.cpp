#include "ossl/ossl.hpp"
#include "pdf/cms.hpp"
#include "support/fixtures.hpp"

#include <gtest/gtest.h>
#include <openssl/cms.h>

#include <algorithm>

using namespace kyso;

namespace {

using CmsPtr = std::unique_ptr<CMS_ContentInfo, ossl::Deleter<CMS_ContentInfo_free>>;

CmsPtr parse(const Bytes& der) {
    const unsigned char* p = der.data();
    CmsPtr cms(d2i_CMS_ContentInfo(nullptr, &p, static_cast<long>(der.size())));
    EXPECT_EQ(p, der.data() + der.size());  // exactly its own DER length
    return cms;
}

bool contains(const Bytes& hay, const Bytes& needle) {
    return std::search(hay.begin(), hay.end(), needle.begin(), needle.end()) != hay.end();
}

}  // namespace

TEST(PadesCms, OneSignerInfoWithBaselineAttributesThatOpenSslVerifies) {
    const Bytes content(as_bytes("%PDF-1.7 ... the bytes of the ByteRange ...").begin(),
                        as_bytes("%PDF-1.7 ... the bytes of the ByteRange ...").end());
    for (const std::string key : {"hospital-rsa", "hospital-ec"}) {
        SCOPED_TRACE(key);
        auto signer = test::p12_signer(key);
        const Bytes digest = ossl::digest(keys::DigestAlgorithm::sha256, content);
        auto der = pdf::build_detached_cms(digest, keys::DigestAlgorithm::sha256, *signer);
        ASSERT_TRUE(der) << der.error().message;
        CmsPtr cms = parse(*der);
        ASSERT_TRUE(cms);
        ASSERT_TRUE(CMS_is_detached(cms.get()));
        STACK_OF(CMS_SignerInfo)* infos = CMS_get0_SignerInfos(cms.get());
        ASSERT_EQ(sk_CMS_SignerInfo_num(infos), 1);
        CMS_SignerInfo* si = sk_CMS_SignerInfo_value(infos, 0);
        EXPECT_LT(CMS_signed_get_attr_by_NID(si, NID_pkcs9_signingTime, -1), 0);  // PAdES baseline: none
        EXPECT_GE(CMS_signed_get_attr_by_NID(si, NID_pkcs9_contentType, -1), 0);
        const auto* md = static_cast<ASN1_OCTET_STRING*>(
            CMS_signed_get0_data_by_OBJ(si, OBJ_nid2obj(NID_pkcs9_messageDigest), -3, V_ASN1_OCTET_STRING));
        ASSERT_NE(md, nullptr);
        EXPECT_EQ(Bytes(ASN1_STRING_get0_data(md), ASN1_STRING_get0_data(md) + ASN1_STRING_length(md)), digest);
        // ESS signing-certificate-v2 names the signer certificate by its SHA-256 hash.
        const auto* ess = static_cast<ASN1_STRING*>(
            CMS_signed_get0_data_by_OBJ(si, OBJ_nid2obj(NID_id_smime_aa_signingCertificateV2), -3, V_ASN1_SEQUENCE));
        ASSERT_NE(ess, nullptr);
        const Bytes ess_der(ASN1_STRING_get0_data(ess), ASN1_STRING_get0_data(ess) + ASN1_STRING_length(ess));
        EXPECT_TRUE(contains(ess_der, ossl::digest(keys::DigestAlgorithm::sha256, signer->certificate().der())));

        // OpenSSL's own verification against the test root (intermediate carried in the CMS).
        ossl::StorePtr store(X509_STORE_new());
        auto roots = keys::Certificate::load_file(test::pki("root.cert.pem").string());
        X509_STORE_add_cert(store.get(), static_cast<X509*>(roots->front().native()));
        X509_STORE_set_purpose(store.get(), X509_PURPOSE_ANY);
        ossl::BioPtr data(BIO_new_mem_buf(content.data(), static_cast<int>(content.size())));
        EXPECT_EQ(CMS_verify(cms.get(), nullptr, store.get(), data.get(), nullptr, CMS_BINARY), 1)
            << ossl::last_error();
        Bytes changed = content;
        changed[0] ^= 1;
        ossl::BioPtr bad(BIO_new_mem_buf(changed.data(), static_cast<int>(changed.size())));
        EXPECT_NE(CMS_verify(cms.get(), nullptr, store.get(), bad.get(), nullptr, CMS_BINARY), 1);
        ERR_clear_error();

        // And the openssl command line, an independent verifier.
        test::TempDir dir;
        test::write(dir / "sig.der", *der);
        test::write(dir / "content.bin", content);
        const std::string cmd = "openssl cms -verify -inform DER -in '" + (dir / "sig.der").string() + "' -content '" +
                                (dir / "content.bin").string() + "' -binary -CAfile '" +
                                test::pki("root.cert.pem").string() + "' -purpose any -out /dev/null 2>&1";
        std::string out;
        EXPECT_EQ(test::run(cmd, &out), 0) << out;
    }
}
