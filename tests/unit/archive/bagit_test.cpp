// BagIt text files (RFC 8493): path encoding, manifest lines, refused paths, bag-info.
#include <kyso/archive/bagit.hpp>

#include <gtest/gtest.h>

namespace kyso::archive {
namespace {

TEST(Bagit, PathEncoding) {
    EXPECT_EQ(encode_bag_path("data/a%b\r\nc"), "data/a%25b%0D%0Ac");
    EXPECT_EQ(decode_bag_path("data/a%25b%0D%0Ac"), "data/a%b\r\nc");
    EXPECT_EQ(decode_bag_path("data/a%0d%0a"), "data/a\r\n");
    EXPECT_EQ(decode_bag_path("data/%41%"), "data/%41%");  // only the three codes of §2.1.3
}

TEST(Bagit, ManifestSortedAndParsed) {
    const std::string text =
        serialize_manifest({{std::string(64, 'b'), "data/z", {}}, {std::string(64, 'a'), "data/a b", {}}});
    EXPECT_EQ(text, std::string(64, 'a') + "  data/a b\n" + std::string(64, 'b') + "  data/z\n");
    auto parsed = parse_manifest(text, 64, "manifest-sha256.txt");
    ASSERT_TRUE(parsed);
    ASSERT_EQ(parsed->size(), 2u);
    EXPECT_EQ((*parsed)[0].path, "data/a b");
    EXPECT_EQ((*parsed)[0].refusal, "");
    // Uppercase checksums are read as lowercase; a wrong-length checksum fails the manifest.
    parsed = parse_manifest(std::string(64, 'A') + " data/x\n", 64, "m");
    ASSERT_TRUE(parsed);
    EXPECT_EQ((*parsed)[0].hex, std::string(64, 'a'));
    EXPECT_FALSE(parse_manifest(std::string(63, 'a') + " data/x\n", 64, "m"));
    EXPECT_FALSE(parse_manifest(std::string(64, 'g') + " data/x\n", 64, "m"));
}

TEST(Bagit, DangerousPathsRefusedNotDropped) {
    const std::string h(64, 'a');
    auto parsed = parse_manifest(h + "  ../../etc/passwd\n" + h + "  /etc/passwd\n" + h + "  data\\x\n" + h +
                                     "  data/./x\n" + h + "  data//x\n" + h + "  data/ok\n" + h + "  C:/x\n",
                                 64, "m");
    ASSERT_TRUE(parsed);
    ASSERT_EQ(parsed->size(), 7u);
    EXPECT_NE((*parsed)[0].refusal.find(".."), std::string::npos);
    EXPECT_NE((*parsed)[1].refusal.find("absolute"), std::string::npos);
    EXPECT_NE((*parsed)[2].refusal.find("backslash"), std::string::npos);
    EXPECT_NE((*parsed)[3].refusal, "");
    EXPECT_NE((*parsed)[4].refusal, "");
    EXPECT_EQ((*parsed)[5].refusal, "");
    EXPECT_NE((*parsed)[6].refusal, "");
    // An encoded newline decodes into a control character: refused too.
    EXPECT_NE(check_bag_path(decode_bag_path("data/a%0Ab")), "");
}

TEST(Bagit, BagInfo) {
    auto info =
        parse_bag_info("Payload-Oxum: 10.2\nBagging-Date: 2026-11-23\nSource-Organization: Bệnh viện\n  Đa khoa\n");
    ASSERT_TRUE(info);
    EXPECT_EQ(bag_info_value(*info, "Payload-Oxum"), "10.2");
    EXPECT_EQ(bag_info_value(*info, "Source-Organization"), "Bệnh viện Đa khoa");
    EXPECT_EQ(bag_info_value(*info, "Missing"), "");
    EXPECT_FALSE(parse_bag_info("no colon here\n"));
    EXPECT_EQ(serialize_bag_info({{"A", "1"}, {"B", "2"}}), "A: 1\nB: 2\n");
}

}  // namespace
}  // namespace kyso::archive
