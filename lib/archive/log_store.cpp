// The archive log on disk (one file per entry, one per checkpoint) and its audit.
#include <kyso/archive/log_store.hpp>

#include <kyso/core/atomic_file.hpp>

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <fstream>
#include <map>
#include <sstream>

namespace kyso::archive {

namespace fs = std::filesystem;

namespace {

constexpr std::string_view kArchiveMagic = "kyso-archive 1\n";

Result<std::string> read_small(const fs::path& p) {
    std::ifstream in(p, std::ios::binary);
    if (!in) return fail(Errc::io, "cannot read " + p.string());
    std::ostringstream s;
    s << in.rdbuf();
    if (in.bad()) return fail(Errc::io, "cannot read " + p.string());
    return s.str();
}

Result<void> write_atomic(const fs::path& p, std::string_view text) {
    KYSO_TRY(auto f, AtomicFile::create(p));
    KYSO_CHECK(f.write(as_bytes(text)));
    return f.commit(true);
}

std::string entry_name(std::size_t index) {
    char name[24];
    std::snprintf(name, sizeof name, "%012zu", index);
    return name;
}

}  // namespace

Result<ArchiveLog> ArchiveLog::create(const fs::path& dir, const std::string& origin) {
    std::error_code ec;
    if (fs::exists(dir / "archive.txt", ec))
        return fail(Errc::output_exists, dir.string() + " already holds an archive");
    if (origin.empty() || origin.size() > 128 || !std::all_of(origin.begin(), origin.end(), [](char c) {
            return std::isalnum(static_cast<unsigned char>(c)) || c == '.' || c == '_' || c == '-';
        }))
        return fail(Errc::usage, "the archive origin must be 1..128 characters of [A-Za-z0-9._-]");
    fs::create_directories(dir / "log" / "entries", ec);
    if (!ec) fs::create_directories(dir / "log" / "checkpoints", ec);
    if (ec) return fail(Errc::io, "cannot create " + (dir / "log").string() + ": " + ec.message());
    KYSO_CHECK(write_atomic(dir / "archive.txt", std::string(kArchiveMagic) + "origin " + origin + "\n"));
    ArchiveLog log;
    log.m_dir = dir;
    log.m_origin = origin;
    return log;
}

Result<ArchiveLog> ArchiveLog::open(const fs::path& dir) {
    KYSO_TRY(auto head, read_small(dir / "archive.txt"));
    if (!head.starts_with(kArchiveMagic) || head.size() < kArchiveMagic.size() + 8 ||
        head.compare(kArchiveMagic.size(), 7, "origin ") != 0 || head.back() != '\n')
        return fail(Errc::evidence_invalid, (dir / "archive.txt").string() + " is not a kyso-archive 1 header");
    ArchiveLog log;
    log.m_dir = dir;
    log.m_origin = head.substr(kArchiveMagic.size() + 7, head.size() - kArchiveMagic.size() - 8);
    std::error_code ec;
    std::size_t files = 0;
    for (auto it = fs::directory_iterator(dir / "log" / "entries", ec); !ec && it != fs::directory_iterator();
         it.increment(ec))
        ++files;
    if (ec) return fail(Errc::io, "cannot list " + (dir / "log" / "entries").string() + ": " + ec.message());
    for (std::size_t i = 0; i < files; ++i) {
        const fs::path p = dir / "log" / "entries" / entry_name(i);
        if (!fs::exists(p, ec))
            return fail(Errc::evidence_invalid, "the archive log has " + std::to_string(files) +
                                                    " entry files but no entry " + std::to_string(i));
        KYSO_TRY(auto text, read_small(p));
        auto entry = LogEntry::parse(text);
        if (!entry) return fail(Errc::evidence_invalid, p.string() + ": " + entry.error().message);
        log.m_entries.push_back(std::move(*entry));
    }
    return log;
}

std::vector<Hash> ArchiveLog::leaf_hashes() const {
    std::vector<Hash> out;
    out.reserve(m_entries.size());
    for (const LogEntry& e : m_entries)
        out.push_back(log_leaf_hash(as_bytes(e.serialise())));
    return out;
}

Result<SignedCheckpoint> ArchiveLog::append(const std::vector<LogEntry>& entries, keys::Signer& signer, TimePoint now) {
    for (const LogEntry& e : entries) {
        for (const LogEntry& have : m_entries)
            if (have.batch_id == e.batch_id)
                return fail(Errc::output_exists, "batch " + e.batch_id + " is already in the archive log");
        KYSO_CHECK(write_atomic(m_dir / "log" / "entries" / entry_name(m_entries.size()), e.serialise()));
        m_entries.push_back(e);
    }
    Checkpoint c;
    c.origin = m_origin;
    c.size = m_entries.size();
    c.root = log_root(leaf_hashes());
    c.time = now;
    KYSO_TRY(auto signed_cp, sign_checkpoint(c, signer));
    const std::string text = signed_cp.serialise();
    KYSO_CHECK(write_atomic(m_dir / "log" / "checkpoints" / std::to_string(c.size), text));
    KYSO_CHECK(write_atomic(m_dir / "log" / "checkpoint", text));
    return signed_cp;
}

Result<SignedCheckpoint> ArchiveLog::latest_checkpoint() const {
    KYSO_TRY(auto text, read_small(m_dir / "log" / "checkpoint"));
    return read_checkpoint(text);
}

LogAudit audit_log(const ArchiveLog& log, const std::vector<LogEntry>& present,
                   const std::optional<SignedCheckpoint>& old,
                   const std::optional<keys::Certificate>& archive_certificate) {
    LogAudit audit;
    audit.size = log.entries().size();
    const std::vector<Hash> leaves = log.leaf_hashes();
    const Hash root = log_root(leaves);

    auto latest = log.latest_checkpoint();
    if (!latest) {
        audit.problems.push_back("the latest checkpoint cannot be used: " + latest.error().message);
    } else {
        audit.checkpoint = *latest;
        const Checkpoint& c = latest->checkpoint;
        audit.checkpoint_matches = c.origin == log.origin() && c.size == audit.size && c.root == root;
        if (!audit.checkpoint_matches)
            audit.problems.push_back("the latest checkpoint (origin " + c.origin + ", " + std::to_string(c.size) +
                                     " entries, root " + to_hex(c.root) + ") does not match the log (origin " +
                                     log.origin() + ", " + std::to_string(audit.size) + " entries, root " +
                                     to_hex(root) + ")");
        // Every checkpoint is signed by the archive key: the one given, else the key of the first.
        std::optional<keys::Certificate> key = archive_certificate;
        for (std::uint64_t size = 1; size <= audit.size; ++size) {
            const fs::path p = log.dir() / "log" / "checkpoints" / std::to_string(size);
            std::error_code ec;
            if (!fs::exists(p, ec)) continue;  // appends of several batches at once leave gaps
            std::ifstream in(p, std::ios::binary);
            std::ostringstream s;
            s << in.rdbuf();
            auto cp = read_checkpoint(s.str());
            if (!cp) {
                audit.problems.push_back("checkpoint " + std::to_string(size) + ": " + cp.error().message);
                continue;
            }
            if (!key) key = cp->certificates.at(0);
            if (!cp->certificates.at(0).same_as(*key))
                audit.problems.push_back("checkpoint " + std::to_string(size) + " is signed by " +
                                         cp->certificates.at(0).subject() + ", not the archive key " + key->subject());
            if (cp->checkpoint.size != size || log_root(std::span(leaves).first(size)) != cp->checkpoint.root)
                audit.problems.push_back("checkpoint " + std::to_string(size) +
                                         " does not match the first entries of the log (rewritten history)");
        }
        if (key && !latest->certificates.at(0).same_as(*key))
            audit.problems.push_back("the latest checkpoint is signed by " + latest->certificates.at(0).subject() +
                                     ", not the archive key " + key->subject());
    }

    std::map<std::string, const LogEntry*> found;
    for (const LogEntry& e : present)
        found[e.batch_id] = &e;
    for (std::size_t i = 0; i < log.entries().size(); ++i) {
        const LogEntry& e = log.entries()[i];
        const auto it = found.find(e.batch_id);
        if (it == found.end()) {
            audit.problems.push_back("batch " + e.batch_id + " (log entry " + std::to_string(i) + ") is missing");
            continue;
        }
        if (it->second->batch_root != e.batch_root || it->second->evidence != e.evidence)
            audit.problems.push_back("batch " + e.batch_id + " differs from its log entry " + std::to_string(i) +
                                     " (root " + to_hex(it->second->batch_root) + ", logged " + to_hex(e.batch_root) +
                                     "): rewritten after it was logged");
        found.erase(it);
    }
    for (const auto& [id, e] : found)
        audit.problems.push_back("batch " + id + " is not in the archive log");

    if (old) {
        const Checkpoint& o = old->checkpoint;
        if (o.origin != log.origin()) {
            audit.problems.push_back("the auditor's checkpoint is of archive " + o.origin + ", not " + log.origin());
        } else if (o.size > audit.size) {
            audit.problems.push_back("the auditor's checkpoint covers " + std::to_string(o.size) +
                                     " batches, the log now " + std::to_string(audit.size) + ": " +
                                     std::to_string(o.size - audit.size) + " dropped");
        } else if (o.size == 0) {
            audit.problems.push_back("the auditor's checkpoint covers no batch");
        } else {
            auto proof = consistency_proof(leaves, o.size);
            audit.old_checkpoint_consistent = proof && verify_consistency(o.size, audit.size, o.root, root, *proof);
            if (!audit.old_checkpoint_consistent)
                audit.problems.push_back("the log is not a continuation of the auditor's checkpoint of " +
                                         std::to_string(o.size) + " batches (root " + to_hex(o.root) +
                                         "): its history was rewritten or forked");
        }
        if (audit.checkpoint && !old->certificates.at(0).same_as(audit.checkpoint->certificates.at(0)))
            audit.problems.push_back("the auditor's checkpoint is signed by " + old->certificates.at(0).subject() +
                                     ", the archive's by " + audit.checkpoint->certificates.at(0).subject());
    }
    return audit;
}

}  // namespace kyso::archive
