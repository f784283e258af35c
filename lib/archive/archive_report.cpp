// The archive verification as JSON (spec/cli.md's verification object plus "archive") and as text.
#include <kyso/archive/archive_verify.hpp>

#include <nlohmann/json.hpp>

#include <sstream>

namespace kyso::archive {

namespace {

using Json = nlohmann::ordered_json;

std::string_view timestamp_status_name(TimestampCheck::Status s) {
    switch (s) {
        case TimestampCheck::Status::trusted:
            return "TRUSTED";
        case TimestampCheck::Status::untrusted:
            return "UNTRUSTED";
        case TimestampCheck::Status::invalid:
            return "INVALID";
        case TimestampCheck::Status::absent:
            return "ABSENT";
    }
    return "?";
}

Json time_or_null(const std::optional<TimePoint>& t) {
    return t ? Json(format_rfc3339(*t)) : Json(nullptr);
}

Json file_json(const FileCheck& f) {
    Json j{{"path", f.path}, {"status", file_status_name(f.status)}};
    if (!f.detail.empty()) j["detail"] = f.detail;
    if (!f.renamed_to.empty()) j["renamed_to"] = f.renamed_to;
    return j;
}

std::string record_status(const RecordCheck& r) {
    if (!r.present) return "MISSING";
    for (const auto& f : r.files)
        if (f.status != FileStatus::ok && f.status != FileStatus::unreadable) return "CHANGED";
    if (!r.problems.empty()) return "CHANGED";
    for (const auto& f : r.files)
        if (f.status == FileStatus::unreadable) return "UNREADABLE";
    return r.proof_ok ? "OK" : "UNPROVEN";
}

}  // namespace

std::string archive_json(const ArchiveVerification& v, int indent) {
    Json j = Json::parse(v.report.to_json(-1));
    Json a;
    a["kind"] = v.kind;
    a["path"] = v.path;
    if (!v.batch_id.empty()) a["batch_id"] = v.batch_id;
    a["status"] = v.failed() ? "FAILED" : v.unreadable() ? "UNREADABLE" : v.indeterminate() ? "INDETERMINATE" : "OK";
    a["problems"] = v.problems;
    a["proof"] = {{"ok", v.proof_ok}, {"root", v.root_hex}, {"problem", v.proof_problem}};
    a["timestamp"] = {{"status", timestamp_status_name(v.timestamp.status)},
                      {"gen_time", time_or_null(v.timestamp.gen_time)},
                      {"tsa", v.timestamp.tsa},
                      {"tsa_not_after", time_or_null(v.timestamp.tsa_not_after)},
                      {"problem", v.timestamp.problem}};
    a["timestamps"] = Json::array();
    for (const auto& t : v.timestamps)
        a["timestamps"].push_back({{"chain", t.chain},
                                   {"index", t.index},
                                   {"algorithm", t.algorithm},
                                   {"status", timestamp_status_name(t.status)},
                                   {"gen_time", time_or_null(t.gen_time)},
                                   {"tsa", t.tsa},
                                   {"tsa_not_after", time_or_null(t.tsa_not_after)},
                                   {"checked_at", time_or_null(t.checked_at)},
                                   {"problem", t.problem}});
    a["statement"] = {{"t0", time_or_null(v.t0)},
                      {"t1", time_or_null(v.t1)},
                      {"renewal_due", time_or_null(v.renewal_due)},
                      {"text", v.statement}};
    a["tag_files"] = Json::array();
    for (const auto& f : v.tag_files)
        if (f.status != FileStatus::ok) a["tag_files"].push_back(file_json(f));
    a["other_files"] = Json::array();
    for (const auto& f : v.other_files)
        a["other_files"].push_back(file_json(f));
    a["records"] = Json::array();
    std::size_t ok = 0;
    for (const auto& r : v.records) {
        Json rj{{"record_id", r.record_id}, {"status", record_status(r)}, {"proof_ok", r.proof_ok}};
        rj["problems"] = r.problems;
        if (!r.notes.empty()) rj["notes"] = r.notes;
        rj["files"] = Json::array();
        for (const auto& f : r.files)
            rj["files"].push_back(file_json(f));
        if (record_status(r) == "OK") ++ok;
        a["records"].push_back(std::move(rj));
    }
    a["summary"] = {{"records", v.records.size()}, {"records_ok", ok}};
    j["archive"] = std::move(a);
    return j.dump(indent);
}

std::string archive_text(const ArchiveVerification& v) {
    std::ostringstream o;
    o << "Archive " << v.kind << ": " << v.path << "\n";
    if (!v.batch_id.empty()) o << "  batch id: " << v.batch_id << "\n";
    for (const auto& p : v.problems)
        o << "  PROBLEM: " << p << "\n";
    for (const auto& f : v.tag_files)
        if (f.status != FileStatus::ok)
            o << "  " << file_status_name(f.status) << " " << f.path << ": " << f.detail << "\n";
    for (const auto& f : v.other_files)
        o << "  " << file_status_name(f.status) << " " << f.path << ": " << f.detail << "\n";
    o << "  Merkle proof: " << (v.proof_ok ? "OK" : "FAILED")
      << (v.root_hex.empty() ? "" : " (root " + v.root_hex + ")") << "\n";
    if (!v.proof_problem.empty()) o << "    " << v.proof_problem << "\n";
    o << "  time-stamp: " << timestamp_status_name(v.timestamp.status);
    if (v.timestamp.gen_time) o << " at " << format_rfc3339(*v.timestamp.gen_time);
    if (!v.timestamp.tsa.empty()) o << " by " << v.timestamp.tsa;
    o << "\n";
    if (!v.timestamp.problem.empty()) o << "    " << v.timestamp.problem << "\n";
    if (v.timestamps.size() > 1)  // renewed: each time-stamp, judged at the next one's time
        for (const auto& t : v.timestamps) {
            o << "    chain " << t.chain << " #" << t.index << " " << t.algorithm << ": "
              << timestamp_status_name(t.status);
            if (t.gen_time) o << " at " << format_rfc3339(*t.gen_time);
            if (!t.tsa.empty()) o << " by " << t.tsa;
            if (t.checked_at) o << ", judged at " << format_rfc3339(*t.checked_at);
            o << "\n";
        }
    for (std::size_t i = 0; i < v.records.size(); ++i) {
        const auto& r = v.records[i];
        o << "  record " << r.record_id << ": " << record_status(r) << "\n";
        for (const auto& f : r.files)
            if (f.status != FileStatus::ok)
                o << "    " << file_status_name(f.status) << " " << f.path << (f.detail.empty() ? "" : ": " + f.detail)
                  << "\n";
        for (const auto& p : r.problems)
            o << "    PROBLEM: " << p << "\n";
        for (const auto& n : r.notes)
            o << "    note: " << n << "\n";
        if (i < v.report.documents.size())
            for (const auto& s : v.report.documents[i].signatures)
                o << "    signature " << s.slot << ": " << verify::indication_name(s.indication)
                  << (s.sub_indication == verify::SubIndication::none
                          ? std::string()
                          : "/" + std::string(verify::sub_indication_name(s.sub_indication)))
                  << "\n";
    }
    if (!v.statement.empty()) o << (v.failed() ? "  The records marked OK " : "  The records ") << v.statement << ".\n";
    if (!v.records.empty() && v.t0)
        o << "  Signatures in the records proven unaltered are judged with T0 as proof of existence (unless they "
             "carry a trusted signature time-stamp of their own, which comes first).\n";
    o << "  Result: "
      << (v.failed()          ? "FAILED"
          : v.unreadable()    ? "UNREADABLE"
          : v.indeterminate() ? "INDETERMINATE"
                              : "OK")
      << "\n";
    return o.str();
}

}  // namespace kyso::archive
