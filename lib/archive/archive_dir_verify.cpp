// Verification of an archive directory: its batches, and its log.
#include <kyso/archive/archive_dir_verify.hpp>

#include <kyso/archive/batch_create.hpp>
#include <kyso/batch/verify.hpp>
#include <kyso/verify/algorithm_policy.hpp>

#include "verify/chain.hpp"

#include <algorithm>
#include <sstream>

namespace kyso::archive {

namespace fs = std::filesystem;

bool ArchiveDirVerification::failed() const {
    return !log.problems.empty() || batch_failed;
}
bool ArchiveDirVerification::unreadable() const {
    return batch_unreadable;
}
bool ArchiveDirVerification::indeterminate() const {
    return (log.checkpoint && !key_trusted) || batch_indeterminate;
}

BatchOutcome outcome_of(const ArchiveVerification& b) {
    return {b.failed(), b.unreadable(), b.indeterminate(), b.report.summary()};
}

Result<ArchiveDirVerification> verify_archive_dir(const fs::path& dir, const ArchiveVerifyOptions& given,
                                                  const std::optional<SignedCheckpoint>& old, const BatchSink& on_batch,
                                                  const BatchReplay& replay) {
    ArchiveVerifyOptions options = given;
    if (!options.context.validation_time) options.context.validation_time = now_utc();
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
    const auto policy =
        options.context.algorithm_policy ? options.context.algorithm_policy : verify::AlgorithmPolicy::builtin();
    v.report.tool_version = std::string(tool_label().substr(5));
    v.report.validation_time = *options.context.validation_time;
    v.report.policy_name = policy->name();
    v.report.policy_version = policy->version();
    const auto count = [&v](const BatchOutcome& o) {
        ++v.batch_count;
        v.batch_failed = v.batch_failed || o.failed;
        v.batch_unreadable = v.batch_unreadable || o.unreadable;
        v.batch_indeterminate = v.batch_indeterminate || o.indeterminate;
        const verify::Summary& s = o.summary;
        v.summary.documents += s.documents;
        v.summary.signatures += s.signatures;
        v.summary.total_passed += s.total_passed;
        v.summary.total_failed += s.total_failed;
        v.summary.indeterminate += s.indeterminate;
        v.summary.unreadable += s.unreadable;
    };
    for (const fs::path& batch : archive_batches(dir)) {
        if (replay) {
            if (const std::optional<BatchOutcome> kept = replay(batch)) {
                count(*kept);
                continue;
            }
        }
        KYSO_TRY(ArchiveVerification b, verify_archive(batch, options));
        count(outcome_of(b));
        if (on_batch) {
            on_batch(b);
            continue;
        }
        for (const auto& d : b.report.documents)  // copied: the batch's text report lists them too
            v.report.documents.push_back(d);
        v.batches.push_back(std::move(b));
    }
    return v;
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
