#include <kyso/verify/report.hpp>

namespace kyso::verify {

std::string_view indication_name(Indication i) noexcept {
    switch (i) {
        case Indication::total_passed:
            return "TOTAL_PASSED";
        case Indication::total_failed:
            return "TOTAL_FAILED";
        case Indication::indeterminate:
            return "INDETERMINATE";
    }
    return "INDETERMINATE";
}

std::string_view sub_indication_name(SubIndication s) noexcept {
    switch (s) {
        case SubIndication::none:
            return "";
        case SubIndication::format_failure:
            return "FORMAT_FAILURE";
        case SubIndication::hash_failure:
            return "HASH_FAILURE";
        case SubIndication::sig_crypto_failure:
            return "SIG_CRYPTO_FAILURE";
        case SubIndication::revoked:
            return "REVOKED";
        case SubIndication::expired:
            return "EXPIRED";
        case SubIndication::not_yet_valid:
            return "NOT_YET_VALID";
        case SubIndication::sig_constraints_failure:
            return "SIG_CONSTRAINTS_FAILURE";
        case SubIndication::chain_constraints_failure:
            return "CHAIN_CONSTRAINTS_FAILURE";
        case SubIndication::certificate_chain_general_failure:
            return "CERTIFICATE_CHAIN_GENERAL_FAILURE";
        case SubIndication::crypto_constraints_failure:
            return "CRYPTO_CONSTRAINTS_FAILURE";
        case SubIndication::crypto_constraints_failure_no_poe:
            return "CRYPTO_CONSTRAINTS_FAILURE_NO_POE";
        case SubIndication::no_signing_certificate_found:
            return "NO_SIGNING_CERTIFICATE_FOUND";
        case SubIndication::no_certificate_chain_found:
            return "NO_CERTIFICATE_CHAIN_FOUND";
        case SubIndication::out_of_bounds_no_poe:
            return "OUT_OF_BOUNDS_NO_POE";
        case SubIndication::try_later:
            return "TRY_LATER";
        case SubIndication::signed_data_not_found:
            return "SIGNED_DATA_NOT_FOUND";
        case SubIndication::revoked_no_poe:
            return "REVOKED_NO_POE";
        case SubIndication::no_poe:
            return "NO_POE";
    }
    return "";
}

Summary Report::summary() const {
    Summary s;
    s.documents = documents.size();
    for (const auto& d : documents) {
        if (d.error) ++s.unreadable;
        for (const auto& sig : d.signatures) {
            ++s.signatures;
            switch (sig.indication) {
                case Indication::total_passed:
                    ++s.total_passed;
                    break;
                case Indication::total_failed:
                    ++s.total_failed;
                    break;
                case Indication::indeterminate:
                    ++s.indeterminate;
                    break;
            }
        }
    }
    return s;
}

}  // namespace kyso::verify
