// kyso — verification of a whole archive: every batch as `kyso archive verify` checks one, and the log
// that binds them (every batch logged, none dropped or rewritten, checkpoints signed by the archive
// key, an auditor's old checkpoint consistent with the log).
#pragma once

#include <kyso/archive/archive_dir.hpp>
#include <kyso/archive/archive_verify.hpp>

namespace kyso::archive {

struct ArchiveDirVerification {
    std::string path, origin;
    LogAudit log;
    // The archive key (the latest checkpoint's signer) validated to the trust anchors at the checkpoint's
    // time: an archive whose log is signed by an untrusted key is indeterminate, as a signature would be.
    bool key_trusted = false;
    std::string key_problem;
    std::optional<SignedCheckpoint> auditor_checkpoint;
    std::vector<ArchiveVerification> batches;  // by batch directory name
    verify::Report report;                     // the documents of every batch

    bool failed() const;  // a batch failed, or the log has a problem
    bool unreadable() const;
    bool indeterminate() const;
};

// `old`: an auditor's checkpoint (already read with read_checkpoint), or none.
Result<ArchiveDirVerification> verify_archive_dir(const std::filesystem::path& dir, const ArchiveVerifyOptions& options,
                                                  const std::optional<SignedCheckpoint>& old);

// spec/cli.md verification JSON (the documents of all batches) plus an "archive" object: the log audit
// and each batch's archive object as `kyso archive verify BATCH` prints it.
std::string archive_dir_json(const ArchiveDirVerification& v, int indent = 2);
std::string archive_dir_text(const ArchiveDirVerification& v);

}  // namespace kyso::archive
