#include "pdf/cms_verify.hpp"

#include "keys/certificate_native.hpp"
#include "ossl/ess.hpp"
#include "ossl/ossl.hpp"

#include <openssl/cms.h>
#include <openssl/rsa.h>

#include <algorithm>
#include <cstring>

namespace kyso::pdf {

namespace {

using CmsPtr = std::unique_ptr<CMS_ContentInfo, ossl::Deleter<CMS_ContentInfo_free>>;

std::optional<TimePoint> asn1_time(const ASN1_TYPE* t) {
    if (t == nullptr) return std::nullopt;
    if (t->type == V_ASN1_UTCTIME || t->type == V_ASN1_GENERALIZEDTIME)
        return ossl::time_of(reinterpret_cast<const ASN1_TIME*>(t->value.asn1_string));
    return std::nullopt;
}

// RFC 5652 §5.3 signatureAlgorithm: rsaEncryption (the digest is digestAlgorithm), a combined
// algorithm such as sha256WithRSAEncryption or ecdsa-with-SHA256 (RFC 5754), or RSASSA-PSS whose
// hashAlgorithm defaults to SHA-1 (RFC 4055 §3.1).
void signature_scheme(const X509_ALGOR* alg, CmsCheck& r) {
    const int nid = OBJ_obj2nid(alg->algorithm);
    int md_nid = NID_undef, pkey_nid = nid;
    if (nid == NID_rsassaPss) {
        r.signature_scheme = "RSASSA-PSS";
        md_nid = NID_sha1;
        if (alg->parameter != nullptr && alg->parameter->type == V_ASN1_SEQUENCE) {
            RSA_PSS_PARAMS* pss =
                static_cast<RSA_PSS_PARAMS*>(ASN1_TYPE_unpack_sequence(ASN1_ITEM_rptr(RSA_PSS_PARAMS), alg->parameter));
            if (pss == nullptr)
                md_nid = NID_undef;
            else if (pss->hashAlgorithm != nullptr)
                md_nid = OBJ_obj2nid(pss->hashAlgorithm->algorithm);
            RSA_PSS_PARAMS_free(pss);
        }
        r.signature_digest_name = md_nid != NID_undef ? OBJ_nid2sn(md_nid) : "unknown";
        return;
    }
    if (nid != NID_undef && OBJ_find_sigid_algs(nid, &md_nid, &pkey_nid) != 1) md_nid = NID_undef;
    if (md_nid != NID_undef) r.signature_digest_name = OBJ_nid2sn(md_nid);
    switch (pkey_nid) {
        case NID_rsaEncryption:
            r.signature_scheme = "RSA";
            break;
        case NID_X9_62_id_ecPublicKey:
            r.signature_scheme = "ECDSA";
            break;
        default:
            r.signature_scheme = pkey_nid != NID_undef ? OBJ_nid2sn(pkey_nid) : "unknown";
            break;
    }
}

}  // namespace

CmsCheck check_cms(ByteView contents, const std::function<std::optional<Bytes>(const std::string&)>& hash_range) {
    CmsCheck r;
    // The CMS may be BER with indefinite lengths (poppler writes it so); what d2i consumed is its
    // exact length, and everything after it must be the zero padding of the placeholder.
    const unsigned char* p = contents.data();
    CmsPtr cms(d2i_CMS_ContentInfo(nullptr, &p, static_cast<long>(contents.size())));
    if (!cms) {
        r.format_problem = "/Contents is not a CMS ContentInfo: " + ossl::last_error();
        return r;
    }
    const std::size_t used = static_cast<std::size_t>(p - contents.data());
    if (std::any_of(contents.begin() + static_cast<std::ptrdiff_t>(used), contents.end(),
                    [](std::uint8_t b) { return b != 0; })) {
        r.format_problem = "/Contents carries data after the CMS (" + std::to_string(contents.size() - used) +
                           " bytes of padding are not all zero)";
        return r;
    }
    if (OBJ_obj2nid(CMS_get0_type(cms.get())) != NID_pkcs7_signed) {
        r.format_problem = "the CMS is not SignedData";
        return r;
    }
    ASN1_OCTET_STRING** econtent = CMS_get0_content(cms.get());
    if (econtent != nullptr && *econtent != nullptr) {
        r.format_problem = "the CMS is not detached (it encapsulates content)";
        return r;
    }
    STACK_OF(CMS_SignerInfo)* infos = CMS_get0_SignerInfos(cms.get());
    r.signer_infos = static_cast<std::size_t>(sk_CMS_SignerInfo_num(infos));
    if (r.signer_infos == 0) {
        r.format_problem = "the CMS has no SignerInfo";
        return r;
    }
    r.parsed = true;
    CMS_SignerInfo* si = sk_CMS_SignerInfo_value(infos, 0);

    ossl::X509StackPtr certs(CMS_get1_certs(cms.get()));
    X509* signer_x509 = nullptr;
    for (int i = 0; certs && i < sk_X509_num(certs.get()); ++i) {
        X509* c = sk_X509_value(certs.get(), i);
        if (auto cert = keys::certificate_from_x509(c)) r.certificates.push_back(std::move(*cert));
        if (signer_x509 == nullptr && CMS_SignerInfo_cert_cmp(si, c) == 0) signer_x509 = c;
    }
    if (signer_x509 != nullptr) {
        if (auto cert = keys::certificate_from_x509(signer_x509)) r.signer = std::move(*cert);
    }

    X509_ALGOR* digest_alg = nullptr;
    X509_ALGOR* sig_alg = nullptr;
    CMS_SignerInfo_get0_algs(si, nullptr, nullptr, &digest_alg, &sig_alg);
    const int md_nid = digest_alg ? OBJ_obj2nid(digest_alg->algorithm) : NID_undef;
    r.digest_name = md_nid != NID_undef ? OBJ_nid2sn(md_nid) : "unknown";
    std::transform(r.digest_name.begin(), r.digest_name.end(), r.digest_name.begin(),
                   [](unsigned char c) { return std::tolower(c); });
    r.digest_supported = md_nid == NID_sha1 || md_nid == NID_sha256 || md_nid == NID_sha384 || md_nid == NID_sha512;
    if (sig_alg != nullptr) {
        const int nid = OBJ_obj2nid(sig_alg->algorithm);
        r.signature_algorithm = nid != NID_undef ? OBJ_nid2ln(nid) : "unknown";
        signature_scheme(sig_alg, r);
    }
    const ASN1_OCTET_STRING* sig_value = CMS_SignerInfo_get0_signature(si);
    r.signature_value.assign(ASN1_STRING_get0_data(sig_value),
                             ASN1_STRING_get0_data(sig_value) + ASN1_STRING_length(sig_value));
    if (const int at = CMS_unsigned_get_attr_by_NID(si, NID_id_smime_aa_timeStampToken, -1); at >= 0) {
        const ASN1_TYPE* t = X509_ATTRIBUTE_get0_type(CMS_unsigned_get_attr(si, at), 0);
        if (t != nullptr && t->type == V_ASN1_SEQUENCE)
            r.timestamp_token = Bytes(t->value.sequence->data, t->value.sequence->data + t->value.sequence->length);
    }
    r.has_signed_attributes = CMS_signed_get_attr_count(si) > 0;
    r.has_signing_time = CMS_signed_get_attr_by_NID(si, NID_pkcs9_signingTime, -1) >= 0;
    if (r.has_signing_time) {
        X509_ATTRIBUTE* a = CMS_signed_get_attr(si, CMS_signed_get_attr_by_NID(si, NID_pkcs9_signingTime, -1));
        r.signing_time = asn1_time(X509_ATTRIBUTE_get0_type(a, 0));
    }

    const std::optional<Bytes> content_digest = r.digest_supported ? hash_range(r.digest_name) : std::nullopt;
    if (r.has_signed_attributes) {
        const auto* md = static_cast<const ASN1_OCTET_STRING*>(
            CMS_signed_get0_data_by_OBJ(si, OBJ_nid2obj(NID_pkcs9_messageDigest), -3, V_ASN1_OCTET_STRING));
        r.message_digest_matches =
            md != nullptr && content_digest &&
            static_cast<std::size_t>(ASN1_STRING_length(md)) == content_digest->size() &&
            std::memcmp(ASN1_STRING_get0_data(md), content_digest->data(), content_digest->size()) == 0;
        if (signer_x509 != nullptr) {
            CMS_SignerInfo_set1_signer_cert(si, signer_x509);
            r.signature_valid = CMS_SignerInfo_verify(si) == 1;
            ERR_clear_error();
        }
        // ESS signing-certificate(-v2) (RFC 5035): binds the signature to the certificate.
        switch (ossl::ess_binding(si, signer_x509)) {
            case ossl::EssBinding::none:
                r.ess = CmsCheck::Ess::none;
                break;
            case ossl::EssBinding::v1_match:
                r.ess = CmsCheck::Ess::v1;
                break;
            case ossl::EssBinding::v2_match:
                r.ess = CmsCheck::Ess::v2_match;
                break;
            case ossl::EssBinding::mismatch:
                r.ess = CmsCheck::Ess::mismatch;
                break;
        }
    } else if (signer_x509 != nullptr && content_digest) {
        // No signed attributes (old adbe.pkcs7.detached writers): the signature is over the content digest.
        const ASN1_OCTET_STRING* value = CMS_SignerInfo_get0_signature(si);
        const EVP_MD* md = EVP_get_digestbyname(r.digest_name.c_str());
        r.message_digest_matches = true;
        r.signature_valid =
            md != nullptr && ossl::verify_digest(X509_get0_pubkey(signer_x509), md, *content_digest,
                                                 ByteView(ASN1_STRING_get0_data(value),
                                                          static_cast<std::size_t>(ASN1_STRING_length(value))));
    }
    return r;
}

}  // namespace kyso::pdf
