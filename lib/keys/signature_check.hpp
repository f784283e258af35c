// Checks a signature returned by a token or key against the certificate before it is used.
#pragma once

#include <kyso/keys/signer.hpp>

namespace kyso::keys {

// A token that returns a wrong signature (wrong key for the certificate, a faulty device) must never
// produce a signed document: each signature is verified with the certificate's public key.
Result<void> check_signature(const Certificate& cert, DigestAlgorithm alg, ByteView digest, ByteView signature,
                             const std::string& signer_description);

}  // namespace kyso::keys
