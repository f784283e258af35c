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
    revoked_no_poe,  // revoked, and nothing proves the signature existed before the revocation
    no_poe,
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

// The revocation status of one certificate of a signature's path, and where it came from: the
// evidence a verdict rests on (and that later signature levels or an archive can embed).
struct RevocationEvidence {
    std::string certificate;  // subject of the certificate whose status this is
    std::string serial;       // its serial number, hex
    std::string source;       // "ocsp" | "crl" | "" (none usable)
    std::string status;       // "good" | "revoked" | "unknown" | "unavailable" | "not_checked"
    std::optional<TimePoint> revocation_time;
    std::string revocation_reason;         // RFC 5280 reason name, when revoked and given
    std::optional<TimePoint> this_update;  // OCSP thisUpdate / CRL thisUpdate
    std::optional<TimePoint> next_update;  // OCSP nextUpdate / CRL nextUpdate
    std::optional<TimePoint> produced_at;  // OCSP producedAt
    std::string issuer;                    // OCSP responder or CRL issuer subject
    std::string url;                       // where it was fetched from
    std::string origin;                    // "network" | "cache" | "embedded"
    std::string problem;                   // why no usable status was obtained, in plain words
};

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
    std::vector<std::string> chain;              // subjects, signer first, anchor last (when a path was built)
    std::vector<RevocationEvidence> revocation;  // one entry per certificate checked, signer first
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

// How revocation evidence was obtained over a whole verification run.
struct EvidenceStats {
    std::size_t lookups = 0, memory_hits = 0, disk_hits = 0, fetches = 0, unavailable = 0;
};

struct Report {
    std::string tool_version;
    TimePoint validation_time{};
    // The dated algorithm policy the verdicts were reached under (name and version of the data file).
    std::string policy_name, policy_version;
    std::optional<EvidenceStats> revocation_stats;
    std::vector<DocumentReport> documents;

    Summary summary() const;
    // The JSON object of spec/cli.md.
    std::string to_json(int indent = 2) const;
};

}  // namespace kyso::verify
