// Reads the Vietnamese identity attributes (UID with MST:/CCCD:/... prefixes) from an X.509 name.
#pragma once

#include <kyso/keys/certificate.hpp>

#include <openssl/x509.h>

namespace kyso::keys {

VnIdentity read_identity(const X509_NAME* name);

// Classifies one UID value ("MST:0101234567") into the identity; exposed for tests.
void add_uid_value(VnIdentity& identity, std::string_view value);

}  // namespace kyso::keys
