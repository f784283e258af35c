// Revocation of a signature's certificate path, judged at the best signature time (private;
// ETSI EN 319 102-1 §5.2.6 and §5.6.2): revoked after the proof of existence still passes, revoked
// before it fails, revoked with nothing proving an earlier existence is REVOKED_NO_POE.
#pragma once

#include "verify/verdict.hpp"

#include <kyso/keys/certificate.hpp>
#include <kyso/verify/context.hpp>
#include <kyso/verify/report.hpp>

#include <optional>
#include <string_view>
#include <vector>

namespace kyso::verify {

// `path`: signer first, trust anchor last (the anchor is not checked). `at`: the validation time, which
// the evidence must be fresh at. `poe`: the time a trusted time-stamp proves the signature existed.
// Archived evidence (context.archived_revocation) that is fresh at `poe` is used before any other. Adds the evidence (and warnings) to `report` and the findings to `verdict`. `role` names
// the first certificate in messages ("signer", "TSA").
void judge_revocation(const std::vector<keys::Certificate>& path, const Context& context, TimePoint at,
                      std::optional<TimePoint> poe, Verdict& verdict, SignatureReport& report,
                      std::string_view role = "signer");

}  // namespace kyso::verify
