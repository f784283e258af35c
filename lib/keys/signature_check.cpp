#include "keys/signature_check.hpp"

#include "ossl/ossl.hpp"

namespace kyso::keys {

Result<void> check_signature(const Certificate& cert, DigestAlgorithm alg, ByteView digest, ByteView signature,
                             const std::string& signer_description) {
    EVP_PKEY* key = X509_get0_pubkey(static_cast<X509*>(cert.native()));
    if (key == nullptr || !ossl::verify_digest(key, ossl::md(alg), digest, signature))
        return fail(Errc::signature_check_failed,
                    "the signature from " + signer_description +
                        " does not verify with its certificate (wrong key for the certificate, or a faulty device)");
    return {};
}

}  // namespace kyso::keys
