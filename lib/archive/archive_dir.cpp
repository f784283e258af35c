// An archive directory: batches moved under one log, a signed checkpoint after each append.
#include <kyso/archive/archive_dir.hpp>

#include <kyso/archive/bagit.hpp>
#include <kyso/archive/evidence_record.hpp>
#include <kyso/core/atomic_file.hpp>
#include <kyso/trust/timestamp.hpp>

#include "archive/batch_index.hpp"
#include "archive/file_hash.hpp"
#include "archive/tag_files.hpp"

#include <algorithm>

namespace kyso::archive {

namespace fs = std::filesystem;
using namespace detail;

namespace {

constexpr const char* kCheckpointInBatch = "evidence/checkpoint";

Failure bad_batch(const fs::path& dir, const std::string& why) {
    return fail(Errc::evidence_invalid, "batch '" + dir.string() + "': " + why);
}

}  // namespace

bool is_archive(const fs::path& dir) {
    std::error_code ec;
    return fs::is_regular_file(dir / "archive.txt", ec);
}

std::vector<fs::path> archive_batches(const fs::path& archive) {
    std::vector<fs::path> out;
    std::error_code ec;
    for (auto it = fs::directory_iterator(archive / "batches", ec); !ec && it != fs::directory_iterator();
         it.increment(ec))
        if (it->is_directory(ec)) out.push_back(it->path());
    std::sort(out.begin(), out.end());
    return out;
}

Result<LogEntry> batch_log_entry(const fs::path& batch_dir) {
    const ReadOutcome info = read_small_file(batch_dir / "bag-info.txt", 1u << 20);
    if (info.state != FileState::ok) return bad_batch(batch_dir, "bag-info.txt cannot be read");
    KYSO_TRY(const BagInfo parsed, parse_bag_info(as_chars(info.data)));
    LogEntry entry;
    entry.batch_id = bag_info_value(parsed, "External-Identifier");
    if (!LogEntry::parse(LogEntry{entry.batch_id, {}, {}}.serialise()))
        return bad_batch(batch_dir, "bag-info.txt has no usable External-Identifier");
    const ReadOutcome ers = read_small_file(batch_dir / kBatchErs);
    if (ers.state != FileState::ok) return bad_batch(batch_dir, std::string(kBatchErs) + " cannot be read");
    KYSO_TRY(const EvidenceRecord er, decode_evidence_record(ers.data));
    auto index = load_batch_index(batch_dir);
    if (!index) return bad_batch(batch_dir, index.error().message);
    entry.batch_root = merkle_root(index->leaves);
    // The entry names the root the batch's time-stamp covers: a batch whose leaves no longer lead to it
    // is not logged.
    auto ts = trust::check_timestamp_token(er.chains.front().front().timestamp, view(entry.batch_root),
                                           keys::DigestAlgorithm::sha256);
    if (!ts) return bad_batch(batch_dir, "its time-stamp does not cover its Merkle root: " + ts.error().message);
    // The batch's own seal, which renewals (kyso archive renew) add to evidence/batch.ers without changing.
    entry.evidence = sha256(er.chains.front().front().timestamp);
    return entry;
}

Result<AppendResult> append_batches(const AppendOptions& options, keys::Signer& signer, TimePoint now) {
    if (options.batches.empty()) return fail(Errc::usage, "archive append: no batch given");
    std::optional<ArchiveLog> log;
    if (is_archive(options.archive)) {
        KYSO_TRY(auto opened, ArchiveLog::open(options.archive));
        log = std::move(opened);
    } else {
        if (options.origin.empty())
            return fail(Errc::usage,
                        "'" + options.archive.string() + "' holds no archive yet: give --origin to create one");
        KYSO_TRY(auto created, ArchiveLog::create(options.archive, options.origin));
        log = std::move(created);
    }
    // Everything is checked before anything is moved.
    AppendResult result;
    std::vector<fs::path> sources;
    std::vector<LogEntry> to_log;
    // Entries past the latest checkpoint were logged by an append interrupted before it signed one.
    const auto latest = log->latest_checkpoint();
    const std::size_t covered = latest ? static_cast<std::size_t>(latest->checkpoint.size) : 0;
    for (const fs::path& batch : options.batches) {
        std::error_code ec;
        if (!fs::exists(batch, ec)) {
            // Most likely moved in by an interrupted append: name what in the archive awaits its checkpoint.
            std::string pending;
            for (const fs::path& in : archive_batches(options.archive)) {
                const std::string id = in.filename().string();
                const auto& logged = log->entries();
                const auto at =
                    std::find_if(logged.begin(), logged.end(), [&](const LogEntry& e) { return e.batch_id == id; });
                if (at == logged.end() || static_cast<std::size_t>(at - logged.begin()) >= covered)
                    pending += " '" + in.string() + "'";
            }
            return fail(Errc::usage, "the batch '" + batch.string() + "' does not exist" +
                                         (pending.empty() ? std::string()
                                                          : "; not yet signed for in the archive (an interrupted "
                                                            "append, give them again):" +
                                                                pending));
        }
        KYSO_TRY(LogEntry entry, batch_log_entry(batch));
        bool unsigned_entry = false;
        for (std::size_t k = 0; k < log->entries().size(); ++k) {
            const LogEntry& have = log->entries()[k];
            if (have.batch_id != entry.batch_id) continue;
            unsigned_entry = k >= covered && have.batch_root == entry.batch_root && have.evidence == entry.evidence;
            if (!unsigned_entry)
                return fail(Errc::output_exists, "batch " + entry.batch_id + " is already in the archive log");
        }
        for (const LogEntry& pending : result.appended)
            if (pending.batch_id == entry.batch_id)
                return fail(Errc::usage, "batch " + entry.batch_id + " is given twice");
        const fs::path dest = options.archive / "batches" / entry.batch_id;
        const bool already_placed = fs::equivalent(batch, dest, ec);
        if (!already_placed && fs::exists(dest, ec))
            return fail(Errc::output_exists, "'" + dest.string() + "' exists and is another batch");
        if (unsigned_entry && !already_placed)
            return fail(Errc::usage, "batch " + entry.batch_id + " is logged but not signed for: give '" +
                                         dest.string() + "' to finish its append");
        sources.push_back(already_placed ? fs::path() : batch);
        result.placed.push_back(dest);
        if (!unsigned_entry) to_log.push_back(entry);
        result.appended.push_back(std::move(entry));
    }
    for (std::size_t i = 0; i < sources.size(); ++i) {
        if (sources[i].empty()) continue;  // moved by an interrupted append, not yet logged
        std::error_code ec;
        fs::create_directories(result.placed[i].parent_path(), ec);
        fs::rename(sources[i], result.placed[i], ec);
        if (ec == std::errc::cross_device_link)
            return fail(Errc::usage,
                        "'" + sources[i].string() +
                            "' is on another file system than the archive: move it beside the archive first");
        if (ec)
            return fail(Errc::io, "cannot move '" + sources[i].string() + "' to '" + result.placed[i].string() +
                                      "': " + ec.message());
    }
    KYSO_TRY(result.checkpoint, log->append(to_log, signer, now));
    const std::string text = result.checkpoint.serialise();
    for (const fs::path& placed : result.placed)
        KYSO_CHECK(put_tag_file(placed, kCheckpointInBatch, as_bytes(text)));
    return result;
}

Result<LogAudit> audit_archive(const fs::path& archive, const std::optional<SignedCheckpoint>& old) {
    KYSO_TRY(const ArchiveLog log, ArchiveLog::open(archive));
    std::vector<LogEntry> present;
    std::vector<std::string> unusable;
    for (const fs::path& batch : archive_batches(archive)) {
        auto entry = batch_log_entry(batch);
        if (entry) {
            // A batch whose directory name is not its id was renamed inside the archive.
            if (entry->batch_id != batch.filename().string())
                unusable.push_back("batches/" + batch.filename().string() + " holds batch " + entry->batch_id);
            present.push_back(std::move(*entry));
        } else {
            unusable.push_back(entry.error().message);
        }
    }
    LogAudit audit = audit_log(log, present, old);
    audit.problems.insert(audit.problems.end(), unusable.begin(), unusable.end());
    return audit;
}

}  // namespace kyso::archive
