#pragma once

#include <kyso/keys/signer.hpp>

namespace kyso::keys {

Result<std::unique_ptr<Signer>> open_pkcs12(const std::string& path, const SecretString& passphrase);

}
