#include "verify/poe.hpp"

#include "verify/chain.hpp"
#include "verify/revocation_check.hpp"
#include "verify/verdict.hpp"

#include <kyso/trust/timestamp.hpp>

namespace kyso::verify {

namespace {

Poe poe_of(const Result<trust::Timestamp>& ts, const Context& context, TimePoint at) {
    Poe poe;
    if (!ts) {
        poe.problem = ts.error().message;
        return poe;
    }
    if (!ts->tsa_certificate) {
        poe.problem = "the time-stamp does not carry its TSA certificate";
        return poe;
    }
    std::vector<keys::Certificate> extra;
    for (const auto& cert : ts->certificates)
        if (!cert.same_as(*ts->tsa_certificate)) extra.push_back(cert);
    const auto chain = validate_signer_chain(*ts->tsa_certificate, extra, context, at);
    if (chain.indication != Indication::total_passed) {
        poe.problem = "the time-stamp's TSA is not trusted: " + chain.message;
        return poe;
    }
    SignatureReport tsa;
    Verdict verdict;
    judge_revocation(chain.certificates, context, at, std::nullopt, verdict, tsa, "TSA");
    verdict.apply(tsa);
    poe.revocation = std::move(tsa.revocation);
    poe.warnings = std::move(tsa.warnings);
    if (tsa.indication != Indication::total_passed) {
        poe.problem = "the time-stamp's TSA certificate: " + (tsa.errors.empty() ? std::string() : tsa.errors.front());
        return poe;
    }
    poe.time = ts->gen_time;
    return poe;
}

}  // namespace

Poe timestamp_poe(ByteView token, ByteView data, const Context& context, TimePoint at) {
    return poe_of(trust::check_timestamp_over(token, data), context, at);
}

Poe timestamp_poe_imprint(ByteView token, ByteView imprint, keys::DigestAlgorithm digest, const Context& context,
                          TimePoint at) {
    return poe_of(trust::check_timestamp_token(token, imprint, digest), context, at);
}

void Poe::add_to(SignatureReport& report) const {
    report.revocation.insert(report.revocation.end(), revocation.begin(), revocation.end());
    report.warnings.insert(report.warnings.end(), warnings.begin(), warnings.end());
}

}  // namespace kyso::verify
