// kyso — an archive: batches appended under one log with signed checkpoints.
//
//   ARCHIVE/archive.txt, ARCHIVE/log/...     the log (kyso/archive/log_store.hpp)
//   ARCHIVE/batches/<batch id>/              each appended batch (a bag made by `kyso archive create`),
//                                            with evidence/checkpoint: the checkpoint after its append
#pragma once

#include <kyso/archive/log_store.hpp>
#include <kyso/keys/signer.hpp>

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace kyso::archive {

// Whether `dir` holds an archive (archive.txt).
bool is_archive(const std::filesystem::path& dir);

// The log entry of a batch as it is now on disk: bag-info External-Identifier, the root its
// evidence/batch.ers time-stamps, the SHA-256 of its first time-stamp token (renewals append to
// evidence/batch.ers and leave the logged entry as it was). Errc::evidence_invalid when the bag
// has none of these in order.
Result<LogEntry> batch_log_entry(const std::filesystem::path& batch_dir);

struct AppendOptions {
    std::filesystem::path archive;               // created when it holds no archive yet
    std::string origin;                          // the new archive's id; required to create one
    std::vector<std::filesystem::path> batches;  // bags made by `kyso archive create`
};

struct AppendResult {
    std::vector<LogEntry> appended;
    std::vector<std::filesystem::path> placed;  // ARCHIVE/batches/<id>, in order
    SignedCheckpoint checkpoint;
};

// Moves each batch into ARCHIVE/batches/<batch id> (a rename: the batch must be on the archive's file
// system), appends their entries to the log, signs one checkpoint with the archive key, and writes it
// into each appended batch as evidence/checkpoint (its tag manifests updated). An interrupted append is
// finished by giving the same batches again: one already moved there and not yet logged is logged now;
// one logged after the latest checkpoint (the append stopped before signing) gets its checkpoint now.
// A batch id already logged and signed for is Errc::output_exists.
Result<AppendResult> append_batches(const AppendOptions& options, keys::Signer& signer, TimePoint now);

// The log audit of an archive directory: the entries of the batches present are recomputed and
// compared with the log; `old` is an auditor's checkpoint (consistency).
Result<LogAudit> audit_archive(const std::filesystem::path& archive, const std::optional<SignedCheckpoint>& old);

// The batch directories of an archive, by batch id.
std::vector<std::filesystem::path> archive_batches(const std::filesystem::path& archive);

}  // namespace kyso::archive
