// kyso — verification of a whole archive: every batch as `kyso archive verify` checks one, and the log
// that binds them (every batch logged, none dropped or rewritten, checkpoints signed by the archive
// key, an auditor's old checkpoint consistent with the log).
#pragma once

#include <kyso/archive/archive_dir.hpp>
#include <kyso/archive/archive_verify.hpp>
#include <kyso/archive/verify_journal.hpp>

#include <cstdio>
#include <functional>
#include <ostream>

namespace kyso::archive {

struct ArchiveDirVerification {
    std::string path, origin;
    LogAudit log;
    // The archive key (the latest checkpoint's signer) validated to the trust anchors at the checkpoint's
    // time: an archive whose log is signed by an untrusted key is indeterminate, as a signature would be.
    bool key_trusted = false;
    std::string key_problem;
    std::optional<SignedCheckpoint> auditor_checkpoint;
    // Kept unless the batches were handed to a callback (verify_archive_dir's `on_batch`).
    std::vector<ArchiveVerification> batches;  // by batch directory name
    verify::Report report;                     // the documents of every batch (validation time, policy: always)
    // Over every batch, kept or not.
    std::size_t batch_count = 0;
    bool batch_failed = false, batch_unreadable = false, batch_indeterminate = false;
    verify::Summary summary;  // the documents' summary

    bool failed() const;  // a batch failed, or the log has a problem
    bool unreadable() const;
    bool indeterminate() const;
};

// `old`: an auditor's checkpoint (already read with read_checkpoint), or none. Every batch is judged at
// the same validation time (options' or now, taken once). With `on_batch`, each batch is handed over as
// soon as it is verified and not kept: memory stays that of one batch however large the archive.
// With `replay` (a resumed verification), a batch it answers for is not verified again: its outcome
// counts as given (the caller prints what it kept of it).
using BatchSink = std::function<void(const ArchiveVerification&)>;
using BatchReplay = std::function<std::optional<BatchOutcome>(const std::filesystem::path& batch_dir)>;
Result<ArchiveDirVerification> verify_archive_dir(const std::filesystem::path& dir, const ArchiveVerifyOptions& options,
                                                  const std::optional<SignedCheckpoint>& old,
                                                  const BatchSink& on_batch = {}, const BatchReplay& replay = {});

// What the archive's verdict keeps of a batch.
BatchOutcome outcome_of(const ArchiveVerification& batch);

// spec/cli.md verification JSON (the documents of all batches) plus an "archive" object: the log audit
// and each batch's archive object as `kyso archive verify BATCH` prints it.
std::string archive_dir_json(const ArchiveDirVerification& v, int indent = 2);
std::string archive_dir_text(const ArchiveDirVerification& v);

// The same JSON as archive_dir_json, written to `out` while the batches are verified: each batch's
// documents go out at once (one per line), its archive object to a temporary file that is copied after
// the log, so nothing grows with the archive but the output.
class ArchiveDirJsonStream {
public:
    explicit ArchiveDirJsonStream(std::ostream& out);
    ~ArchiveDirJsonStream();
    ArchiveDirJsonStream(const ArchiveDirJsonStream&) = delete;
    ArchiveDirJsonStream& operator=(const ArchiveDirJsonStream&) = delete;
    void batch(const ArchiveVerification& b);  // the sink for verify_archive_dir
    // A batch as archive_json(b, -1) printed it (a resumed verification's journal keeps that text).
    void batch_json(const std::string& text);
    // Errc::io when the temporary file failed.
    Result<void> finish(const ArchiveDirVerification& v);

private:
    std::ostream& m_out;
    std::FILE* m_spill = nullptr;
    bool m_started = false, m_any_document = false, m_any_batch = false;
    void start(const verify::Report& report);
};

}  // namespace kyso::archive
