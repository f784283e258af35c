#include <kyso/keys/signer.hpp>

#include "keys/pkcs11_signer.hpp"
#include "keys/pkcs12_signer.hpp"
#include "p11/uri.hpp"

namespace kyso::keys {

std::size_t digest_size(DigestAlgorithm alg) noexcept {
    switch (alg) {
        case DigestAlgorithm::sha256:
            return 32;
        case DigestAlgorithm::sha384:
            return 48;
        case DigestAlgorithm::sha512:
            return 64;
    }
    return 32;
}

std::string_view digest_name(DigestAlgorithm alg) noexcept {
    switch (alg) {
        case DigestAlgorithm::sha256:
            return "SHA-256";
        case DigestAlgorithm::sha384:
            return "SHA-384";
        case DigestAlgorithm::sha512:
            return "SHA-512";
    }
    return "SHA-256";
}

Result<std::unique_ptr<Signer>> open_signer(std::string_view keyspec, const OpenOptions& options) {
    if (keyspec.rfind("pkcs11:", 0) == 0) {
        KYSO_TRY(auto uri, p11::parse_uri(keyspec));
        return open_pkcs11(uri, options);
    }
    if (keyspec.rfind("p12:", 0) == 0) {
        const std::string path(keyspec.substr(4));
        if (path.empty()) return fail(Errc::keyspec_invalid, "KEYSPEC 'p12:' needs a file path");
        SecretString pass;
        if (!options.passphrase_spec.empty()) {
            KYSO_TRY(auto p, resolve_secret_spec(options.passphrase_spec));
            pass = std::move(p);
        } else if (options.pin_source) {
            KYSO_TRY(auto p, options.pin_source(PinRequest{PinRequest::Kind::pkcs12_passphrase, path}));
            pass = std::move(p);
        } else {
            return fail(Errc::pin_required, "PKCS#12 file '" + path + "' needs a passphrase (--pass SPEC)");
        }
        return open_pkcs12(path, pass);
    }
    return fail(Errc::keyspec_invalid,
                "unknown KEYSPEC '" + std::string(keyspec.substr(0, 16)) + "…': use pkcs11:… or p12:PATH");
}

}  // namespace kyso::keys
