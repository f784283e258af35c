// record.manifest: the canonical text, strict parsing, file names refused.
#include <kyso/archive/record_manifest.hpp>

#include <gtest/gtest.h>

namespace kyso::archive {
namespace {

RecordManifest sample() {
    RecordManifest m;
    m.salt = Bytes(32, 0xab);
    m.files.push_back({"z.pdf", Bytes(32, 0x01), Bytes(64, 0x02), 1234});
    m.files.push_back({"claim_001.xml", Bytes(32, 0x03), Bytes(64, 0x04), 0});
    return m;
}

TEST(RecordManifest, CanonicalText) {
    const std::string text = serialize_record_manifest(sample());
    std::string salt;
    for (int i = 0; i < 32; ++i)
        salt += "ab";
    EXPECT_EQ(text.substr(0, 23 + 5 + 64 + 1), "kyso-record-manifest 1\nsalt " + salt + "\n");
    // Sorted by name bytewise: claim_001.xml before z.pdf.
    std::string l1 = "file " + std::string(64, '0') + " " + std::string(128, '0') + " 0 claim_001.xml\n";
    for (std::size_t i = 5; i < 5 + 64; i += 2)
        l1[i + 1] = '3';
    for (std::size_t i = 70; i < 70 + 128; i += 2)
        l1[i + 1] = '4';
    EXPECT_NE(text.find(l1), std::string::npos) << text;
    EXPECT_LT(text.find("claim_001.xml"), text.find("z.pdf"));
    EXPECT_NE(text.find(" 1234 z.pdf\n"), std::string::npos);
}

TEST(RecordManifest, RoundTrip) {
    const std::string text = serialize_record_manifest(sample());
    auto m = parse_record_manifest(text);
    ASSERT_TRUE(m) << m.error().message;
    EXPECT_EQ(m->salt, Bytes(32, 0xab));
    ASSERT_EQ(m->files.size(), 2u);
    EXPECT_EQ(m->files[0].name, "claim_001.xml");
    EXPECT_EQ(m->files[1].size, 1234u);
    EXPECT_EQ(serialize_record_manifest(*m), text);
}

TEST(RecordManifest, StrictParsing) {
    const std::string good = serialize_record_manifest(sample());
    const auto refused = [](const std::string& text, const std::string& why) {
        auto r = parse_record_manifest(text);
        EXPECT_FALSE(r) << text;
        if (!r) {
            EXPECT_NE(r.error().message.find(why), std::string::npos) << r.error().message;
        }
    };
    refused(good.substr(0, good.size() - 1), "line feed");
    std::string s = good;
    s.replace(0, 22, "kyso-record-manifest 2");
    refused(s, "kyso-record-manifest 1");
    s = good;
    s[30] = 'A';  // uppercase hex in the salt
    refused(s, "salt");
    // CRLF line ends.
    s = good;
    for (std::size_t p = 0; (p = s.find('\n', p)) != std::string::npos; p += 2)
        s.replace(p, 1, "\r\n");
    refused(s, "line");
    // Unsorted and duplicate files.
    RecordManifest m = sample();
    std::string text = "kyso-record-manifest 1\nsalt " + hex_encode(m.salt) + "\n";
    const std::string a = "file " + hex_encode(Bytes(32, 1)) + " " + hex_encode(Bytes(64, 2)) + " 5 a.xml\n";
    const std::string b = "file " + hex_encode(Bytes(32, 1)) + " " + hex_encode(Bytes(64, 2)) + " 5 b.xml\n";
    EXPECT_TRUE(parse_record_manifest(text + a + b));
    refused(text + b + a, "sorted");
    refused(text + a + a, "unique");
    refused(text, "at least one file");
    // A size with a leading zero, a name refused.
    refused(text + "file " + hex_encode(Bytes(32, 1)) + " " + hex_encode(Bytes(64, 2)) + " 05 a.xml\n", "leading zero");
    refused(text + "file " + hex_encode(Bytes(32, 1)) + " " + hex_encode(Bytes(64, 2)) + " 5 ../a.xml\n", "refused");
    refused(text + "file " + hex_encode(Bytes(32, 1)) + " " + hex_encode(Bytes(64, 2)) + " 5 /etc/passwd\n", "refused");
}

TEST(RecordManifest, FileNamesRefused) {
    EXPECT_EQ(check_file_name("claim_001.xml"), "");
    EXPECT_EQ(check_file_name("Bệnh án.pdf"), "");  // UTF-8 is fine
    EXPECT_NE(check_file_name(""), "");
    EXPECT_NE(check_file_name("a/b.xml"), "");
    EXPECT_NE(check_file_name("a\\b.xml"), "");
    EXPECT_NE(check_file_name(".."), "");
    EXPECT_NE(check_file_name("a..b"), "");
    EXPECT_NE(check_file_name("."), "");
    EXPECT_NE(check_file_name("a\nb"), "");
    EXPECT_NE(check_file_name(std::string("a\0b", 3)), "");
    EXPECT_NE(check_file_name(std::string(256, 'x')), "");
    EXPECT_EQ(check_file_name(std::string(255, 'x')), "");
    EXPECT_NE(check_file_name("record.manifest"), "");
    EXPECT_NE(check_file_name("\xff\xfe.xml"), "");  // not UTF-8
    EXPECT_NE(check_file_name("\xc0\xaf.xml"), "");  // overlong '/'
}

}  // namespace
}  // namespace kyso::archive
