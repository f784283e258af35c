// kyso_signer_t: opening a key from a KEYSPEC, with the host's PIN callback; the certificate.
#include "handles.hpp"

#include <kyso/keys/signer.hpp>

#include <array>
#include <cstring>

using namespace kyso;

namespace {

int pin_kind(keys::PinRequest::Kind kind) {
    switch (kind) {
        case keys::PinRequest::Kind::token_user_pin:
            return KYSO_PIN_TOKEN_USER;
        case keys::PinRequest::Kind::context_specific_pin:
            return KYSO_PIN_CONTEXT_SPECIFIC;
        case keys::PinRequest::Kind::pkcs12_passphrase:
            return KYSO_PIN_PKCS12_PASSPHRASE;
    }
    return KYSO_PIN_TOKEN_USER;
}

// The host's callback as a PinSource. The PIN lives in a buffer wiped before return, then in a
// SecretString (which wipes itself).
keys::PinSource callback_pin_source(kyso_pin_callback callback, void* user) {
    return [callback, user](const keys::PinRequest& request) -> Result<SecretString> {
        std::array<char, KYSO_PIN_MAX> pin{};
        const int rc = callback(user, pin_kind(request.kind), request.label.c_str(), pin.data(), pin.size());
        const std::size_t n = strnlen(pin.data(), pin.size());
        SecretString secret(rc == 0 && n < pin.size() ? std::string(pin.data(), n) : std::string());
        secure_wipe(pin.data(), pin.size());
        if (rc != 0) return fail(Errc::cancelled, "the PIN callback cancelled the request for '" + request.label + "'");
        if (n == pin.size())
            return fail(Errc::usage,
                        "the PIN callback gave no NUL-terminated PIN within " + std::to_string(n) + " bytes");
        return secret;
    };
}

}  // namespace

extern "C" {

int kyso_signer_open(kyso_signer_t* out, const char* keyspec, const char* pass_spec, kyso_pin_callback pin_callback,
                     void* user) {
    return capi::guard("kyso_signer_open", [&] {
        capi::required(out, "out");
        *out = nullptr;
        capi::required(keyspec, "keyspec");
        keys::OpenOptions options;
        if (pass_spec != nullptr) options.passphrase_spec = pass_spec;
        if (pin_callback != nullptr) options.pin_source = callback_pin_source(pin_callback, user);
        capi::make(out, capi::take(keys::open_signer(keyspec, options)));
    });
}

int kyso_signer_certificate(kyso_signer_t signer, uint8_t* out, size_t* out_len) {
    return capi::guard("kyso_signer_certificate",
                       [&] { capi::copy_out(capi::get(signer).signer->certificate().der(), out, out_len); });
}

int kyso_signer_subject(kyso_signer_t signer, char* out, size_t* out_len) {
    return capi::guard("kyso_signer_subject",
                       [&] { capi::copy_out(capi::get(signer).signer->certificate().subject(), out, out_len); });
}

int kyso_signer_destroy(kyso_signer_t signer) {
    return capi::destroy("kyso_signer_destroy", signer);
}

}  // extern "C"
