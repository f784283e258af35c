// kyso archive verify ARCHIVE --resume FILE: a verification stopped half-way (its journal cut after a
// batch, with a torn last line as a kill leaves it) continues from its journal and prints what one
// uninterrupted run printed, as of the same validation time; a journal of another verification is
// refused; a batch rewritten since its entry is verified again.
#include "integration/archive_cli.hpp"
#include "support/services.hpp"

#include <gtest/gtest.h>

#include <fstream>

namespace kyso::test {
namespace {

struct Outcome {
    int rc = -1;
    std::string out, err;
};

Outcome verify_resumable(const fs::path& archive, const fs::path& journal, const std::string& extra = "--json") {
    Outcome r;
    TempDir scratch;
    r.rc = run(cli() + " archive verify " + sh(archive) + " " + cli_trust() + " --no-cache --resume " + sh(journal) +
                   " " + extra + " 2>" + sh(scratch / "err"),
               &r.out);
    r.err = read_text(scratch / "err");
    return r;
}

std::vector<std::string> lines_of(const fs::path& file) {
    std::vector<std::string> out;
    std::ifstream in(file);
    for (std::string line; std::getline(in, line);)
        out.push_back(line);
    return out;
}

class ArchiveResume : public ::testing::Test {
protected:
    TsaServer tsa{pki_dir()};
    TempDir dir;
    fs::path archive = dir / "archive";

    void SetUp() override {
        append(archive, {make_batch(tsa, dir.path(), "a", 3), make_batch(tsa, dir.path(), "b", 2),
                         make_batch(tsa, dir.path(), "c", 4)});
    }

    // The first `entries` batch lines of a finished journal and half of the next: a run killed while
    // writing it.
    fs::path cut(const fs::path& journal, std::size_t entries, const std::string& name) {
        const auto lines = lines_of(journal);
        std::string text;
        for (std::size_t i = 0; i <= entries; ++i)
            text += lines.at(i) + "\n";
        text += lines.at(entries + 1).substr(0, lines.at(entries + 1).size() / 2);
        write(dir / name, as_bytes(text));
        return dir / name;
    }
};

TEST_F(ArchiveResume, AStoppedVerificationResumesToTheSameReport) {
    for (const std::string format : {"--json", "--lang en"}) {
        const fs::path journal = dir / ("full" + format.substr(2, 4) + ".journal");
        const Outcome full = verify_resumable(archive, journal, format);
        ASSERT_EQ(full.rc, 0) << full.out << full.err;
        EXPECT_EQ(lines_of(journal).size(), 4u);  // the header and one line per batch
        EXPECT_EQ(full.err, "");

        const fs::path partial = cut(journal, 1, "partial" + format.substr(2, 4) + ".journal");
        const Outcome resumed = verify_resumable(archive, partial, format);
        EXPECT_EQ(resumed.rc, 0) << resumed.err;
        // Byte for byte what the uninterrupted run printed, validation time included.
        EXPECT_EQ(resumed.out, full.out);
        EXPECT_NE(resumed.err.find("1 of 3 batches were verified by an earlier run"), std::string::npos) << resumed.err;
        EXPECT_EQ(lines_of(partial).size(), 4u);  // the torn line dropped, the two others added
        EXPECT_EQ(lines_of(partial), lines_of(journal));

        // A finished journal reprints the report without verifying anything again.
        const Outcome again = verify_resumable(archive, partial, format);
        EXPECT_EQ(again.out, full.out);
        EXPECT_NE(again.err.find("3 of 3 batches"), std::string::npos) << again.err;
    }
}

TEST_F(ArchiveResume, AJournalOfAnotherVerificationIsRefused) {
    const fs::path journal = dir / "j";
    ASSERT_EQ(verify_resumable(archive, journal).rc, 0);
    const std::string before = read_text(journal);
    // Another validation time, another output format, another trust list: usage errors, journal untouched.
    const Outcome other_time = verify_resumable(archive, journal, "--json --at 2031-01-01T00:00:00Z");
    EXPECT_EQ(other_time.rc, 4);
    EXPECT_NE(other_time.err.find("verifies as of"), std::string::npos) << other_time.err;
    const Outcome other_format = verify_resumable(archive, journal, "");
    EXPECT_EQ(other_format.rc, 4);
    EXPECT_NE(other_format.err.find("was made for another verification"), std::string::npos) << other_format.err;
    const Outcome other_trust =
        verify_resumable(archive, journal, "--json --trust " + sh(pki("foreign-root.cert.pem")));
    EXPECT_EQ(other_trust.rc, 4);
    write(dir / "not-a-journal", as_bytes(std::string("hello\n")));
    EXPECT_EQ(verify_resumable(archive, dir / "not-a-journal").rc, 4);
    EXPECT_EQ(read_text(dir / "not-a-journal"), "hello\n");
    write(dir / "odd-header", as_bytes(std::string("{\"kyso_verify_journal\":\"1\",\"settings\":7}\n")));
    EXPECT_EQ(verify_resumable(archive, dir / "odd-header").rc, 4);
    // An empty journal (a run killed before its header reached the disk) is a new one.
    write(dir / "empty.journal", as_bytes(std::string()));
    EXPECT_EQ(verify_resumable(archive, dir / "empty.journal").rc, 0);
    EXPECT_EQ(lines_of(dir / "empty.journal").size(), 4u);
    EXPECT_EQ(read_text(journal), before);
    // --resume names an archive's journal: a single batch is refused.
    const fs::path batch = fs::directory_iterator(archive / "batches")->path();
    EXPECT_EQ(verify_resumable(batch, dir / "batch.journal").rc, 4);
    EXPECT_FALSE(fs::exists(dir / "batch.journal"));
}

TEST_F(ArchiveResume, ABatchRewrittenSinceItsEntryIsVerifiedAgain) {
    const fs::path journal = dir / "j";
    const Outcome full = verify_resumable(archive, journal);
    ASSERT_EQ(full.rc, 0) << full.err;
    // The second batch's tag manifest is rewritten (here: an extra line): its entry no longer applies.
    const Json j = parse_json(full.out);
    const std::string id = j["archive"]["batches"][1]["batch_id"];
    std::ofstream(archive / "batches" / id / "tagmanifest-sha256.txt", std::ios::app) << "# changed\n";
    const Outcome resumed = verify_resumable(archive, journal);
    EXPECT_NE(resumed.err.find("2 of 3 batches"), std::string::npos) << resumed.err;
    EXPECT_EQ(resumed.rc, 1) << resumed.out;
    const Json r = parse_json(resumed.out);
    EXPECT_EQ(r["archive"]["batches"][0]["status"], "OK");
    EXPECT_EQ(r["archive"]["batches"][1]["status"], "FAILED") << r["archive"]["batches"][1].dump(2);
    EXPECT_EQ(r["archive"]["batches"][2]["status"], "OK");
}

}  // namespace
}  // namespace kyso::test
