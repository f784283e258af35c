#include "pdf/cms.hpp"

#include "ossl/ossl.hpp"

#include <openssl/cms.h>
#include <openssl/pkcs7.h>

namespace kyso::pdf {

namespace {

using CmsPtr = std::unique_ptr<CMS_ContentInfo, ossl::Deleter<CMS_ContentInfo_free>>;
struct AttrStackDeleter {
    // The attributes belong to the SignerInfo; only the stack is freed.
    void operator()(STACK_OF(X509_ATTRIBUTE) * s) const noexcept { sk_X509_ATTRIBUTE_free(s); }
};

Result<Bytes> signed_attributes_der(CMS_SignerInfo* si) {
    std::unique_ptr<STACK_OF(X509_ATTRIBUTE), AttrStackDeleter> attrs(sk_X509_ATTRIBUTE_new_null());
    for (int i = 0; i < CMS_signed_get_attr_count(si); ++i)
        sk_X509_ATTRIBUTE_push(attrs.get(), CMS_signed_get_attr(si, i));
    unsigned char* der = nullptr;
    // RFC 5652 §5.4: the signature covers the DER of the SET OF attributes (PKCS7_ATTR_SIGN sorts them).
    const int len = ASN1_item_i2d(reinterpret_cast<ASN1_VALUE*>(attrs.get()), &der, ASN1_ITEM_rptr(PKCS7_ATTR_SIGN));
    if (len <= 0) return fail(Errc::internal, "cannot encode the CMS signed attributes: " + ossl::last_error());
    Bytes out(der, der + len);
    OPENSSL_free(der);
    return out;
}

Result<Bytes> build_cms(ByteView content_digest, keys::DigestAlgorithm alg, keys::Signer& signer, bool trial, bool pss,
                        const Timestamper& timestamper) {
    if (pss && !signer.supports_rsa_pss())
        return fail(Errc::mechanism_unsupported, signer.description() + " cannot sign with RSASSA-PSS");
    X509* cert = static_cast<X509*>(signer.certificate().native());
    EVP_PKEY* public_key = X509_get0_pubkey(cert);
    if (public_key == nullptr) return fail(Errc::certificate_invalid, "the signer certificate has no usable key");
    // OpenSSL 3.0 has no CMS_final_digest and CMS_SignerInfo_sign always adds signingTime, so the
    // SignerInfo is prepared with the public key (CMS_PARTIAL), its attributes signed by the Signer, and
    // the signature value set directly.
    CmsPtr cms(CMS_sign(nullptr, nullptr, nullptr, nullptr, CMS_PARTIAL | CMS_DETACHED | CMS_BINARY));
    if (!cms) return fail(Errc::internal, "cannot create CMS SignedData: " + ossl::last_error());
    CMS_SignerInfo* si = CMS_add1_signer(cms.get(), cert, public_key, ossl::md(alg),
                                         CMS_PARTIAL | CMS_BINARY | CMS_NOSMIMECAP | CMS_CADES);
    if (si == nullptr) return fail(Errc::internal, "cannot add the CMS signer: " + ossl::last_error());
    for (const auto& c : signer.chain())
        if (CMS_add1_cert(cms.get(), static_cast<X509*>(c.native())) != 1)
            return fail(Errc::internal, "cannot add a chain certificate: " + ossl::last_error());
    if (CMS_signed_add1_attr_by_NID(si, NID_pkcs9_contentType, V_ASN1_OBJECT, OBJ_nid2obj(NID_pkcs7_data), -1) != 1 ||
        CMS_signed_add1_attr_by_NID(si, NID_pkcs9_messageDigest, V_ASN1_OCTET_STRING, content_digest.data(),
                                    static_cast<int>(content_digest.size())) != 1)
        return fail(Errc::internal, "cannot add the CMS signed attributes: " + ossl::last_error());
    if (CMS_signed_get_attr_by_NID(si, NID_pkcs9_signingTime, -1) >= 0)
        return fail(Errc::internal, "OpenSSL added signingTime to a PAdES baseline SignerInfo");

    KYSO_TRY(auto attrs, signed_attributes_der(si));
    Bytes value;
    if (trial) {
        // The largest signature value the key can produce (EVP_PKEY_get_size: the modulus for RSA, the
        // largest DER ECDSA-Sig-Value for EC), without asking the token.
        value.assign(static_cast<std::size_t>(EVP_PKEY_get_size(public_key)), 0xff);
    } else {
        const Bytes to_sign = ossl::digest(alg, attrs);
        KYSO_TRY(auto sigs, pss ? signer.sign_digests_pss(alg, std::span<const Bytes>(&to_sign, 1))
                                : signer.sign_digests(alg, std::span<const Bytes>(&to_sign, 1)));
        value = std::move(sigs.front());
    }
    if (pss) {
        // RFC 4056 §2.2: signatureAlgorithm id-RSASSA-PSS with its parameters.
        X509_ALGOR* sig_alg = nullptr;
        CMS_SignerInfo_get0_algs(si, nullptr, nullptr, nullptr, &sig_alg);
        const Bytes params = ossl::pss_params_der(alg);
        ASN1_STRING* seq = ASN1_STRING_new();
        if (sig_alg == nullptr || seq == nullptr ||
            ASN1_STRING_set(seq, params.data(), static_cast<int>(params.size())) != 1 ||
            X509_ALGOR_set0(sig_alg, OBJ_nid2obj(NID_rsassaPss), V_ASN1_SEQUENCE, seq) != 1) {
            ASN1_STRING_free(seq);
            return fail(Errc::internal, "cannot set the RSASSA-PSS signature algorithm");
        }
    }
    if (!trial && signer.scheme() == keys::SignatureScheme::ecdsa) {
        // CMS carries ECDSA as a DER ECDSA-Sig-Value (RFC 5753); tokens return raw r‖s.
        KYSO_TRY(value, ossl::ecdsa_raw_to_der(value));
    }
    if (ASN1_STRING_set(CMS_SignerInfo_get0_signature(si), value.data(), static_cast<int>(value.size())) != 1)
        return fail(Errc::internal, "cannot set the CMS signature value");

    if (timestamper && !trial) {
        KYSO_TRY(const Bytes token, timestamper(value));
        // The attribute value is the token's ContentInfo, a SEQUENCE given as its whole DER.
        if (CMS_unsigned_add1_attr_by_NID(si, NID_id_smime_aa_timeStampToken, V_ASN1_SEQUENCE, token.data(),
                                          static_cast<int>(token.size())) != 1)
            return fail(Errc::internal, "cannot add the signature time-stamp: " + ossl::last_error());
    }
    unsigned char* der = nullptr;
    const int len = i2d_CMS_ContentInfo(cms.get(), &der);
    if (len <= 0) return fail(Errc::internal, "cannot encode the CMS: " + ossl::last_error());
    Bytes out(der, der + len);
    OPENSSL_free(der);
    return out;
}

}  // namespace

Result<Bytes> build_detached_cms(ByteView content_digest, keys::DigestAlgorithm alg, keys::Signer& signer, bool pss,
                                 const Timestamper& timestamper) {
    return build_cms(content_digest, alg, signer, false, pss, timestamper);
}

Result<std::size_t> trial_cms_size(keys::DigestAlgorithm alg, keys::Signer& signer, bool pss) {
    const Bytes zero(keys::digest_size(alg), 0);
    KYSO_TRY(const Bytes der, build_cms(zero, alg, signer, true, pss, {}));
    return der.size();
}

}  // namespace kyso::pdf
