#include "keys/signature_check.hpp"

#include <openssl/rsa.h>

namespace kyso::keys {

Result<void> SignatureChecker::check(DigestAlgorithm alg, ByteView digest, ByteView signature,
                                     const std::string& signer_description, bool pss) {
    const int slot = static_cast<int>(alg) + (pss ? 3 : 0);
    EVP_PKEY* key = X509_get0_pubkey(static_cast<X509*>(m_cert.native()));
    const auto failed = [&] {
        return fail(Errc::signature_check_failed,
                    "the signature from " + signer_description +
                        " does not verify with its certificate (wrong key for the certificate, or a faulty device)");
    };
    if (key == nullptr) return failed();
    ossl::PkeyCtxPtr ctx;
    {
        const std::lock_guard lock(m_mutex);
        auto& pool = m_pool[slot];
        if (!pool.empty()) {
            ctx = std::move(pool.back());
            pool.pop_back();
        }
    }
    const bool ec = EVP_PKEY_get_base_id(key) == EVP_PKEY_EC;
    if (!ctx) {
        ctx.reset(EVP_PKEY_CTX_new_from_pkey(nullptr, key, nullptr));
        if (!ctx || EVP_PKEY_verify_init(ctx.get()) != 1 ||
            (!ec && !pss && EVP_PKEY_CTX_set_rsa_padding(ctx.get(), RSA_PKCS1_PADDING) != 1) ||
            (!ec && pss && !ossl::set_pss(ctx.get(), alg)) ||
            EVP_PKEY_CTX_set_signature_md(ctx.get(), ossl::md(alg)) != 1) {
            ERR_clear_error();
            return failed();
        }
    }
    Bytes der;
    ByteView sig = signature;
    if (ec) {
        auto converted = ossl::ecdsa_raw_to_der(signature);
        if (!converted) return failed();
        der = std::move(*converted);
        sig = der;
    }
    const bool ok = EVP_PKEY_verify(ctx.get(), sig.data(), sig.size(), digest.data(), digest.size()) == 1;
    ERR_clear_error();
    {
        const std::lock_guard lock(m_mutex);
        m_pool[slot].push_back(std::move(ctx));
    }
    if (!ok) return failed();
    return {};
}

}  // namespace kyso::keys
