#include "verify/revocation_check.hpp"

#include <kyso/trust/revocation.hpp>

#include <memory>

namespace kyso::verify {

namespace {

std::string_view status_name(trust::CertStatus s) {
    switch (s) {
        case trust::CertStatus::good:
            return "good";
        case trust::CertStatus::revoked:
            return "revoked";
        case trust::CertStatus::unknown:
            return "unknown";
        case trust::CertStatus::unavailable:
            return "unavailable";
    }
    return "unavailable";
}

std::string joined(const std::vector<std::string>& parts) {
    std::string out;
    for (const auto& p : parts)
        out += (out.empty() ? "" : "; ") + p;
    return out;
}

RevocationEvidence evidence_of(const keys::Certificate& cert, const trust::RevocationResult& r) {
    RevocationEvidence e;
    e.certificate = cert.subject();
    e.serial = cert.serial_hex();
    e.source = r.source;
    e.status = std::string(status_name(r.status));
    e.revocation_time = r.revocation_time;
    e.revocation_reason = r.revocation_reason;
    e.this_update = r.this_update;
    e.next_update = r.next_update;
    e.produced_at = r.produced_at;
    e.issuer = r.issuer;
    e.url = r.url;
    e.origin = r.origin;
    e.problem = joined(r.problems);
    return e;
}

std::string name_of(const keys::Certificate& cert) {
    return "'" + cert.identity().common_name.value_or(cert.subject()) + "'";
}

}  // namespace

void judge_revocation(const std::vector<keys::Certificate>& path, const Context& context, TimePoint at,
                      std::optional<TimePoint> poe, Verdict& verdict, SignatureReport& report, std::string_view role) {
    std::shared_ptr<trust::RevocationChecker> checker = context.revocation;
    if (!checker) {
        trust::RevocationOptions o;
        o.offline = context.offline;
        o.cache_dir = context.cache_dir;
        o.timeout = context.network_timeout;
        checker = std::make_shared<trust::RevocationChecker>(o);
    }
    for (std::size_t i = 0; i + 1 < path.size(); ++i) {
        const keys::Certificate& cert = path[i];
        // Evidence captured with the documents (an archive's) counts at the proof of existence: the
        // status then is what decides, and the responder may be long gone by the validation time.
        std::optional<trust::RevocationResult> archived;
        if (poe && context.archived_revocation) archived = context.archived_revocation->check(cert, path[i + 1], *poe);
        const auto r = archived ? std::move(*archived) : checker->check(cert, path[i + 1], at);
        RevocationEvidence e = evidence_of(cert, r);
        const std::string who =
            (i == 0 ? "the " + std::string(role) + " certificate " : std::string("the CA certificate ")) +
            name_of(cert);
        if (!r.has_sources && r.status == trust::CertStatus::unavailable) {
            e.status = "not_checked";
            e.problem = "the certificate names no OCSP responder and no CRL distribution point";
            report.warnings.push_back("revocation status of " + who +
                                      " was not checked: it names no OCSP responder and no CRL distribution point");
            report.revocation.push_back(std::move(e));
            continue;
        }
        switch (r.status) {
            case trust::CertStatus::good:
                break;
            case trust::CertStatus::revoked: {
                const TimePoint when = r.revocation_time.value_or(TimePoint{});
                std::string what = who + " was revoked on " + format_rfc3339(when);
                if (!r.revocation_reason.empty()) what += " (" + r.revocation_reason + ")";
                if (when > at) {
                    report.warnings.push_back(what + ", after the validation time");
                } else if (poe && *poe < when) {
                    report.warnings.push_back(what + ", after the signature's proof of existence at " +
                                              format_rfc3339(*poe) + "; the signature stays valid");
                } else if (poe) {
                    verdict.add(Indication::total_failed, SubIndication::revoked,
                                what + ", before the signature's proof of existence at " + format_rfc3339(*poe));
                } else {
                    verdict.add(Indication::indeterminate, SubIndication::revoked_no_poe,
                                what + ", and nothing proves the signature existed before that");
                }
                break;
            }
            case trust::CertStatus::unknown:
                verdict.add(Indication::indeterminate, SubIndication::certificate_chain_general_failure,
                            "the OCSP responder does not know " + who + " (status unknown): " + joined(r.problems));
                break;
            case trust::CertStatus::unavailable:
                verdict.add(Indication::indeterminate, SubIndication::try_later,
                            "the revocation status of " + who + " could not be established: " + joined(r.problems));
                break;
        }
        report.revocation.push_back(std::move(e));
    }
}

}  // namespace kyso::verify
