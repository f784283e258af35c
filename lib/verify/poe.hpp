// Proof of existence from an RFC 3161 time-stamp (private; ETSI EN 319 102-1 §5.6.2.2): a checked
// token counts only when its TSA certificate chains to a trust anchor at the validation time and is not
// revoked (a revoked TSA taints every token: nothing proves a token was made before the revocation).
#pragma once

#include <kyso/core/bytes.hpp>
#include <kyso/core/time.hpp>
#include <kyso/keys/signer.hpp>
#include <kyso/verify/context.hpp>
#include <kyso/verify/report.hpp>

#include <optional>
#include <string>

namespace kyso::verify {

struct Poe {
    std::optional<TimePoint> time;  // set when the time-stamp is valid and trusted
    std::string problem;            // why not, for a warning
    // The revocation status of the TSA's certificates, and warnings about it, for the signature's report.
    std::vector<RevocationEvidence> revocation;
    std::vector<std::string> warnings;

    // Adds the TSA's evidence and warnings to a signature's report.
    void add_to(SignatureReport& report) const;
};

// `token` time-stamps `data` (the signature value for PAdES B-T, the whole file for a detached token).
Poe timestamp_poe(ByteView token, ByteView data, const Context& context, TimePoint at);

// `token` time-stamps a digest computed elsewhere (an archive's Merkle root): its messageImprint must be
// `imprint`, made with `digest`.
Poe timestamp_poe_imprint(ByteView token, ByteView imprint, keys::DigestAlgorithm digest, const Context& context,
                          TimePoint at);

}  // namespace kyso::verify
