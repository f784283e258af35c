// kyso — what a verification is allowed to trust, and as of when.
#pragma once

#include <kyso/keys/certificate.hpp>

#include <chrono>
#include <filesystem>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <vector>

namespace kyso::trust {
class RevocationChecker;  // kyso/trust/revocation.hpp
class ArchivedRevocation;
}  // namespace kyso::trust

namespace kyso::verify {

class AlgorithmPolicy;  // kyso/verify/algorithm_policy.hpp

struct Context {
    std::vector<keys::Certificate> trust_anchors;
    std::vector<keys::Certificate> untrusted;  // intermediates that may be used to build paths
    std::optional<TimePoint> validation_time;  // default: now
    // Only evidence embedded in the documents or already in the cache is used: no network.
    bool offline = false;
    // Revocation (OCSP, CRL): where fetched responses are kept between runs (empty: memory only), and
    // how long one fetch may take. `revocation` is shared by every document of a batch (null: one is
    // made per verification, so nothing is shared).
    std::filesystem::path cache_dir;
    std::chrono::milliseconds network_timeout{10000};
    std::shared_ptr<trust::RevocationChecker> revocation;
    // Revocation evidence captured with the documents (an archive batch's validation data): judged at
    // the signature's proof of existence, before `revocation` is asked (null: none).
    std::shared_ptr<trust::ArchivedRevocation> archived_revocation;
    // Intermediates missing from the signature and the untrusted list are fetched from the
    // authorityInfoAccess caIssuers URIs (cached like revocation evidence; only the cache when offline).
    bool fetch_ca_issuers = false;
    // The dated algorithm policy the verdicts follow (null: the built-in default).
    std::shared_ptr<const AlgorithmPolicy> algorithm_policy;
    // Facility binding: MACSKCB → allowed signer tax codes (MST) or SHA-256 fingerprints.
    // When set for a facility, a signer outside the list is SIG_CONSTRAINTS_FAILURE.
    std::map<std::string, std::set<std::string>> facility_binding;
};

}  // namespace kyso::verify
