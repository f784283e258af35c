// kyso archive append / verify ARCHIVE end to end: batches from `kyso archive create` (a real RFC 3161
// TSA on 127.0.0.1) appended under a log whose checkpoints the archive key signs; an auditor's old
// checkpoint catches a dropped last batch, a rewritten batch and a fork, even after the operator
// rebuilt and re-signed the log with the archive key.
#include "integration/archive_cli.hpp"
#include "support/services.hpp"

#include <gtest/gtest.h>

namespace kyso::test {
namespace {

bool log_says(const Verified& v, const std::string& words) {
    for (const auto& p : v.j["archive"]["log"]["problems"])
        if (p.get<std::string>().find(words) != std::string::npos) return true;
    return false;
}

}  // namespace

TEST(ArchiveLogCli, AppendSignsACheckpointAndTheArchiveVerifies) {
    TsaServer tsa(pki_dir());
    TempDir dir;
    const fs::path archive = dir / "archive";
    const Json first = append(archive, {make_batch(tsa, dir.path(), "a"), make_batch(tsa, dir.path(), "b")});
    ASSERT_EQ(first["checkpoint"]["size"], 2);
    const std::string kept = read_text(archive / "log/checkpoint");
    write(dir / "auditor.checkpoint", as_bytes(kept));
    const Json second = append(archive, {make_batch(tsa, dir.path(), "c")});
    EXPECT_EQ(second["checkpoint"]["size"], 3);

    // Each appended batch carries the checkpoint after its append, listed in its tag manifests.
    const std::string id_c = second["appended"][0]["batch_id"];
    EXPECT_EQ(read_text(archive / "batches" / id_c / "evidence/checkpoint"), read_text(archive / "log/checkpoint"));
    EXPECT_NE(read_text(archive / "batches" / id_c / "tagmanifest-sha256.txt").find("evidence/checkpoint"),
              std::string::npos);

    const Verified v = verify_archive(archive, "--checkpoint " + sh(dir / "auditor.checkpoint"));
    EXPECT_EQ(v.rc, 0) << v.text;
    EXPECT_EQ(v.j["archive"]["kind"], "archive");
    EXPECT_EQ(v.j["archive"]["log"]["size"], 3);
    EXPECT_EQ(v.j["archive"]["log"]["auditor_checkpoint"]["consistent"], true);
    EXPECT_EQ(v.j["archive"]["log"]["checkpoint"]["signer_trusted"], true) << v.text;
    EXPECT_EQ(v.j["archive"]["batches"].size(), 3u);
    for (const auto& b : v.j["archive"]["batches"])
        EXPECT_EQ(b["status"], "OK") << b.dump();
    // `kyso verify ARCHIVE` routes to the same verification.
    std::string text;
    EXPECT_EQ(run(cli() + " verify " + sh(archive) + " " + cli_trust() + " --no-cache 2>&1", &text), 0) << text;

    // An HTML report is made per batch, not for a whole archive: refused, not silently skipped.
    EXPECT_EQ(run(cli() + " archive verify " + sh(archive) + " " + cli_trust() + " --report " +
                  sh(dir / "archive.html") + " 2>&1"),
              4);
    EXPECT_FALSE(fs::exists(dir / "archive.html"));

    // The same batch twice, and a checkpoint given for a single batch, are usage errors.
    append(archive, {make_batch(tsa, dir.path(), "d")});
    const std::string id_d = verify_archive(archive).j["archive"]["batches"][3]["batch_id"];
    EXPECT_EQ(
        run(cli() + " archive append " + sh(archive) + " " + sh(archive / "batches" / id_d) + " " + kKey + " 2>&1"), 4);
    EXPECT_EQ(run(cli() + " archive verify " + sh(archive / "batches" / id_d) + " " + cli_trust() + " --checkpoint " +
                  sh(dir / "auditor.checkpoint") + " 2>&1"),
              4);
}

TEST(ArchiveLogCli, AnAppendStoppedBeforeItsCheckpointIsFinishedByRunningItAgain) {
    TsaServer tsa(pki_dir());
    TempDir dir;
    const fs::path archive = dir / "archive";
    append(archive, {make_batch(tsa, dir.path(), "a")});
    const std::string first = read_text(archive / "log/checkpoint");
    const Json second = append(archive, {make_batch(tsa, dir.path(), "b")});
    // The state an append killed after logging, before signing, leaves: entry 2 logged, checkpoint 1.
    const fs::path placed = second["appended"][0]["dir"].get<std::string>();
    fs::remove(archive / "log/checkpoints/2");
    write(archive / "log/checkpoint", as_bytes(first));
    fs::remove(placed / "evidence/checkpoint");
    const Verified broken = verify_archive(archive);
    EXPECT_EQ(broken.rc, 1) << broken.text;

    std::string text;
    EXPECT_EQ(run(cli() + " archive append " + sh(archive) + " " + sh(dir / "batch-b") + " " + kKey + " 2>&1", &text),
              4)
        << "the batch is in the archive now: " << text;
    EXPECT_NE(text.find("does not exist; not yet signed for in the archive"), std::string::npos) << text;
    EXPECT_NE(text.find(placed.string()), std::string::npos) << text;
    const Json finished = append(archive, {placed});
    EXPECT_EQ(finished["checkpoint"]["size"], 2);
    EXPECT_EQ(read_text(placed / "evidence/checkpoint"), read_text(archive / "log/checkpoint"));
    const Verified v = verify_archive(archive);
    EXPECT_EQ(v.rc, 0) << v.text;
    // Signed for now: a third time is an error again.
    EXPECT_EQ(run(cli() + " archive append " + sh(archive) + " " + sh(placed) + " " + kKey + " 2>&1"), 4);
}

TEST(ArchiveLogCli, AnArchiveSignedByAnUntrustedKeyIsIndeterminate) {
    TsaServer tsa(pki_dir());
    TempDir dir;
    const fs::path archive = dir / "archive";
    std::string text;
    ASSERT_EQ(run(cli() + " archive append " + sh(archive) + " " + sh(make_batch(tsa, dir.path(), "a")) +
                      " --origin bv-test --key " + sh(std::string_view("p12:" + pki("foreign.p12").string())) +
                      " --pass pass:kyso-test 2>&1",
                  &text),
              0)
        << text;
    const Verified v = verify_archive(archive);
    EXPECT_EQ(v.rc, 2) << v.text;
    EXPECT_EQ(v.j["archive"]["status"], "INDETERMINATE");
    EXPECT_EQ(v.j["archive"]["log"]["checkpoint"]["signer_trusted"], false);
    EXPECT_NE(v.j["archive"]["log"]["checkpoint"]["signer_problem"].get<std::string>().find("is not trusted"),
              std::string::npos)
        << v.text;
}

TEST(ArchiveLogCli, AuditorsCheckpointCatchesDroppedRewrittenAndForkedHistory) {
    TsaServer tsa(pki_dir());
    TempDir dir;
    const fs::path a = make_batch(tsa, dir.path(), "a"), b = make_batch(tsa, dir.path(), "b"),
                   c = make_batch(tsa, dir.path(), "c"), b2 = make_batch(tsa, dir.path(), "b-rewritten"),
                   x = make_batch(tsa, dir.path(), "x");
    const fs::path honest = dir / "honest";
    const Json logged = append(honest, {copy_of(a, dir / "1a"), copy_of(b, dir / "1b"), copy_of(c, dir / "1c")});
    write(dir / "auditor.checkpoint", as_bytes(read_text(honest / "log/checkpoint")));
    const std::string checkpoint = "--checkpoint " + sh(dir / "auditor.checkpoint");

    // The last batch deleted and the log rebuilt and re-signed with the archive key.
    const fs::path dropped = dir / "dropped";
    append(dropped, {copy_of(a, dir / "2a"), copy_of(b, dir / "2b")});
    Verified v = verify_archive(dropped);
    EXPECT_EQ(v.rc, 0) << v.text;  // on its own the shortened archive looks whole
    v = verify_archive(dropped, checkpoint);
    EXPECT_EQ(v.rc, 1) << v.text;
    EXPECT_TRUE(log_says(v, "covers 3 batches, the log now 2: 1 dropped")) << v.text;

    // A batch replaced by another, the log rebuilt and re-signed.
    const fs::path rewritten = dir / "rewritten";
    append(rewritten, {copy_of(a, dir / "3a"), copy_of(b2, dir / "3b"), copy_of(c, dir / "3c")});
    v = verify_archive(rewritten, checkpoint);
    EXPECT_EQ(v.rc, 1) << v.text;
    EXPECT_TRUE(log_says(v, "not a continuation of the auditor's checkpoint of 3 batches")) << v.text;

    // A fork: the same first batch, then other batches.
    const fs::path fork = dir / "fork";
    append(fork, {copy_of(a, dir / "4a"), copy_of(x, dir / "4x"), copy_of(b2, dir / "4b"), copy_of(c, dir / "4c")});
    v = verify_archive(fork, checkpoint);
    EXPECT_EQ(v.rc, 1) << v.text;
    EXPECT_TRUE(log_says(v, "rewritten or forked")) << v.text;

    // Without re-signing: a batch directory deleted, another one swapped in under its name.
    ASSERT_EQ(logged["appended"].size(), 3u);  // in log order (the batch directories sort by random id)
    const std::string id_b = logged["appended"][1]["batch_id"], id_c = logged["appended"][2]["batch_id"];
    fs::remove_all(honest / "batches" / id_c);
    fs::remove_all(honest / "batches" / id_b);
    fs::copy(b2, honest / "batches" / id_b, fs::copy_options::recursive);
    v = verify_archive(honest, checkpoint);
    EXPECT_EQ(v.rc, 1) << v.text;
    EXPECT_TRUE(log_says(v, "batch " + id_c + " (log entry 2) is missing")) << v.text;
    EXPECT_TRUE(log_says(v, "batches/" + id_b + " holds batch ")) << v.text;
    EXPECT_TRUE(log_says(v, "is not in the archive log")) << v.text;
}

}  // namespace kyso::test
