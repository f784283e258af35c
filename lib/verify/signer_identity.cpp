#include "verify/signer_identity.hpp"

namespace kyso::verify {

SignerIdentity signer_identity(const keys::Certificate& cert) {
    SignerIdentity id;
    id.subject = cert.subject();
    id.issuer = cert.issuer();
    id.serial = cert.serial_hex();
    id.sha256_fingerprint = cert.sha256_fingerprint();
    const auto vn = cert.identity();
    id.mst = vn.mst;
    id.cccd = vn.cccd;
    id.cmnd = vn.cmnd;
    id.common_name = vn.common_name;
    id.title = vn.title;
    return id;
}

}  // namespace kyso::verify
