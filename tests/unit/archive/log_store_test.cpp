// The archive log on disk and its audit: an auditor's old checkpoint catches a dropped last batch, a
// rewritten batch and a fork, even when the archive key re-signed the altered log.
#include <kyso/archive/log_store.hpp>

#include "support/fixtures.hpp"

#include <gtest/gtest.h>

using namespace kyso;
using namespace kyso::archive;
using namespace kyso::test;

namespace {

LogEntry entry(const std::string& id, const std::string& content = "") {
    LogEntry e;
    e.batch_id = id;
    e.batch_root = log_leaf_hash(as_bytes("root of " + id + content));
    e.evidence = log_leaf_hash(as_bytes("ers of " + id + content));
    return e;
}

std::vector<LogEntry> batches(std::size_t n, std::size_t from = 0) {
    std::vector<LogEntry> out;
    for (std::size_t i = from; i < from + n; ++i)
        out.push_back(entry("batch-" + std::to_string(i)));
    return out;
}

const TimePoint kNow = parse_rfc3339("2026-11-22T08:00:00Z").value();

bool mentions(const LogAudit& a, const std::string& words) {
    for (const std::string& p : a.problems)
        if (p.find(words) != std::string::npos) return true;
    return false;
}

std::string all(const LogAudit& a) {
    std::string out;
    for (const std::string& p : a.problems)
        out += p + "\n";
    return out;
}

}  // namespace

TEST(ArchiveLogStore, AppendsReopensAndAuditsClean) {
    TempDir dir;
    auto signer = p12_signer("hospital-rsa");
    auto log = ArchiveLog::create(dir.path(), "bv-test");
    ASSERT_TRUE(log) << log.error().message;
    SignedCheckpoint first = log->append(batches(3), *signer, kNow).value();
    SignedCheckpoint later = log->append(batches(2, 3), *signer, kNow).value();
    EXPECT_EQ(first.checkpoint.size, 3U);
    EXPECT_EQ(later.checkpoint.size, 5U);

    auto reopened = ArchiveLog::open(dir.path());
    ASSERT_TRUE(reopened) << reopened.error().message;
    EXPECT_EQ(reopened->origin(), "bv-test");
    ASSERT_EQ(reopened->entries().size(), 5U);
    const LogAudit audit = audit_log(*reopened, batches(5), first);
    EXPECT_TRUE(audit.problems.empty()) << all(audit);
    EXPECT_TRUE(audit.checkpoint_matches);
    EXPECT_TRUE(audit.old_checkpoint_consistent);

    EXPECT_EQ(ArchiveLog::create(dir.path(), "again").error().code, Errc::output_exists);
    EXPECT_EQ(reopened->append({entry("batch-1")}, *signer, kNow).error().code, Errc::output_exists);
    EXPECT_EQ(ArchiveLog::create(dir / "x", "bad/origin").error().code, Errc::usage);
}

TEST(ArchiveLogStore, MissingAndRewrittenBatchesAreNamed) {
    TempDir dir;
    auto signer = p12_signer("hospital-rsa");
    auto log = ArchiveLog::create(dir.path(), "bv-test").value();
    log.append(batches(4), *signer, kNow).value();
    std::vector<LogEntry> present = batches(4);
    present.erase(present.begin() + 1);
    present[2] = entry("batch-3", "changed");
    present.push_back(entry("stray"));
    const LogAudit audit = audit_log(log, present, std::nullopt);
    EXPECT_TRUE(mentions(audit, "batch batch-1 (log entry 1) is missing")) << all(audit);
    EXPECT_TRUE(mentions(audit, "batch batch-3 differs from its log entry 3")) << all(audit);
    EXPECT_TRUE(mentions(audit, "batch stray is not in the archive log")) << all(audit);
    EXPECT_EQ(audit.problems.size(), 3U) << all(audit);
}

