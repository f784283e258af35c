// kyso — what a verification is allowed to trust, and as of when.
#pragma once

#include <kyso/keys/certificate.hpp>

#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

namespace kyso::verify {

struct Context {
    std::vector<keys::Certificate> trust_anchors;
    std::vector<keys::Certificate> untrusted;  // intermediates that may be used to build paths
    std::optional<TimePoint> validation_time;  // default: now
    bool offline = false;
    // Facility binding: MACSKCB → allowed signer tax codes (MST) or SHA-256 fingerprints.
    // When set for a facility, a signer outside the list is SIG_CONSTRAINTS_FAILURE.
    std::map<std::string, std::set<std::string>> facility_binding;
};

}  // namespace kyso::verify
