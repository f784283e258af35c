#include "trust/ocsp.hpp"

#include "keys/certificate_native.hpp"
#include "ossl/ossl.hpp"

#include <openssl/ocsp.h>
#include <openssl/rand.h>
#include <openssl/x509v3.h>

#include <memory>

namespace kyso::trust::ocsp {

namespace {

using RequestPtr = std::unique_ptr<OCSP_REQUEST, ossl::Deleter<OCSP_REQUEST_free>>;
using ResponsePtr = std::unique_ptr<OCSP_RESPONSE, ossl::Deleter<OCSP_RESPONSE_free>>;
using BasicPtr = std::unique_ptr<OCSP_BASICRESP, ossl::Deleter<OCSP_BASICRESP_free>>;
using CertIdPtr = std::unique_ptr<OCSP_CERTID, ossl::Deleter<OCSP_CERTID_free>>;
struct StringStackDeleter {
    void operator()(STACK_OF(OPENSSL_STRING) * s) const noexcept { X509_email_free(s); }
};

X509* x509(const keys::Certificate& c) {
    return static_cast<X509*>(c.native());
}

Failure invalid(const std::string& why) {
    return fail(Errc::revocation_invalid, "OCSP response: " + why);
}

std::string subject_of(X509* cert) {
    auto c = keys::certificate_from_x509(cert);
    return c ? c->subject() : std::string("(unreadable certificate)");
}

std::string_view status_name(int status) {
    switch (status) {
        case OCSP_RESPONSE_STATUS_MALFORMEDREQUEST:
            return "malformedRequest";
        case OCSP_RESPONSE_STATUS_INTERNALERROR:
            return "internalError";
        case OCSP_RESPONSE_STATUS_TRYLATER:
            return "tryLater";
        case OCSP_RESPONSE_STATUS_SIGREQUIRED:
            return "sigRequired";
        case OCSP_RESPONSE_STATUS_UNAUTHORIZED:
            return "unauthorized";
        default:
            return "an undefined status";
    }
}

// RFC 6960 §4.2.2.2: the CA that issued the certificate, or a responder that CA certified for
// id-kp-OCSPSigning, valid when the response was produced.
Result<void> check_authorised(X509* signer, const keys::Certificate& issuer, TimePoint produced_at) {
    X509* ca = x509(issuer);
    if (X509_NAME_cmp(X509_get_subject_name(signer), X509_get_subject_name(ca)) == 0 &&
        EVP_PKEY_eq(X509_get0_pubkey(signer), X509_get0_pubkey(ca)) == 1)
        return {};
    const std::string who = "the responder certificate '" + subject_of(signer) + "'";
    if (X509_check_issued(ca, signer) != X509_V_OK || X509_verify(signer, X509_get0_pubkey(ca)) != 1) {
        ERR_clear_error();
        return invalid(who + " was not issued by the certificate's CA");
    }
    if ((X509_get_extension_flags(signer) & EXFLAG_XKUSAGE) == 0 ||
        (X509_get_extended_key_usage(signer) & XKU_OCSP_SIGN) == 0)
        return invalid(who + " is not authorised to sign OCSP responses (no id-kp-OCSPSigning)");
    const auto from = ossl::time_of(X509_get0_notBefore(signer));
    const auto until = ossl::time_of(X509_get0_notAfter(signer));
    if (!from || !until || produced_at < *from || produced_at > *until)
        return invalid(who + " was not valid when the response was produced (" + format_rfc3339(produced_at) + ")");
    return {};
}

}  // namespace

Result<Request> make_request(const keys::Certificate& cert, const keys::Certificate& issuer) {
    RequestPtr req(OCSP_REQUEST_new());
    CertIdPtr id(OCSP_cert_to_id(nullptr, x509(cert), x509(issuer)));
    if (!req || !id) return fail(Errc::internal, "OCSP request: " + ossl::last_error());
    if (OCSP_request_add0_id(req.get(), id.get()) == nullptr)
        return fail(Errc::internal, "OCSP request: " + ossl::last_error());
    id.release();  // owned by the request now
    Request out;
    out.nonce.resize(32);
    if (RAND_bytes(out.nonce.data(), static_cast<int>(out.nonce.size())) != 1 ||
        OCSP_request_add1_nonce(req.get(), out.nonce.data(), static_cast<int>(out.nonce.size())) != 1)
        return fail(Errc::internal, "OCSP request nonce: " + ossl::last_error());
    unsigned char* der = nullptr;
    const int len = i2d_OCSP_REQUEST(req.get(), &der);
    if (len <= 0) return fail(Errc::internal, "OCSP request: " + ossl::last_error());
    out.der.assign(der, der + len);
    OPENSSL_free(der);
    return out;
}

Result<Answer> check_response(ByteView der, const keys::Certificate& cert, const keys::Certificate& issuer,
                              std::optional<ByteView> nonce) {
    const unsigned char* p = der.data();
    ResponsePtr resp(d2i_OCSP_RESPONSE(nullptr, &p, static_cast<long>(der.size())));
    if (!resp || p != der.data() + der.size()) {
        ERR_clear_error();
        return invalid("not a DER OCSPResponse");
    }
    const int status = OCSP_response_status(resp.get());
    if (status != OCSP_RESPONSE_STATUS_SUCCESSFUL)
        return invalid("the responder answered " + std::string(status_name(status)) + " (" + std::to_string(status) +
                       ")");
    BasicPtr basic(OCSP_response_get1_basic(resp.get()));
    if (!basic) {
        ERR_clear_error();
        return invalid("no basic response (id-pkix-ocsp-basic)");
    }
    Answer a;
    const auto produced = ossl::time_of(OCSP_resp_get0_produced_at(basic.get()));
    if (!produced) return invalid("producedAt cannot be read");
    a.produced_at = *produced;

    // The signer: among the certificates the response carries, or the CA itself.
    ossl::X509StackPtr extra(sk_X509_new_null());
    X509_up_ref(x509(issuer));
    sk_X509_push(extra.get(), x509(issuer));
    X509* signer = nullptr;
    if (OCSP_resp_get0_signer(basic.get(), &signer, extra.get()) != 1 || signer == nullptr) {
        ERR_clear_error();
        return invalid("the certificate that signed it is neither included nor the CA's");
    }
    ossl::X509StackPtr signers(sk_X509_new_null());
    X509_up_ref(signer);
    sk_X509_push(signers.get(), signer);
    ossl::StorePtr no_store(X509_STORE_new());
    if (OCSP_basic_verify(basic.get(), signers.get(), no_store.get(), OCSP_NOINTERN | OCSP_NOVERIFY | OCSP_NOCHECKS) !=
        1) {
        ERR_clear_error();
        return invalid("its signature does not verify with the responder certificate '" + subject_of(signer) + "'");
    }
    if (auto ok = check_authorised(signer, issuer, a.produced_at); !ok) return fail(ok.error());
    a.responder = subject_of(signer);

    if (nonce) {
        // OCSP_check_nonce compares against a request; rebuild ours from the nonce we sent.
        RequestPtr req(OCSP_REQUEST_new());
        OCSP_request_add1_nonce(req.get(), const_cast<unsigned char*>(nonce->data()), static_cast<int>(nonce->size()));
        const int n = OCSP_check_nonce(req.get(), basic.get());
        if (n == 0) return invalid("its nonce differs from the request's (a replayed or misdirected response)");
    }

    CertIdPtr id(OCSP_cert_to_id(nullptr, x509(cert), x509(issuer)));
    int cert_status = -1, reason = -1;
    ASN1_GENERALIZEDTIME *revoked_at = nullptr, *this_update = nullptr, *next_update = nullptr;
    if (!id || OCSP_resp_find_status(basic.get(), id.get(), &cert_status, &reason, &revoked_at, &this_update,
                                     &next_update) != 1) {
        ERR_clear_error();
        return invalid("it does not cover certificate serial " + cert.serial_hex());
    }
    const auto tu = ossl::time_of(this_update);
    if (!tu) return invalid("thisUpdate cannot be read");
    a.this_update = *tu;
    if (next_update != nullptr) {
        a.next_update = ossl::time_of(next_update);
        if (!a.next_update || *a.next_update < a.this_update)
            return invalid("nextUpdate is unreadable or before thisUpdate");
    }
    switch (cert_status) {
        case V_OCSP_CERTSTATUS_GOOD:
            a.status = CertStatus::good;
            break;
        case V_OCSP_CERTSTATUS_REVOKED:
            a.status = CertStatus::revoked;
            a.revocation_time = ossl::time_of(revoked_at);
            if (!a.revocation_time) return invalid("revocationTime cannot be read");
            if (reason >= 0) a.reason = OCSP_crl_reason_str(reason);
            break;
        default:
            a.status = CertStatus::unknown;
            break;
    }
    return a;
}

std::vector<std::string> responder_urls(const keys::Certificate& cert) {
    std::vector<std::string> out;
    std::unique_ptr<STACK_OF(OPENSSL_STRING), StringStackDeleter> urls(X509_get1_ocsp(x509(cert)));
    for (int i = 0; urls && i < sk_OPENSSL_STRING_num(urls.get()); ++i) {
        std::string url = sk_OPENSSL_STRING_value(urls.get(), i);
        if (url.rfind("http://", 0) == 0 || url.rfind("https://", 0) == 0) out.push_back(std::move(url));
    }
    return out;
}

}  // namespace kyso::trust::ocsp
