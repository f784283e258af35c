// kyso — an archive's log on disk and its audit: the entries of every appended batch, in order, and the
// signed checkpoint written after each append.
//
//   ARCHIVE/archive.txt                  "kyso-archive 1\norigin <id>\n"
//   ARCHIVE/log/entries/<index, 12 digits>   one LogEntry text each, index from 0
//   ARCHIVE/log/checkpoints/<size>       the signed checkpoint after the log reached that size
//   ARCHIVE/log/checkpoint               the latest one (a copy)
#pragma once

#include <kyso/archive/checkpoint.hpp>
#include <kyso/archive/log.hpp>

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace kyso::archive {

class ArchiveLog {
public:
    // A new archive (the directory may exist and be empty). Errc::output_exists if it holds an archive.
    static Result<ArchiveLog> create(const std::filesystem::path& dir, const std::string& origin);
    // An existing archive; every entry parsed (Errc::evidence_invalid naming the file otherwise), the
    // entry files numbered 0..n-1 without a gap.
    static Result<ArchiveLog> open(const std::filesystem::path& dir);

    const std::filesystem::path& dir() const { return m_dir; }
    const std::string& origin() const { return m_origin; }
    const std::vector<LogEntry>& entries() const { return m_entries; }
    std::vector<Hash> leaf_hashes() const;

    // Appends the entries, then signs and writes the checkpoint over the whole log. Each file is written
    // atomically; entries written before a crash and not yet under a checkpoint are sealed by the next
    // append.
    Result<SignedCheckpoint> append(const std::vector<LogEntry>& entries, keys::Signer& signer, TimePoint now);

    // The latest checkpoint, checked (signature) but not judged (whose key).
    Result<SignedCheckpoint> latest_checkpoint() const;

private:
    std::filesystem::path m_dir;
    std::string m_origin;
    std::vector<LogEntry> m_entries;
};

// What an audit of the log found. `problems` are precise sentences; empty means the log holds.
struct LogAudit {
    std::uint64_t size = 0;
    std::optional<SignedCheckpoint> checkpoint;  // the latest, when it could be read
    bool checkpoint_matches = false;             // its size and root are those of the entries
    bool old_checkpoint_consistent = false;      // set when an old checkpoint was given
    std::vector<std::string> problems;
};

// Audits the log: the latest checkpoint is signed by the key of `archive_certificate` when given (else
// by the key of the first checkpoint, so a swapped key is noticed) and covers every entry; `present`
// (the entries recomputed from the batches on disk, by batch id) must equal the logged ones — a batch
// missing or rewritten is named; `old` (an auditor's checkpoint) must be of the same origin and a prefix
// of the log (RFC 9162 consistency) — a dropped batch, a rewritten one or a fork is named.
LogAudit audit_log(const ArchiveLog& log, const std::vector<LogEntry>& present,
                   const std::optional<SignedCheckpoint>& old,
                   const std::optional<keys::Certificate>& archive_certificate = std::nullopt);

}  // namespace kyso::archive
