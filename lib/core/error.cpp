#include <kyso/core/error.hpp>

namespace kyso {

std::string_view errc_name(Errc code) noexcept {
    switch (code) {
        case Errc::ok:
            return "ok";
        case Errc::internal:
            return "internal";
        case Errc::usage:
            return "usage";
        case Errc::io:
            return "io";
        case Errc::malformed_xml:
            return "malformed_xml";
        case Errc::malformed_pdf:
            return "malformed_pdf";
        case Errc::unsupported:
            return "unsupported";
        case Errc::profile_violation:
            return "profile_violation";
        case Errc::already_signed:
            return "already_signed";
        case Errc::keyspec_invalid:
            return "keyspec_invalid";
        case Errc::module_load_failed:
            return "module_load_failed";
        case Errc::token_not_present:
            return "token_not_present";
        case Errc::pin_required:
            return "pin_required";
        case Errc::pin_incorrect:
            return "pin_incorrect";
        case Errc::pin_locked:
            return "pin_locked";
        case Errc::key_not_found:
            return "key_not_found";
        case Errc::mechanism_unsupported:
            return "mechanism_unsupported";
        case Errc::token_error:
            return "token_error";
        case Errc::signature_check_failed:
            return "signature_check_failed";
        case Errc::certificate_invalid:
            return "certificate_invalid";
        case Errc::network:
            return "network";
        case Errc::tsa_rejected:
            return "tsa_rejected";
        case Errc::cancelled:
            return "cancelled";
        case Errc::output_exists:
            return "output_exists";
        case Errc::revocation_invalid:
            return "revocation_invalid";
        case Errc::evidence_invalid:
            return "evidence_invalid";
    }
    return "internal";
}

}  // namespace kyso
