#include <kyso/verify/report.hpp>

#include <nlohmann/json.hpp>

namespace kyso::verify {

namespace {
using nlohmann::ordered_json;

ordered_json opt(const std::optional<std::string>& v) {
    return v ? ordered_json(*v) : ordered_json(nullptr);
}

ordered_json time_json(const std::optional<TimePoint>& t) {
    return t ? ordered_json(format_rfc3339(*t)) : ordered_json(nullptr);
}

ordered_json revocation_json(const RevocationEvidence& r) {
    ordered_json j;
    j["certificate"] = r.certificate;
    j["serial"] = r.serial;
    j["source"] = r.source.empty() ? ordered_json(nullptr) : ordered_json(r.source);
    j["status"] = r.status;
    j["revocation_time"] = time_json(r.revocation_time);
    j["revocation_reason"] = r.revocation_reason.empty() ? ordered_json(nullptr) : ordered_json(r.revocation_reason);
    j["this_update"] = time_json(r.this_update);
    j["next_update"] = time_json(r.next_update);
    j["produced_at"] = time_json(r.produced_at);
    j["issuer"] = r.issuer.empty() ? ordered_json(nullptr) : ordered_json(r.issuer);
    j["url"] = r.url.empty() ? ordered_json(nullptr) : ordered_json(r.url);
    j["origin"] = r.origin.empty() ? ordered_json(nullptr) : ordered_json(r.origin);
    j["problem"] = r.problem.empty() ? ordered_json(nullptr) : ordered_json(r.problem);
    return j;
}

ordered_json signature_json(const SignatureReport& s) {
    ordered_json j;
    j["indication"] = indication_name(s.indication);
    j["sub_indication"] = s.sub_indication == SubIndication::none ? ordered_json(nullptr)
                                                                  : ordered_json(sub_indication_name(s.sub_indication));
    if (s.signer) {
        j["signer"] = {{"subject", s.signer->subject},
                       {"issuer", s.signer->issuer},
                       {"serial", s.signer->serial},
                       {"mst", opt(s.signer->mst)},
                       {"cccd", opt(s.signer->cccd)},
                       {"cmnd", opt(s.signer->cmnd)},
                       {"common_name", opt(s.signer->common_name)},
                       {"title", opt(s.signer->title)},
                       {"sha256_fingerprint", s.signer->sha256_fingerprint}};
    } else {
        j["signer"] = nullptr;
    }
    j["signing_time"] = time_json(s.signing_time);
    j["time_source"] = s.time_source == TimeSource::claimed     ? ordered_json("claimed")
                       : s.time_source == TimeSource::timestamp ? ordered_json("timestamp")
                                                                : ordered_json(nullptr);
    j["signed_scope"] = s.signed_scope;
    j["slot"] = s.slot;
    j["signature_algorithm"] = s.signature_algorithm;
    j["digest_algorithm"] = s.digest_algorithm;
    j["chain"] = s.chain;
    ordered_json revocation = ordered_json::array();
    for (const auto& r : s.revocation)
        revocation.push_back(revocation_json(r));
    j["revocation"] = std::move(revocation);
    j["warnings"] = s.warnings;
    j["errors"] = s.errors;
    return j;
}
}  // namespace

std::string Report::to_json(int indent) const {
    ordered_json j;
    j["tool"] = {{"name", "kyso"}, {"version", tool_version}};
    j["validation_time"] = format_rfc3339(validation_time);
    j["policy"] =
        policy_name.empty() ? ordered_json(nullptr) : ordered_json{{"name", policy_name}, {"version", policy_version}};
    ordered_json docs = ordered_json::array();
    for (const auto& d : documents) {
        ordered_json dj;
        dj["path"] = d.path;
        dj["format"] = d.format;
        dj["profile"] = d.profile.empty() ? ordered_json(nullptr) : ordered_json(d.profile);
        dj["error"] = d.error ? ordered_json{{"code", errc_name(d.error->code)}, {"message", d.error->message}}
                              : ordered_json(nullptr);
        ordered_json sigs = ordered_json::array();
        for (const auto& s : d.signatures)
            sigs.push_back(signature_json(s));
        dj["signatures"] = std::move(sigs);
        docs.push_back(std::move(dj));
    }
    j["documents"] = std::move(docs);
    if (revocation_stats) {
        const auto& r = *revocation_stats;
        j["revocation_lookups"] = {{"lookups", r.lookups},
                                   {"memory_hits", r.memory_hits},
                                   {"disk_hits", r.disk_hits},
                                   {"fetches", r.fetches},
                                   {"unavailable", r.unavailable}};
    }
    const Summary s = summary();
    j["summary"] = {{"documents", s.documents},         {"signatures", s.signatures},
                    {"total_passed", s.total_passed},   {"total_failed", s.total_failed},
                    {"indeterminate", s.indeterminate}, {"unreadable", s.unreadable}};
    // Invalid UTF-8 in a certificate field must not make the report unwritable.
    return j.dump(indent, ' ', false, ordered_json::error_handler_t::replace);
}

}  // namespace kyso::verify
