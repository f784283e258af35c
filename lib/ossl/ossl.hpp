// The only place that owns OpenSSL handles: RAII wrappers and small helpers (private to the library).
#pragma once

#include <kyso/core/bytes.hpp>
#include <kyso/core/result.hpp>
#include <kyso/core/time.hpp>
#include <kyso/keys/signer.hpp>

#include <openssl/bio.h>
#include <openssl/crypto.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/x509.h>
#include <openssl/x509_vfy.h>

#include <memory>
#include <optional>
#include <string>

namespace kyso::ossl {

template <auto Fn>
struct Deleter {
    template <class T>
    void operator()(T* p) const noexcept {
        Fn(p);
    }
};

inline void free_string(char* p) noexcept {
    OPENSSL_free(p);
}
using StringPtr = std::unique_ptr<char, Deleter<free_string>>;
using BioPtr = std::unique_ptr<BIO, Deleter<BIO_free_all>>;
using X509Ptr = std::unique_ptr<X509, Deleter<X509_free>>;
using PkeyPtr = std::unique_ptr<EVP_PKEY, Deleter<EVP_PKEY_free>>;
using PkeyCtxPtr = std::unique_ptr<EVP_PKEY_CTX, Deleter<EVP_PKEY_CTX_free>>;
using MdCtxPtr = std::unique_ptr<EVP_MD_CTX, Deleter<EVP_MD_CTX_free>>;
using MdPtr = std::unique_ptr<EVP_MD, Deleter<EVP_MD_free>>;
using StorePtr = std::unique_ptr<X509_STORE, Deleter<X509_STORE_free>>;
using StoreCtxPtr = std::unique_ptr<X509_STORE_CTX, Deleter<X509_STORE_CTX_free>>;
struct X509StackDeleter {
    void operator()(STACK_OF(X509) * s) const noexcept { sk_X509_pop_free(s, X509_free); }
};
using X509StackPtr = std::unique_ptr<STACK_OF(X509), X509StackDeleter>;

// An ASN.1 UTCTime/GeneralizedTime as a time point (nullopt when null or unreadable).
std::optional<TimePoint> time_of(const ASN1_TIME* t);

// The most recent OpenSSL error of this thread, as text; clears the queue.
std::string last_error();

// Digests fetched once per process and reused (OpenSSL 3.0 scales badly with implicit fetches).
const EVP_MD* md(keys::DigestAlgorithm alg);
const EVP_MD* md_sha1();

Bytes digest(keys::DigestAlgorithm alg, ByteView data);

// RSASSA-PSS on a sign or verify context: MGF1 with the same digest, salt length = digest length.
bool set_pss(EVP_PKEY_CTX* ctx, keys::DigestAlgorithm alg);
// The DER of RSASSA-PSS-params for that choice (RFC 4055 §3.1), for AlgorithmIdentifiers.
Bytes pss_params_der(keys::DigestAlgorithm alg);

// A streaming digest context.
class Hasher {
public:
    explicit Hasher(const EVP_MD* md);
    void update(const void* data, std::size_t size);
    Bytes finish();

private:
    MdCtxPtr m_ctx;
};

// DER DigestInfo (RFC 8017 §9.2) for PKCS#1 v1.5 signing through CKM_RSA_PKCS.
Bytes digest_info(keys::DigestAlgorithm alg, ByteView digest);

// ECDSA: DER ECDSA-Sig-Value ⇄ raw r‖s, each half `half` bytes (XML-DSig and PKCS#11 use raw).
Result<Bytes> ecdsa_der_to_raw(ByteView der, std::size_t half);
Result<Bytes> ecdsa_raw_to_der(ByteView raw);
std::size_t ec_field_bytes(const EVP_PKEY* key);

// Verifies a signature over a precomputed digest with a public key, in kyso's scheme encoding
// (PKCS#1 v1.5 for RSA, raw r‖s for ECDSA).
bool verify_digest(EVP_PKEY* key, const EVP_MD* md, ByteView digest, ByteView signature);

}  // namespace kyso::ossl
