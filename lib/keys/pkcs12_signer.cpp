#include "keys/pkcs12_signer.hpp"

#include "keys/certificate_native.hpp"
#include "keys/signature_check.hpp"
#include "ossl/ossl.hpp"

#include <openssl/err.h>
#include <openssl/pkcs12.h>
#include <openssl/rsa.h>

#include <fstream>
#include <mutex>
#include <sstream>

namespace kyso::keys {

namespace {

class Pkcs12Signer final : public Signer {
public:
    Pkcs12Signer(std::string path, ossl::PkeyPtr key, Certificate cert, std::vector<Certificate> chain)
        : m_path(std::move(path)),
          m_key(std::move(key)),
          m_cert(std::move(cert)),
          m_chain(std::move(chain)),
          m_checker(m_cert) {}

    const Certificate& certificate() const override { return m_cert; }
    std::span<const Certificate> chain() const override { return m_chain; }
    KeyAlgorithm algorithm() const override { return m_cert.key_algorithm(); }
    SignatureScheme scheme() const override {
        return EVP_PKEY_get_base_id(m_key.get()) == EVP_PKEY_EC ? SignatureScheme::ecdsa : SignatureScheme::rsa_pkcs1;
    }
    std::string description() const override { return "PKCS#12 file '" + m_path + "'"; }

    Result<std::vector<Bytes>> sign_digests(DigestAlgorithm alg, std::span<const Bytes> digests) override {
        return sign_all(alg, digests, false);
    }
    bool supports_rsa_pss() const override { return EVP_PKEY_get_base_id(m_key.get()) == EVP_PKEY_RSA; }
    Result<std::vector<Bytes>> sign_digests_pss(DigestAlgorithm alg, std::span<const Bytes> digests) override {
        if (!supports_rsa_pss())
            return fail(Errc::mechanism_unsupported, description() + " holds no RSA key for RSASSA-PSS");
        return sign_all(alg, digests, true);
    }

private:
    Result<std::vector<Bytes>> sign_all(DigestAlgorithm alg, std::span<const Bytes> digests, bool pss) {
        KYSO_TRY(auto ctx, acquire(alg, pss));
        std::vector<Bytes> out;
        out.reserve(digests.size());
        Result<void> status;
        for (const auto& d : digests) {
            auto sig = sign_one(ctx.get(), d);
            if (!sig) {
                status = fail(std::move(sig).error());
                break;
            }
            if (auto ok = m_checker.check(alg, d, *sig, description(), pss); !ok) {
                status = fail(std::move(ok).error());
                break;
            }
            out.push_back(std::move(*sig));
        }
        release(alg, pss, std::move(ctx));
        if (!status) return fail(std::move(status).error());
        return out;
    }

    // Initialised signing contexts are pooled per digest: creating one per call fetches the algorithm
    // again, which serialises threads on OpenSSL 3.0's provider locks (DESIGN.md).
    Result<ossl::PkeyCtxPtr> acquire(DigestAlgorithm alg, bool pss) {
        {
            const std::lock_guard lock(m_mutex);
            auto& pool = m_pool[static_cast<int>(alg) + (pss ? 3 : 0)];
            if (!pool.empty()) {
                auto ctx = std::move(pool.back());
                pool.pop_back();
                return ctx;
            }
        }
        ossl::PkeyCtxPtr ctx(EVP_PKEY_CTX_new_from_pkey(nullptr, m_key.get(), nullptr));
        if (!ctx || EVP_PKEY_sign_init(ctx.get()) != 1 ||
            (EVP_PKEY_get_base_id(m_key.get()) == EVP_PKEY_RSA && !pss &&
             EVP_PKEY_CTX_set_rsa_padding(ctx.get(), RSA_PKCS1_PADDING) != 1) ||
            (pss && !ossl::set_pss(ctx.get(), alg)) || EVP_PKEY_CTX_set_signature_md(ctx.get(), ossl::md(alg)) != 1)
            return fail(Errc::mechanism_unsupported,
                        "cannot sign with the key in " + description() + ": " + ossl::last_error());
        return ctx;
    }
    void release(DigestAlgorithm alg, bool pss, ossl::PkeyCtxPtr ctx) {
        const std::lock_guard lock(m_mutex);
        m_pool[static_cast<int>(alg) + (pss ? 3 : 0)].push_back(std::move(ctx));
    }

