#include <kyso/batch/batch.hpp>
#include <kyso/core/atomic_file.hpp>

#include "support/fixtures.hpp"

#include <gtest/gtest.h>

#include <signal.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

using namespace kyso;

TEST(AtomicWrite, WritesAndLeavesNoTemporaryFiles) {
    test::TempDir dir;
    const auto target = dir / "nested/out.xml";
    ASSERT_TRUE(batch::write_atomically(target, as_bytes("first")));
    ASSERT_TRUE(batch::write_atomically(target, as_bytes("second")));
    EXPECT_EQ(test::read_text(target), "second");
    std::size_t files = 0;
    for (const auto& e : std::filesystem::recursive_directory_iterator(dir.path()))
        if (e.is_regular_file()) ++files;
    EXPECT_EQ(files, 1u);
}

TEST(AtomicWrite, ReportsUnwritableDestination) {
    auto r = batch::write_atomically("/proc/kyso-cannot-write-here/out.xml", as_bytes("x"));
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().code, Errc::io);
    auto missing = batch::read_file("/nonexistent/file.xml");
    ASSERT_FALSE(missing);
    EXPECT_EQ(missing.error().code, Errc::io);
}

TEST(ReadFile, ReturnsExactlyTheFileBytes) {
    test::TempDir dir;
    Bytes big(200000);
    for (std::size_t i = 0; i < big.size(); ++i)
        big[i] = static_cast<std::uint8_t>(i * 7 + 3);
    test::write(dir / "big.bin", big);
    test::write(dir / "empty.bin", Bytes{});
    auto read_big = batch::read_file(dir / "big.bin");
    ASSERT_TRUE(read_big);
    EXPECT_EQ(*read_big, big);
    auto read_empty = batch::read_file(dir / "empty.bin");
    ASSERT_TRUE(read_empty);
    EXPECT_TRUE(read_empty->empty());
    // A file whose size fstat does not know (procfs reports 0) is still read to its end.
    auto proc = batch::read_file("/proc/self/status");
    ASSERT_TRUE(proc);
    EXPECT_NE(as_chars(*proc).find("Name:"), std::string_view::npos);
}

TEST(AtomicWrite, StaleTemporariesOfDeadProcessesAreRemoved) {
    test::TempDir dir;
    // A pid that does not run: search downwards from the kernel's maximum.
    long dead = 4194303;
    while (dead > 1 && ::kill(static_cast<pid_t>(dead), 0) == 0)
        --dead;
    const auto stale = dir / (".claim.xml.kyso-tmp-" + std::to_string(dead) + "-AbC123");
    const auto live = dir / (".claim.xml.kyso-tmp-" + std::to_string(::getpid()) + "-AbC123");
    const auto other = dir / ".hidden-but-not-ours";
    for (const auto& p : {stale, live, other})
        test::write(p, as_bytes("partial"));
    EXPECT_EQ(batch::remove_stale_temporaries(dir.path()), 1u);
    EXPECT_FALSE(std::filesystem::exists(stale));
    EXPECT_TRUE(std::filesystem::exists(live));  // a running process may still rename it into place
    EXPECT_TRUE(std::filesystem::exists(other));
}

namespace {
std::size_t entries(const std::filesystem::path& dir) {
    std::size_t n = 0;
    for ([[maybe_unused]] const auto& e : std::filesystem::directory_iterator(dir))
        ++n;
    return n;
}
}  // namespace

TEST(AtomicWrite, NothingIsVisibleBeforeCommitOrAfterAbandon) {
    test::TempDir dir;
    const auto target = dir / "out.xml";
    {
        auto file = AtomicFile::create(target);
        ASSERT_TRUE(file);
        ASSERT_TRUE(file->write(as_bytes("half")));
        EXPECT_FALSE(std::filesystem::exists(target));
    }
    EXPECT_EQ(entries(dir.path()), 0u);

    auto file = AtomicFile::create(target);
    ASSERT_TRUE(file);
    ASSERT_TRUE(file->write(as_bytes("whole")));
    ASSERT_TRUE(file->write_at(0, as_bytes("W")));
    ASSERT_TRUE(file->commit(true));
    EXPECT_EQ(test::read_text(target), "Whole");
    EXPECT_EQ(entries(dir.path()), 1u);
    // Created 0644 under the umask, as a plain open() would.
    const mode_t mask = ::umask(0);
    ::umask(mask);
    const auto perms = std::filesystem::status(target).permissions();
    EXPECT_EQ(static_cast<unsigned>(perms), 0644u & ~static_cast<unsigned>(mask));
}

TEST(AtomicWrite, AKilledWriterLeavesNothingBehind) {
    test::TempDir dir;
    const auto target = dir / "out.xml";
    const pid_t child = ::fork();
    ASSERT_GE(child, 0);
    if (child == 0) {
        // Dies mid-write without unwinding, as under SIGKILL.
        auto file = AtomicFile::create(target);
        if (file) (void)file->write(as_bytes("never finished"));
        ::_exit(file ? 0 : 3);
    }
    int status = 0;
    ASSERT_EQ(::waitpid(child, &status, 0), child);
    ASSERT_TRUE(WIFEXITED(status));
    EXPECT_EQ(WEXITSTATUS(status), 0);
    // An unnamed file has no directory entry to leave behind.
    EXPECT_EQ(entries(dir.path()), 0u);
}
