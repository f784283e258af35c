// The ESS signing-certificate attributes of a CMS SignerInfo (RFC 2634 §5.4, RFC 5035): do they name
// the certificate that signed? (private)
#pragma once

#include <openssl/cms.h>
#include <openssl/x509.h>

namespace kyso::ossl {

enum class EssBinding { none, v1_match, v2_match, mismatch };

EssBinding ess_binding(CMS_SignerInfo* si, X509* signer);

}  // namespace kyso::ossl
