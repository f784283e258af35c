// Verification of an archive directory: its batches, and its log.
#include <kyso/archive/archive_dir_verify.hpp>

#include <kyso/batch/verify.hpp>

#include "verify/chain.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <sstream>

namespace kyso::archive {

namespace fs = std::filesystem;
using Json = nlohmann::ordered_json;

bool ArchiveDirVerification::failed() const {
    return !log.problems.empty() ||
           std::any_of(batches.begin(), batches.end(), [](const ArchiveVerification& b) { return b.failed(); });
}
bool ArchiveDirVerification::unreadable() const {
    return std::any_of(batches.begin(), batches.end(), [](const ArchiveVerification& b) { return b.unreadable(); });
}
bool ArchiveDirVerification::indeterminate() const {
    return (log.checkpoint && !key_trusted) ||
           std::any_of(batches.begin(), batches.end(), [](const ArchiveVerification& b) { return b.indeterminate(); });
}

Result<ArchiveDirVerification> verify_archive_dir(const fs::path& dir, const ArchiveVerifyOptions& options,
                                                  const std::optional<SignedCheckpoint>& old) {
    KYSO_TRY(const ArchiveLog log, ArchiveLog::open(dir));
    ArchiveDirVerification v;
    v.path = dir.string();
    v.origin = log.origin();
    v.auditor_checkpoint = old;
    KYSO_TRY(v.log, audit_archive(dir, old));
    if (v.log.checkpoint) {
        const SignedCheckpoint& cp = *v.log.checkpoint;
        const std::vector<keys::Certificate> carried(cp.certificates.begin() + 1, cp.certificates.end());
        const verify::ChainResult chain = verify::validate_signer_chain(
            cp.certificates.front(), carried, batch::complete_context(options.context), cp.checkpoint.time);
        v.key_trusted = chain.indication == verify::Indication::total_passed;
        if (!v.key_trusted)
            v.key_problem = "the archive key (" + cp.certificates.front().subject() +
                            ") is not trusted at the checkpoint's time: " + chain.message;
    }
    for (const fs::path& batch : archive_batches(dir)) {
        KYSO_TRY(ArchiveVerification b, verify_archive(batch, options));
        if (v.report.tool_version.empty()) {
            v.report.tool_version = b.report.tool_version;
            v.report.validation_time = b.report.validation_time;
            v.report.policy_name = b.report.policy_name;
            v.report.policy_version = b.report.policy_version;
        }
        for (auto& d : b.report.documents)
            v.report.documents.push_back(d);
        v.batches.push_back(std::move(b));
    }
    return v;
}

std::string archive_dir_json(const ArchiveDirVerification& v, int indent) {
    Json j = Json::parse(v.report.to_json(-1));
    Json a;
    a["kind"] = "archive";
    a["path"] = v.path;
    a["origin"] = v.origin;
    a["status"] = v.failed() ? "FAILED" : v.unreadable() ? "UNREADABLE" : v.indeterminate() ? "INDETERMINATE" : "OK";
    Json log{{"size", v.log.size}, {"checkpoint_matches", v.log.checkpoint_matches}, {"problems", v.log.problems}};
    if (v.log.checkpoint) {
        const Checkpoint& c = v.log.checkpoint->checkpoint;
        log["checkpoint"] = {{"size", c.size},
                             {"root", to_hex(c.root)},
                             {"time", format_rfc3339(c.time)},
                             {"signer", v.log.checkpoint->certificates.at(0).subject()},
                             {"signer_trusted", v.key_trusted},
                             {"signer_problem", v.key_problem}};
    }
    if (v.auditor_checkpoint) {
        const Checkpoint& c = v.auditor_checkpoint->checkpoint;
        log["auditor_checkpoint"] = {{"size", c.size},
                                     {"root", to_hex(c.root)},
                                     {"time", format_rfc3339(c.time)},
                                     {"consistent", v.log.old_checkpoint_consistent}};
    }
    a["log"] = std::move(log);
    a["batches"] = Json::array();
    for (const ArchiveVerification& b : v.batches)
        a["batches"].push_back(Json::parse(archive_json(b, -1))["archive"]);
    j["archive"] = std::move(a);
    return j.dump(indent);
}

std::string archive_dir_text(const ArchiveDirVerification& v) {
    std::ostringstream o;
    o << "Archive " << v.origin << ": " << v.path << "\n";
    o << "  log: " << v.log.size << " batches";
    if (v.log.checkpoint)
        o << ", checkpoint of " << format_rfc3339(v.log.checkpoint->checkpoint.time) << " signed by "
          << v.log.checkpoint->certificates.at(0).subject();
    o << "\n";
    if (v.auditor_checkpoint)
        o << "  auditor's checkpoint (" << v.auditor_checkpoint->checkpoint.size << " batches, "
          << format_rfc3339(v.auditor_checkpoint->checkpoint.time)
          << "): " << (v.log.old_checkpoint_consistent ? "the log continues it" : "NOT CONSISTENT") << "\n";
    if (!v.key_problem.empty()) o << "  ARCHIVE KEY: " << v.key_problem << "\n";
    for (const std::string& p : v.log.problems)
        o << "  LOG PROBLEM: " << p << "\n";
    for (const ArchiveVerification& b : v.batches)
        o << archive_text(b);
    return o.str();
}

}  // namespace kyso::archive
