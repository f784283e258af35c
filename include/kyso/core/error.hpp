// kyso — error codes and the Error value carried by Result.
#pragma once

#include <string>
#include <string_view>

namespace kyso {

// Append-only: the numeric values are part of the C API (negated there) and must never change.
enum class Errc : int {
    ok = 0,
    internal = 1,       // a bug in kyso
    usage = 2,          // bad arguments or configuration
    io = 3,             // a file could not be read or written
    malformed_xml = 4,  // not well-formed, not UTF-8, DOCTYPE present, ...
    malformed_pdf = 5,
    unsupported = 6,          // a document, algorithm or feature kyso does not handle
    profile_violation = 7,    // the document does not fit the signing profile (no slot, no Id, ...)
    already_signed = 8,       // the profile's signature slot is already taken
    keyspec_invalid = 9,      // KEYSPEC or PKCS#11 URI cannot be parsed
    module_load_failed = 10,  // the PKCS#11 library cannot be loaded
    token_not_present = 11,   // no token matches, or it was removed
    pin_required = 12,        // a PIN is needed and none could be obtained
    pin_incorrect = 13,
    pin_locked = 14,
    key_not_found = 15,  // no private key / certificate matches
    mechanism_unsupported = 16,
    token_error = 17,             // any other PKCS#11 failure
    signature_check_failed = 18,  // the token returned a signature the certificate does not verify
    certificate_invalid = 19,     // a certificate cannot be parsed or does not match its key
    network = 20,
    tsa_rejected = 21,
    cancelled = 22,
    output_exists = 23,       // an output exists and --force was not given
    revocation_invalid = 24,  // an OCSP response or CRL is malformed, wrongly signed or not authorised
    evidence_invalid = 25,    // archive evidence (evidence record, manifest, log checkpoint) malformed or not matching
};

std::string_view errc_name(Errc code) noexcept;

struct Error {
    Errc code = Errc::internal;
    std::string message;  // names the operation and the input; never a PIN, key or patient data
};

}  // namespace kyso
