#include "ossl/ess.hpp"

#include "ossl/ossl.hpp"

#include <openssl/ess.h>

namespace kyso::ossl {

namespace {

using EssV2Ptr = std::unique_ptr<ESS_SIGNING_CERT_V2, Deleter<ESS_SIGNING_CERT_V2_free>>;
using EssV1Ptr = std::unique_ptr<ESS_SIGNING_CERT, Deleter<ESS_SIGNING_CERT_free>>;

const ASN1_STRING* attribute_sequence(CMS_SignerInfo* si, int nid) {
    const int at = CMS_signed_get_attr_by_NID(si, nid, -1);
    if (at < 0) return nullptr;
    const ASN1_TYPE* t = X509_ATTRIBUTE_get0_type(CMS_signed_get_attr(si, at), 0);
    return t != nullptr && t->type == V_ASN1_SEQUENCE ? t->value.sequence : nullptr;
}

}  // namespace

EssBinding ess_binding(CMS_SignerInfo* si, X509* signer) {
    const ASN1_STRING* v2_der = attribute_sequence(si, NID_id_smime_aa_signingCertificateV2);
    const ASN1_STRING* v1_der = attribute_sequence(si, NID_id_smime_aa_signingCertificate);
    const bool present = CMS_signed_get_attr_by_NID(si, NID_id_smime_aa_signingCertificateV2, -1) >= 0 ||
                         CMS_signed_get_attr_by_NID(si, NID_id_smime_aa_signingCertificate, -1) >= 0;
    if (!present) return EssBinding::none;
    EssV2Ptr v2;
    EssV1Ptr v1;
    if (v2_der != nullptr) {
        const unsigned char* p = v2_der->data;
        v2.reset(d2i_ESS_SIGNING_CERT_V2(nullptr, &p, v2_der->length));
    }
    if (v1_der != nullptr) {
        const unsigned char* p = v1_der->data;
        v1.reset(d2i_ESS_SIGNING_CERT(nullptr, &p, v1_der->length));
    }
    if (signer == nullptr || (!v1 && !v2)) return EssBinding::mismatch;
    X509StackPtr chain(sk_X509_new_null());
    X509_up_ref(signer);
    sk_X509_push(chain.get(), signer);
    const bool match = OSSL_ESS_check_signing_certs(v1.get(), v2.get(), chain.get(), 1) == 1;
    ERR_clear_error();
    if (!match) return EssBinding::mismatch;
    return v2 ? EssBinding::v2_match : EssBinding::v1_match;
}

}  // namespace kyso::ossl
