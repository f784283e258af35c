// Certificate path building and validation at a point in time (private).
#pragma once

#include <kyso/keys/certificate.hpp>
#include <kyso/verify/context.hpp>
#include <kyso/verify/report.hpp>

#include <vector>

namespace kyso::verify {

struct ChainResult {
    Indication indication = Indication::total_passed;
    SubIndication sub_indication = SubIndication::none;
    std::vector<std::string> chain;  // subjects, signer first
    std::string message;             // why, when not passed
    // The same path as certificates (signer first, anchor last): for the algorithm policy and revocation.
    std::vector<keys::Certificate> certificates;
};

// Builds a path from `signer` to one of the context's trust anchors (any certificate in the trust
// list is an anchor, so trusting an issuing CA works), using the context's untrusted certificates and
// `extra` (certificates carried by the signature). Validates at `at`; checks the signer's key usage
// for document signing. Revocation is judged separately (verify/revocation_check.hpp).
ChainResult validate_signer_chain(const keys::Certificate& signer, const std::vector<keys::Certificate>& extra,
                                  const Context& context, TimePoint at);

}  // namespace kyso::verify
