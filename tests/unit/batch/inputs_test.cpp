#include <kyso/batch/inputs.hpp>

#include "support/fixtures.hpp"

#include <gtest/gtest.h>

using namespace kyso;

namespace {
void touch(const std::filesystem::path& p) {
    test::write(p, as_bytes(std::string_view("<x/>")));
}
}  // namespace

TEST(Inputs, DirectoriesAreWalkedSortedWithoutHiddenFilesOrOtherExtensions) {
    test::TempDir dir;
    touch(dir / "in/b.xml");
    touch(dir / "in/a.XML");
    touch(dir / "in/sub/c.xml");
    touch(dir / "in/.hidden.xml");
    touch(dir / "in/.git/d.xml");
    touch(dir / "in/notes.txt");
    auto inputs = batch::collect_inputs({(dir / "in").string()}, {".xml"});
    ASSERT_TRUE(inputs) << inputs.error().message;
    std::vector<std::string> relative;
    for (const auto& in : *inputs)
        relative.push_back(in.relative.string());
    EXPECT_EQ(relative, (std::vector<std::string>{"a.XML", "b.xml", "sub/c.xml"}));
}

TEST(Inputs, MissingInputIsIo) {
    auto inputs = batch::collect_inputs({"/nonexistent/kyso-input.xml"}, {".xml"});
    ASSERT_FALSE(inputs);
    EXPECT_EQ(inputs.error().code, Errc::io);
}

TEST(Inputs, OneFileGoesToTheOutputFileSeveralUnderTheOutputDirectory) {
    test::TempDir dir;
    touch(dir / "one.xml");
    auto single = batch::plan_items({(dir / "one.xml").string()}, {".xml"}, (dir / "signed.xml").string());
    ASSERT_TRUE(single);
    ASSERT_EQ(single->size(), 1u);
    EXPECT_EQ(single->front().output, dir / "signed.xml");

    touch(dir / "in/a.xml");
    touch(dir / "in/sub/b.xml");
    // The output directory inside the input directory is not walked (a re-run does not sign its outputs).
    touch(dir / "in/out/a.xml");
    auto many = batch::plan_items({(dir / "in").string()}, {".xml"}, (dir / "in/out").string());
    ASSERT_TRUE(many) << many.error().message;
    ASSERT_EQ(many->size(), 2u);
    EXPECT_EQ((*many)[0].output, dir / "in/out/a.xml");
    EXPECT_EQ((*many)[1].output, dir / "in/out/sub/b.xml");
}
