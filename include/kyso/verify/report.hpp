// kyso — a verification verdict is data: ETSI EN 319 102-1 indications in a report.
#pragma once

#include <kyso/core/bytes.hpp>
#include <kyso/core/error.hpp>
#include <kyso/core/time.hpp>

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace kyso::verify {

enum class Indication { total_passed, total_failed, indeterminate };

// ETSI EN 319 102-1 §5.1.3 sub-indications used by kyso.
enum class SubIndication {
    none,
    format_failure,
    hash_failure,
    sig_crypto_failure,
    revoked,
    expired,
    not_yet_valid,
    sig_constraints_failure,
    chain_constraints_failure,
    certificate_chain_general_failure,
    crypto_constraints_failure,
    crypto_constraints_failure_no_poe,
    no_signing_certificate_found,
    no_certificate_chain_found,
    out_of_bounds_no_poe,
    try_later,
    signed_data_not_found,
};

std::string_view indication_name(Indication i) noexcept;         // "TOTAL_PASSED", ...
std::string_view sub_indication_name(SubIndication s) noexcept;  // "HASH_FAILURE", ... ("" for none)

struct SignerIdentity {
    std::string subject, issuer, serial;
    std::optional<std::string> mst, cccd, cmnd;
    std::optional<std::string> common_name, title;
    std::string sha256_fingerprint;
};

enum class TimeSource { none, claimed, timestamp };

struct SignatureReport {
    Indication indication = Indication::indeterminate;
    SubIndication sub_indication = SubIndication::none;
    std::string slot;  // where the signature sits, e.g. "/GIAMDINHHS/CHUKYDONVI/Signature"
    std::optional<SignerIdentity> signer;
    std::optional<TimePoint> signing_time;
    TimeSource time_source = TimeSource::none;
    std::string signed_scope;         // human-readable: what exactly the signature covers
    std::string signature_algorithm;  // XML-DSig URI or OID name
    std::string digest_algorithm;
    std::vector<std::string> chain;  // subjects, signer first, anchor last (when a path was built)
    std::vector<std::string> warnings;
    std::vector<std::string> errors;
    // The document re-parsed from the exact canonical bytes that were digested (XML). Business values
    // must be read from here, never from the file as a whole.
    Bytes signed_view;
};

struct DocumentReport {
    std::string path;
    std::string format;          // "xml" | "pdf" | "archive-record"
    std::string profile;         // "claims", ...
    std::optional<Error> error;  // set when the document could not be read at all
    std::vector<SignatureReport> signatures;
};

struct Summary {
    std::size_t documents = 0, signatures = 0, total_passed = 0, total_failed = 0, indeterminate = 0, unreadable = 0;
};

struct Report {
    std::string tool_version;
    TimePoint validation_time{};
    std::vector<DocumentReport> documents;

    Summary summary() const;
    // The JSON object of spec/cli.md.
    std::string to_json(int indent = 2) const;
};

}  // namespace kyso::verify
