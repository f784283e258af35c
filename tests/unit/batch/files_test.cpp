#include <kyso/batch/batch.hpp>

#include "support/fixtures.hpp"

#include <gtest/gtest.h>

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
