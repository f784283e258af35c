// Cryptographic constraints of one signature under the dated algorithm policy (private; ETSI EN 319
// 102-1 §5.2.8): every digest and key the signature and its certificate path rest on is judged.
#pragma once

#include "verify/verdict.hpp"

#include <kyso/keys/certificate.hpp>
#include <kyso/verify/algorithm_policy.hpp>
#include <kyso/verify/context.hpp>

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace kyso::verify {

// The policy a verification follows: the context's, or the built-in one.
std::shared_ptr<const AlgorithmPolicy> policy_of(const Context& context);

// A certificate's public key as the policy names it; `pss`: the signature it makes is RSASSA-PSS.
KeyDescription key_description(const keys::Certificate& certificate, bool pss = false);

// Collects the findings for one signature. Material the policy no longer trusts at the validation time
// is accepted when a proof of existence (a trusted time-stamp) shows the signature existed before the
// algorithm's sunset; otherwise it is INDETERMINATE/CRYPTO_CONSTRAINTS_FAILURE_NO_POE. Material that is
// never trusted (not listed, "never", too small) is INDETERMINATE/CRYPTO_CONSTRAINTS_FAILURE.
class CryptoConstraints {
public:
    CryptoConstraints(const Context& context, TimePoint validation_time, std::optional<TimePoint> poe);

    // `what` says where the algorithm is used, for the report: "the Reference digest".
    void digest(std::string_view algorithm, const std::string& what);
    void key(const KeyDescription& key, const std::string& what);
    // The issuer's signature on each certificate of `path` (signer first, trust anchor last): its digest
    // and the issuer's key. The anchor's own signature is not judged: it is trusted as configured.
    void certificate_path(const std::vector<keys::Certificate>& path);

    // Adds the findings to `verdict` (after the path's own findings: ETSI EN 319 102-1 judges X.509
    // validation before signature acceptance) and the accepted-by-POE notes to `warnings`.
    void apply(Verdict& verdict, std::vector<std::string>& warnings) const;

private:
    void judge(const AlgorithmAssessment& a, const std::string& what);

    std::shared_ptr<const AlgorithmPolicy> m_policy;
    TimePoint m_validation_time;
    std::optional<TimePoint> m_poe;
    struct Finding {
        SubIndication sub;
        std::string message;
    };
    std::vector<Finding> m_findings;
    std::vector<std::string> m_warnings;
};

}  // namespace kyso::verify