    Result<Bytes> sign_one(EVP_PKEY_CTX* ctx, const Bytes& digest) {
        std::size_t len = 0;
        if (EVP_PKEY_sign(ctx, nullptr, &len, digest.data(), digest.size()) != 1)
            return fail(Errc::internal, "signing failed with " + description() + ": " + ossl::last_error());
        Bytes sig(len);
        if (EVP_PKEY_sign(ctx, sig.data(), &len, digest.data(), digest.size()) != 1)
            return fail(Errc::internal, "signing failed with " + description() + ": " + ossl::last_error());
        sig.resize(len);
        if (EVP_PKEY_get_base_id(m_key.get()) == EVP_PKEY_EC)
            return ossl::ecdsa_der_to_raw(sig, ossl::ec_field_bytes(m_key.get()));
        return sig;
    }

    std::string m_path;
    ossl::PkeyPtr m_key;
    Certificate m_cert;
    std::vector<Certificate> m_chain;
    SignatureChecker m_checker;
    std::mutex m_mutex;
    std::vector<ossl::PkeyCtxPtr> m_pool[6];  // per digest, then per digest with PSS
};

}  // namespace

Result<std::unique_ptr<Signer>> open_pkcs12(const std::string& path, const SecretString& passphrase) {
    std::ifstream in(path, std::ios::binary);
    if (!in) return fail(Errc::key_not_found, "cannot read PKCS#12 file '" + path + "'");
    std::stringstream ss;
    ss << in.rdbuf();
    const std::string data = ss.str();
    const auto* p = reinterpret_cast<const unsigned char*>(data.data());
    std::unique_ptr<PKCS12, ossl::Deleter<PKCS12_free>> p12(d2i_PKCS12(nullptr, &p, static_cast<long>(data.size())));
    if (!p12) return fail(Errc::keyspec_invalid, "'" + path + "' is not a PKCS#12 file");
    const char* pass = passphrase.reveal().c_str();
    EVP_PKEY* key = nullptr;
    X509* cert = nullptr;
    STACK_OF(X509)* ca = nullptr;
    // PKCS12_parse checks the MAC itself (a key derivation of thousands of iterations): checking it
    // beforehand as well would double the cost of opening the file.
    if (PKCS12_parse(p12.get(), pass, &key, &cert, &ca) != 1) {
        // OpenSSL 3.0 refuses a file without a MAC with the same error as a wrong passphrase.
        if (PKCS12_mac_present(p12.get()) != 1) {
            ERR_clear_error();
            return fail(Errc::unsupported,
                        "PKCS#12 file '" + path + "' has no MAC (no integrity protection); export it again with one");
        }
        const unsigned long e = ERR_peek_last_error();
        if (ERR_GET_LIB(e) == ERR_LIB_PKCS12 && ERR_GET_REASON(e) == PKCS12_R_MAC_VERIFY_FAILURE) {
            ERR_clear_error();
            return fail(Errc::pin_incorrect, "wrong passphrase for PKCS#12 file '" + path + "'");
        }
        return fail(Errc::unsupported,
                    "cannot read PKCS#12 file '" + path + "' (legacy encryption?): " + ossl::last_error());
    }
    ossl::PkeyPtr key_ptr(key);
    ossl::X509Ptr cert_ptr(cert);
    ossl::X509StackPtr ca_ptr(ca);
    if (!key_ptr || !cert_ptr)
        return fail(Errc::key_not_found, "PKCS#12 file '" + path + "' has no key and certificate");
    if (X509_check_private_key(cert_ptr.get(), key_ptr.get()) != 1) {
        ERR_clear_error();
        return fail(Errc::certificate_invalid, "the certificate in '" + path + "' does not match its key");
    }
    KYSO_TRY(auto signer_cert, certificate_from_x509(cert_ptr.get()));
    std::vector<Certificate> chain;
    for (int i = 0; ca_ptr && i < sk_X509_num(ca_ptr.get()); ++i) {
        KYSO_TRY(auto c, certificate_from_x509(sk_X509_value(ca_ptr.get(), i)));
        chain.push_back(std::move(c));
    }
    const int base = EVP_PKEY_get_base_id(key_ptr.get());
    if (base != EVP_PKEY_RSA && base != EVP_PKEY_EC)
        return fail(Errc::unsupported, "the key in '" + path + "' is neither RSA nor EC");
    return std::unique_ptr<Signer>(
        std::make_unique<Pkcs12Signer>(path, std::move(key_ptr), std::move(signer_cert), std::move(chain)));
}

}  // namespace kyso::keys
