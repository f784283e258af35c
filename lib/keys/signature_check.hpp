// Checks a signature returned by a token or key against the certificate before it is used.
#pragma once

#include <kyso/keys/signer.hpp>

#include "ossl/ossl.hpp"

#include <mutex>
#include <vector>

namespace kyso::keys {

// A token that returns a wrong signature (wrong key for the certificate, a faulty device) must never
// produce a signed document: each signature is verified with the certificate's public key.
// Initialised verification contexts are pooled per digest: creating one per call fetches the
// algorithm again under OpenSSL 3.0's provider locks, which serialises worker threads (DESIGN.md).
class SignatureChecker {
public:
    explicit SignatureChecker(const Certificate& cert) : m_cert(cert) {}
    Result<void> check(DigestAlgorithm alg, ByteView digest, ByteView signature, const std::string& signer_description,
                       bool pss = false);

private:
    Certificate m_cert;
    std::mutex m_mutex;
    std::vector<ossl::PkeyCtxPtr> m_pool[6];  // per digest, PKCS#1 v1.5 or ECDSA then PSS
};

}  // namespace kyso::keys
