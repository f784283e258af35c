// Certificate from an OpenSSL X509* (private: for kyso's own adapters).
#pragma once

#include <kyso/keys/certificate.hpp>

#include <openssl/x509.h>

namespace kyso::keys {

Result<Certificate> certificate_from_x509(X509* x);

}  // namespace kyso::keys
