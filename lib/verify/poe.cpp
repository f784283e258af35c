#include "verify/poe.hpp"

#include "verify/chain.hpp"

#include <kyso/trust/timestamp.hpp>

namespace kyso::verify {

Poe timestamp_poe(ByteView token, ByteView data, const Context& context, TimePoint at) {
    Poe poe;
    auto ts = trust::check_timestamp_over(token, data);
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
    poe.time = ts->gen_time;
    return poe;
}

}  // namespace kyso::verify
