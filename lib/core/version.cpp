#include <kyso/core/version.hpp>

#include <libxml/xmlversion.h>
#include <openssl/crypto.h>
#include <xmlsec/version.h>

namespace kyso {

std::string_view version() noexcept {
    return KYSO_VERSION_STRING;
}

std::string dependency_versions() {
    return std::string(OpenSSL_version(OPENSSL_VERSION)) + "\nlibxml2 " + LIBXML_DOTTED_VERSION + "\nxmlsec1 " +
           XMLSEC_VERSION + " (verification of the generic profile only)";
}

}  // namespace kyso
