// kyso — revocation status of certificates: OCSP (RFC 6960) first, then CRLs (RFC 5280), over HTTP,
// with a memory and disk cache of the evidence, and an offline mode that uses only cached evidence.
#pragma once

#include <kyso/core/bytes.hpp>
#include <kyso/core/time.hpp>
#include <kyso/keys/certificate.hpp>

#include <chrono>
#include <cstddef>
#include <filesystem>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <vector>

namespace kyso::trust {

struct RevocationOptions {
    bool offline = false;                      // no network: memory and disk cache only
    std::filesystem::path cache_dir;           // empty: nothing is kept between runs
    std::chrono::milliseconds timeout{10000};  // per HTTP exchange
    // How long an OCSP response without nextUpdate stays usable after its thisUpdate.
    std::chrono::seconds max_age_without_next_update{std::chrono::hours(24)};
    // Tolerated clock difference with a responder (thisUpdate slightly in the future).
    std::chrono::seconds clock_skew{std::chrono::minutes(5)};
};

enum class CertStatus {
    good,
    revoked,
    unknown,      // the responder does not know the certificate
    unavailable,  // no usable evidence: no source, unreachable, refused, invalid or not fresh
};

// The status of one certificate and the evidence it rests on.
struct RevocationResult {
    CertStatus status = CertStatus::unavailable;
    std::string source;  // "ocsp" | "crl" | "" (none usable)
    std::optional<TimePoint> revocation_time;
    std::string revocation_reason;  // RFC 5280 CRLReason name, when given
    std::optional<TimePoint> this_update, next_update, produced_at;
    std::string issuer;  // OCSP responder / CRL issuer subject
    std::string url;
    std::string origin;                 // "network" | "cache" | "memory"
    Bytes evidence;                     // DER OCSPResponse or CertificateList, as received
    bool has_sources = false;           // the certificate names an OCSP responder or a CRL distribution point
    std::vector<std::string> problems;  // what went wrong with each source tried, in plain words
};

struct RevocationStats {
    std::size_t lookups = 0;      // check() calls
    std::size_t memory_hits = 0;  // answered from evidence already parsed in this process
    std::size_t disk_hits = 0;    // answered from the disk cache
    std::size_t fetches = 0;      // HTTP exchanges made
    std::size_t unavailable = 0;  // lookups that ended without usable evidence
};

// Thread-safe; one checker serves a whole batch so each responder is asked once per certificate.
class RevocationChecker {
public:
    explicit RevocationChecker(RevocationOptions options);
    ~RevocationChecker();
    RevocationChecker(const RevocationChecker&) = delete;
    RevocationChecker& operator=(const RevocationChecker&) = delete;

    // The status of `cert`, issued by `issuer`, from evidence that is fresh at `at` (its nextUpdate,
    // or thisUpdate + max_age_without_next_update, is not before `at`). OCSP responders named in the
    // certificate's AIA come first; its CRL distribution points are the fallback. An OCSP response
    // counts only when signed by the issuer or by a responder the issuer certified for
    // id-kp-OCSPSigning, and (fetched now) when it echoes the request's nonce; a CRL only when the
    // issuer signed it.
    RevocationResult check(const keys::Certificate& cert, const keys::Certificate& issuer, TimePoint at);

    RevocationStats stats() const;
    const RevocationOptions& options() const;

private:
    struct Impl;
    std::unique_ptr<Impl> m_impl;
};

// Revocation evidence captured with the documents (an archive batch's evidence/validation-data/): DER
// OCSP responses and CRLs. Nothing is trusted for being here: each is checked like a fresh answer when
// used. Thread-safe.
class ArchivedRevocation {
public:
    // max_age: how long an OCSP response or CRL without nextUpdate stays usable after its thisUpdate.
    explicit ArchivedRevocation(std::chrono::seconds max_age = std::chrono::hours(24)) : m_max_age(max_age) {}
    void add(ByteView der);  // the same bytes added twice are kept once
    bool empty() const;
    // The status of `cert` from this evidence alone (never a cache or the network), fresh at `at` (a
    // proof-of-existence time: the certificate's status then is what counts): the newest OCSP response
    // about it signed by the issuer or its delegated responder, else the newest CRL the issuer signed.
    // nullopt when none holds. origin "archive". Answers are remembered per certificate and time.
    std::optional<RevocationResult> check(const keys::Certificate& cert, const keys::Certificate& issuer, TimePoint at);

private:
    std::chrono::seconds m_max_age;
    mutable std::mutex m_mutex;
    std::vector<Bytes> m_evidence;
    std::set<std::string> m_digests;                                   // SHA-256 hex of each
    std::map<std::string, std::optional<RevocationResult>> m_answers;  // certificate + "@" + time
};

// Whether the certificate names an OCSP responder or a CRL distribution point (http/https).
bool has_revocation_sources(const keys::Certificate& cert);

// Where the CLI keeps fetched evidence by default: $KYSO_CACHE_DIR, else $XDG_CACHE_HOME/kyso, else
// ~/.cache/kyso (empty when none of these can be determined).
std::filesystem::path default_cache_dir();

}  // namespace kyso::trust
