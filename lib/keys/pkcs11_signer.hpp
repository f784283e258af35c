#pragma once

#include <kyso/keys/signer.hpp>

#include "p11/uri.hpp"

namespace kyso::keys {

Result<std::unique_ptr<Signer>> open_pkcs11(const p11::Uri& uri, const OpenOptions& options);

}
