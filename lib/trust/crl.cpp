#include "trust/crl.hpp"

#include "keys/certificate_native.hpp"
#include "ossl/ossl.hpp"

#include <openssl/ocsp.h>
#include <openssl/pem.h>
#include <openssl/x509v3.h>

namespace kyso::trust::crl {

namespace {

using CrlPtr = std::unique_ptr<X509_CRL, ossl::Deleter<X509_CRL_free>>;

Failure invalid(const std::string& why) {
    return fail(Errc::revocation_invalid, "CRL: " + why);
}

X509* x509(const keys::Certificate& c) {
    return static_cast<X509*>(c.native());
}

}  // namespace

struct Crl::Native {
    CrlPtr crl;
};

Crl::~Crl() = default;

Result<std::shared_ptr<const Crl>> Crl::parse(ByteView data, const keys::Certificate& issuer) {
    const unsigned char* p = data.data();
    CrlPtr crl(d2i_X509_CRL(nullptr, &p, static_cast<long>(data.size())));
    Bytes der;
    if (crl && p == data.data() + data.size()) {
        der.assign(data.begin(), data.end());
    } else {
        crl.reset();
        ossl::BioPtr bio(BIO_new_mem_buf(data.data(), static_cast<int>(data.size())));
        crl.reset(PEM_read_bio_X509_CRL(bio.get(), nullptr, nullptr, nullptr));
        if (!crl) {
            ERR_clear_error();
            return invalid("not a DER or PEM CertificateList");
        }
        unsigned char* out = nullptr;
        const int len = i2d_X509_CRL(crl.get(), &out);
        if (len <= 0) return invalid("cannot be re-encoded");
        der.assign(out, out + len);
        OPENSSL_free(out);
    }
    X509* ca = x509(issuer);
    if (X509_NAME_cmp(X509_CRL_get_issuer(crl.get()), X509_get_subject_name(ca)) != 0)
        return invalid("issued by another name than the certificate's CA '" + issuer.subject() + "'");
    if ((X509_get_extension_flags(ca) & EXFLAG_KUSAGE) != 0 && (X509_get_key_usage(ca) & KU_CRL_SIGN) == 0)
        return invalid("the CA '" + issuer.subject() + "' is not allowed to sign CRLs (keyUsage without cRLSign)");
    if (X509_CRL_verify(crl.get(), X509_get0_pubkey(ca)) != 1) {
        ERR_clear_error();
        return invalid("its signature does not verify with the CA '" + issuer.subject() + "'");
    }
    for (int i = 0; i < X509_CRL_get_ext_count(crl.get()); ++i) {
        X509_EXTENSION* ext = X509_CRL_get_ext(crl.get(), i);
        const int nid = OBJ_obj2nid(X509_EXTENSION_get_object(ext));
        if (nid == NID_delta_crl) return invalid("delta CRLs are not supported");
        if (X509_EXTENSION_get_critical(ext) && nid != NID_issuing_distribution_point)
            return invalid("it carries a critical extension kyso does not understand");
    }
    if (const auto* idp = static_cast<ISSUING_DIST_POINT*>(
            X509_CRL_get_ext_d2i(crl.get(), NID_issuing_distribution_point, nullptr, nullptr))) {
        const bool partial = idp->indirectCRL || idp->onlysomereasons != nullptr || idp->onlyattr;
        ISSUING_DIST_POINT_free(const_cast<ISSUING_DIST_POINT*>(idp));
        if (partial) return invalid("indirect or partitioned CRLs are not supported");
    }
    std::shared_ptr<Crl> out(new Crl());
    const auto tu = ossl::time_of(X509_CRL_get0_lastUpdate(crl.get()));
    if (!tu) return invalid("thisUpdate cannot be read");
    out->m_this_update = *tu;
    if (const ASN1_TIME* nu = X509_CRL_get0_nextUpdate(crl.get())) {
        out->m_next_update = ossl::time_of(nu);
        if (!out->m_next_update || *out->m_next_update < *tu)
            return invalid("nextUpdate is unreadable or before thisUpdate");
    }
    out->m_issuer = issuer.subject();
    out->m_issuer_fingerprint = issuer.sha256_fingerprint();
    if (auto* number = static_cast<ASN1_INTEGER*>(X509_CRL_get_ext_d2i(crl.get(), NID_crl_number, nullptr, nullptr))) {
        if (BIGNUM* bn = ASN1_INTEGER_to_BN(number, nullptr)) {
            if (char* dec = BN_bn2dec(bn)) {
                out->m_number = dec;
                OPENSSL_free(dec);
            }
            BN_free(bn);
        }
        ASN1_INTEGER_free(number);
    }
    out->m_der = std::move(der);
    out->m_native = std::make_unique<Native>();
    out->m_native->crl = std::move(crl);
    return std::shared_ptr<const Crl>(std::move(out));
}

bool Crl::newer_than(const Crl& other) const {
    if (m_number && other.m_number) {
        // Decimal strings without leading zeros: a longer one is larger.
        if (m_number->size() != other.m_number->size()) return m_number->size() > other.m_number->size();
        return *m_number > *other.m_number;
    }
    return m_this_update > other.m_this_update;
}

std::optional<Crl::Entry> Crl::find(const keys::Certificate& cert) const {
    X509_REVOKED* revoked = nullptr;
    if (X509_CRL_get0_by_cert(m_native->crl.get(), &revoked, x509(cert)) != 1 || revoked == nullptr)
        return std::nullopt;
    Entry e;
    e.revocation_time = ossl::time_of(X509_REVOKED_get0_revocationDate(revoked)).value_or(TimePoint{});
    if (auto* reason =
            static_cast<ASN1_ENUMERATED*>(X509_REVOKED_get_ext_d2i(revoked, NID_crl_reason, nullptr, nullptr))) {
        e.reason = OCSP_crl_reason_str(ASN1_ENUMERATED_get(reason));
        ASN1_ENUMERATED_free(reason);
    }
    return e;
}

std::vector<std::string> distribution_points(const keys::Certificate& cert) {
    std::vector<std::string> out;
    auto* points =
        static_cast<STACK_OF(DIST_POINT)*>(X509_get_ext_d2i(x509(cert), NID_crl_distribution_points, nullptr, nullptr));
    for (int i = 0; points && i < sk_DIST_POINT_num(points); ++i) {
        const DIST_POINT* dp = sk_DIST_POINT_value(points, i);
        if (dp->distpoint == nullptr || dp->distpoint->type != 0) continue;  // fullName only
        const GENERAL_NAMES* names = dp->distpoint->name.fullname;
        for (int j = 0; j < sk_GENERAL_NAME_num(names); ++j) {
            const GENERAL_NAME* gn = sk_GENERAL_NAME_value(names, j);
            if (gn->type != GEN_URI) continue;
            const ASN1_IA5STRING* uri = gn->d.uniformResourceIdentifier;
            std::string url(reinterpret_cast<const char*>(ASN1_STRING_get0_data(uri)),
                            static_cast<std::size_t>(ASN1_STRING_length(uri)));
            if (url.rfind("http://", 0) == 0 || url.rfind("https://", 0) == 0) out.push_back(std::move(url));
        }
    }
    sk_DIST_POINT_pop_free(points, DIST_POINT_free);
    return out;
}

}  // namespace kyso::trust::crl
