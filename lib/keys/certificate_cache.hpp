// Parsed certificates shared across verifications (private). A batch of claims carries the same few
// certificates thousands of times, and decoding one costs more under OpenSSL 3.0 than verifying a
// signature with it.
#pragma once

#include <kyso/keys/certificate.hpp>

namespace kyso::keys {

// Same result as Certificate::from_der, from a bounded process-wide cache keyed by the DER bytes.
Result<Certificate> cached_certificate(ByteView der);

}  // namespace kyso::keys
