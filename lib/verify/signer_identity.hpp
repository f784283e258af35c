// The report's view of a signer certificate (private).
#pragma once

#include <kyso/keys/certificate.hpp>
#include <kyso/verify/report.hpp>

namespace kyso::verify {

SignerIdentity signer_identity(const keys::Certificate& cert);

}  // namespace kyso::verify