TEST(ArchiveLogStore, OldCheckpointCatchesADroppedLastBatchEvenWhenReSigned) {
    TempDir honest, altered;
    auto signer = p12_signer("hospital-rsa");
    auto log = ArchiveLog::create(honest.path(), "bv-test").value();
    const SignedCheckpoint auditors = log.append(batches(5), *signer, kNow).value();
    // The operator rebuilds the log without the last batch and signs it with the same archive key.
    auto shorter = ArchiveLog::create(altered.path(), "bv-test").value();
    shorter.append(batches(4), *signer, kNow).value();
    const LogAudit audit = audit_log(shorter, batches(4), auditors);
    EXPECT_TRUE(audit.checkpoint_matches);
    EXPECT_TRUE(mentions(audit, "covers 5 batches, the log now 4: 1 dropped")) << all(audit);
}

TEST(ArchiveLogStore, OldCheckpointCatchesARewrittenBatchAndAFork) {
    TempDir a, b;
    auto signer = p12_signer("hospital-rsa");
    auto log = ArchiveLog::create(a.path(), "bv-test").value();
    const SignedCheckpoint auditors = log.append(batches(5), *signer, kNow).value();

    // Rewritten: batch 2 replaced, the log rebuilt, re-signed, and grown by one more batch.
    auto rewritten_entries = batches(5);
    rewritten_entries[2] = entry("batch-2", "rewritten");
    rewritten_entries.push_back(entry("batch-5"));
    auto rewritten = ArchiveLog::create(b.path(), "bv-test").value();
    rewritten.append(rewritten_entries, *signer, kNow).value();
    LogAudit audit = audit_log(rewritten, rewritten_entries, auditors);
    EXPECT_FALSE(audit.old_checkpoint_consistent);
    EXPECT_TRUE(mentions(audit, "not a continuation of the auditor's checkpoint of 5 batches")) << all(audit);

    // A fork: the same first three batches, then different ones.
    TempDir c;
    auto fork_entries = batches(3);
    for (const auto& e : batches(3, 10))
        fork_entries.push_back(e);
    auto fork = ArchiveLog::create(c.path(), "bv-test").value();
    fork.append(fork_entries, *signer, kNow).value();
    audit = audit_log(fork, fork_entries, auditors);
    EXPECT_TRUE(mentions(audit, "rewritten or forked")) << all(audit);

    // The prefix the auditor saw is still consistent with an honest fork point.
    TempDir d;
    auto grown = ArchiveLog::create(d.path(), "bv-test").value();
    const SignedCheckpoint at3 = grown.append(batches(3), *signer, kNow).value();
    grown.append(batches(3, 10), *signer, kNow).value();
    audit = audit_log(grown, fork_entries, at3);
    EXPECT_TRUE(audit.problems.empty()) << all(audit);
}

TEST(ArchiveLogStore, ACheckpointByAnotherKeyOrAlteredOnDiskIsReported) {
    TempDir dir;
    auto signer = p12_signer("hospital-rsa");
    auto other = p12_signer("doctor-rsa");
    auto log = ArchiveLog::create(dir.path(), "bv-test").value();
    log.append(batches(2), *signer, kNow).value();
    log.append(batches(1, 2), *other, kNow).value();
    LogAudit audit = audit_log(log, batches(3), std::nullopt);
    EXPECT_TRUE(mentions(audit, "checkpoint 3 is signed by")) << all(audit);
    EXPECT_TRUE(mentions(audit, "not the archive key")) << all(audit);
    audit = audit_log(log, batches(3), std::nullopt, signer->certificate());
    EXPECT_TRUE(mentions(audit, "the latest checkpoint is signed by")) << all(audit);

    // An entry file edited on disk: the checkpoints no longer match the log.
    write(dir / "log/entries/000000000001", as_bytes(entry("batch-1", "edited").serialise()));
    auto reopened = ArchiveLog::open(dir.path()).value();
    audit = audit_log(reopened, batches(3), std::nullopt, other->certificate());
    EXPECT_FALSE(audit.checkpoint_matches);
    EXPECT_TRUE(mentions(audit, "does not match the log")) << all(audit);
    EXPECT_TRUE(mentions(audit, "checkpoint 2 does not match the first entries")) << all(audit);
    // A gap in the entry files.
    std::filesystem::remove(dir / "log/entries/000000000001");
    EXPECT_EQ(ArchiveLog::open(dir.path()).error().code, Errc::evidence_invalid);
}
