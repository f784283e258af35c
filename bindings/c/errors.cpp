// Status codes and the last error; kyso_last_error, kyso_error_name.
#include "errors.hpp"

#include <cstring>

namespace kyso::capi {

namespace {

thread_local std::string t_last_error;

// Every Errc has its KYSO_ERROR_* (a new Errc without a case here does not compile: -Wswitch -Werror),
// and the values are the same numbers negated (checked at compile time below).
constexpr int c_status(Errc code) {
    switch (code) {
        case Errc::ok:
            return KYSO_OK;
        case Errc::internal:
            return KYSO_ERROR_INTERNAL;
        case Errc::usage:
            return KYSO_ERROR_USAGE;
        case Errc::io:
            return KYSO_ERROR_IO;
        case Errc::malformed_xml:
            return KYSO_ERROR_MALFORMED_XML;
        case Errc::malformed_pdf:
            return KYSO_ERROR_MALFORMED_PDF;
        case Errc::unsupported:
            return KYSO_ERROR_UNSUPPORTED;
        case Errc::profile_violation:
            return KYSO_ERROR_PROFILE_VIOLATION;
        case Errc::already_signed:
            return KYSO_ERROR_ALREADY_SIGNED;
        case Errc::keyspec_invalid:
            return KYSO_ERROR_KEYSPEC_INVALID;
        case Errc::module_load_failed:
            return KYSO_ERROR_MODULE_LOAD_FAILED;
        case Errc::token_not_present:
            return KYSO_ERROR_TOKEN_NOT_PRESENT;
        case Errc::pin_required:
            return KYSO_ERROR_PIN_REQUIRED;
        case Errc::pin_incorrect:
            return KYSO_ERROR_PIN_INCORRECT;
        case Errc::pin_locked:
            return KYSO_ERROR_PIN_LOCKED;
        case Errc::key_not_found:
            return KYSO_ERROR_KEY_NOT_FOUND;
        case Errc::mechanism_unsupported:
            return KYSO_ERROR_MECHANISM_UNSUPPORTED;
        case Errc::token_error:
            return KYSO_ERROR_TOKEN_ERROR;
        case Errc::signature_check_failed:
            return KYSO_ERROR_SIGNATURE_CHECK_FAILED;
        case Errc::certificate_invalid:
            return KYSO_ERROR_CERTIFICATE_INVALID;
        case Errc::network:
            return KYSO_ERROR_NETWORK;
        case Errc::tsa_rejected:
            return KYSO_ERROR_TSA_REJECTED;
        case Errc::cancelled:
            return KYSO_ERROR_CANCELLED;
        case Errc::output_exists:
            return KYSO_ERROR_OUTPUT_EXISTS;
        case Errc::revocation_invalid:
            return KYSO_ERROR_REVOCATION_INVALID;
        case Errc::evidence_invalid:
            return KYSO_ERROR_EVIDENCE_INVALID;
    }
    return KYSO_ERROR_INTERNAL;
}

// The last Errc (core/error.hpp); the compile-time check below covers every value up to it.
constexpr Errc kLastErrc = Errc::evidence_invalid;

constexpr bool statuses_are_negated_errc() {
    for (int i = 0; i <= static_cast<int>(kLastErrc); ++i)
        if (c_status(static_cast<Errc>(i)) != -i) return false;
    return true;
}
static_assert(statuses_are_negated_errc(), "KYSO_ERROR_* must be minus the Errc values (core/error.hpp)");
static_assert(KYSO_ERROR_INVALID_HANDLE < -static_cast<int>(kLastErrc) - 900, "C API codes stay below Errc's range");

}  // namespace

int status_of(Errc code) noexcept {
    return c_status(code);
}

void throw_error(const Error& error) {
    throw Failure{status_of(error.code), error.message};
}

void throw_usage(std::string message) {
    throw Failure{KYSO_ERROR_USAGE, std::move(message)};
}

void set_last_error(int status, std::string_view function, std::string_view message) noexcept {
    try {
        t_last_error.assign(function);
        t_last_error += ": ";
        t_last_error += message;
        const char* name = kyso_error_name(status);
        t_last_error += " [";
        t_last_error += name != nullptr ? name : "?";
        t_last_error += "]";
    } catch (...) {
        t_last_error.clear();  // no memory for the message: the status still says what happened
    }
}

void clear_last_error() noexcept {
    t_last_error.clear();
}

void copy_out(std::string_view text, char* out, std::size_t* out_len) {
    required(out_len, "out_len");
    const std::size_t needed = text.size() + 1;
    if (out == nullptr || *out_len < needed) {
        const std::size_t had = out == nullptr ? 0 : *out_len;
        *out_len = needed;
        throw Failure{KYSO_ERROR_BUFFER_TOO_SMALL,
                      "the value needs " + std::to_string(needed) + " bytes, the buffer has " + std::to_string(had)};
    }
    std::memcpy(out, text.data(), text.size());
    out[text.size()] = '\0';
    *out_len = needed;
}

void copy_out(ByteView bytes, std::uint8_t* out, std::size_t* out_len) {
    required(out_len, "out_len");
    if (out == nullptr || *out_len < bytes.size()) {
        const std::size_t had = out == nullptr ? 0 : *out_len;
        *out_len = bytes.size();
        throw Failure{KYSO_ERROR_BUFFER_TOO_SMALL, "the value needs " + std::to_string(bytes.size()) +
                                                       " bytes, the buffer has " + std::to_string(had)};
    }
    if (!bytes.empty()) std::memcpy(out, bytes.data(), bytes.size());
    *out_len = bytes.size();
}

}  // namespace kyso::capi

using namespace kyso;

extern "C" {

const char* kyso_last_error(void) {
    return capi::t_last_error.c_str();
}

const char* kyso_error_name(int status) {
    switch (status) {
        case KYSO_ERROR_INVALID_HANDLE:
            return "invalid_handle";
        case KYSO_ERROR_BUFFER_TOO_SMALL:
            return "buffer_too_small";
        default:
            break;
    }
    if (status > 0 || capi::status_of(static_cast<Errc>(-status)) != status) return nullptr;
    return errc_name(static_cast<Errc>(-status)).data();
}

}  // extern "C"
