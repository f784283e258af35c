#include "pdf/font_subset.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <fstream>
#include <iterator>
#include <set>
#include <sstream>

using namespace kyso;
using kyso::pdf::FontSubsetter;
using kyso::pdf::TrueTypeFont;

namespace {

// Debian fonts-dejavu-core: every precomposed Vietnamese letter is in DejaVu Sans, many as composite glyphs.
constexpr const char* kDejaVu = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf";
constexpr std::u32string_view kVietnamese =
    U"Người ký: Nguyễn Thị Hồng Nhung — Chức danh: Bác sĩ; Ngày ký; Nơi ký; Lý do";

Bytes read_file(const char* path) {
    std::ifstream in(path, std::ios::binary);
    return Bytes(std::istreambuf_iterator<char>(in), {});
}

#define LOAD_DEJAVU(var)                                                                                 \
    const Bytes var##_bytes = read_file(kDejaVu);                                                        \
    if (var##_bytes.empty()) FAIL() << kDejaVu << " missing (scripts/setup installs fonts-dejavu-core)"; \
    auto var##_parsed = TrueTypeFont::parse(var##_bytes);                                                \
    ASSERT_TRUE(var##_parsed) << var##_parsed.error().message;                                           \
    const TrueTypeFont& var = *var##_parsed

std::uint32_t be32(ByteView b, std::size_t off) {
    return (std::uint32_t{b[off]} << 24) | (std::uint32_t{b[off + 1]} << 16) | (std::uint32_t{b[off + 2]} << 8) |
           b[off + 3];
}
std::uint16_t be16(ByteView b, std::size_t off) {
    return static_cast<std::uint16_t>((b[off] << 8) | b[off + 1]);
}

std::uint32_t checksum(const Bytes& b, std::size_t off, std::size_t len) {
    std::uint32_t sum = 0;
    for (std::size_t i = 0; i < len; i += 4)
        for (std::size_t k = 0; k < 4; ++k)
            sum += std::uint32_t{off + i + k < b.size() && i + k < len ? b[off + i + k] : 0u} << (24 - 8 * k);
    return sum;
}

// Component glyph ids of a composite glyph, independent of the code under test.
std::vector<std::pair<std::size_t, std::uint16_t>> components(ByteView g) {
    std::vector<std::pair<std::size_t, std::uint16_t>> out;
    if (g.size() < 10 || static_cast<std::int16_t>(be16(g, 0)) >= 0) return out;
    for (std::size_t pos = 10;;) {
        const std::uint16_t flags = be16(g, pos);
        out.emplace_back(pos + 2, be16(g, pos + 2));
        pos += (flags & 1) ? 8 : 6;
        pos += (flags & 8) ? 2 : (flags & 0x40) ? 4 : (flags & 0x80) ? 8 : 0;
        if (!(flags & 0x20)) break;
    }
    return out;
}

// The subset glyph is the original, byte for byte, apart from component references and up to 3 bytes of zero
// padding for 4-byte alignment; components are compared recursively.
void expect_same_glyph(const TrueTypeFont& orig, std::uint16_t old_gid, const TrueTypeFont& sub,
                       std::uint16_t new_gid) {
    const ByteView a = orig.glyph_data(old_gid), b = sub.glyph_data(new_gid);
    ASSERT_GE(b.size(), a.size());
    ASSERT_LT(b.size() - a.size(), 4u) << "glyph " << old_gid;
    EXPECT_TRUE(std::all_of(b.begin() + static_cast<std::ptrdiff_t>(a.size()), b.end(), [](auto v) { return v == 0; }));
    EXPECT_EQ(orig.advance_width(old_gid), sub.advance_width(new_gid));
    const auto ca = components(a), cb = components(b.first(a.size()));
    ASSERT_EQ(ca.size(), cb.size());
    Bytes a_masked(a.begin(), a.end()), b_masked(b.begin(), b.begin() + static_cast<std::ptrdiff_t>(a.size()));
    for (std::size_t i = 0; i < ca.size(); ++i) {
        a_masked[ca[i].first] = a_masked[ca[i].first + 1] = 0;
        b_masked[cb[i].first] = b_masked[cb[i].first + 1] = 0;
        expect_same_glyph(orig, ca[i].second, sub, cb[i].second);
    }
    EXPECT_EQ(a_masked, b_masked) << "glyph " << old_gid;
}

}  // namespace

TEST(FontSubset, ParsesDejaVuSansMetrics) {
    LOAD_DEJAVU(font);
    EXPECT_EQ(font.units_per_em(), 2048);
    EXPECT_EQ(font.postscript_name(), "DejaVuSans");
    EXPECT_NE(font.glyph_for(U'A'), 0);
    EXPECT_NE(font.glyph_for(U'\u1EC7'), 0);
    EXPECT_NE(font.glyph_for(U'\U0001F600'), 0);  // DejaVu 2.37 has the emoticons block
    EXPECT_EQ(font.glyph_for(U'\U0001F914'), 0);
    EXPECT_EQ(font.advance_width(font.glyph_for(U' ')), 651);
    EXPECT_EQ(font.ascent(), 928);    // hhea 1901 / 2048
    EXPECT_EQ(font.descent(), -236);  // hhea -483 / 2048
    EXPECT_GT(font.cap_height(), 600);
    EXPECT_LT(font.cap_height(), font.ascent());
    const auto box = font.bbox();
    EXPECT_LT(box[0], 0);
    EXPECT_LT(box[1], 0);
    EXPECT_GT(box[2], 1000);
    EXPECT_GT(box[3], 900);
}

TEST(FontSubset, VietnameseSubsetReparsesWithIdenticalGlyphs) {
    LOAD_DEJAVU(font);
    FontSubsetter subsetter(font);
    auto cids = subsetter.encode(kVietnamese);
    ASSERT_TRUE(cids) << cids.error().message;
    ASSERT_EQ(cids->size(), kVietnamese.size());

    const Bytes program = subsetter.font_program();
    EXPECT_LT(program.size(), 40u * 1024);
    auto parsed = TrueTypeFont::parse(program);
    ASSERT_TRUE(parsed) << parsed.error().message;
    const TrueTypeFont& sub = *parsed;
    EXPECT_EQ(sub.num_glyphs(), subsetter.glyph_count());
    EXPECT_EQ(sub.units_per_em(), font.units_per_em());
    EXPECT_EQ(sub.glyph_for(U'A'), 0);  // no cmap: the PDF maps CID to GID directly
    EXPECT_EQ(sub.glyph_data(0).size(), (font.glyph_data(0).size() + 3) & ~std::size_t{3});

    std::set<std::uint16_t> distinct;
    for (std::size_t i = 0; i < kVietnamese.size(); ++i) {
        const std::uint16_t cid = (*cids)[i];
        distinct.insert(cid);
        ASSERT_LT(cid, sub.num_glyphs());
        EXPECT_NE(cid, 0);
        expect_same_glyph(font, font.glyph_for(kVietnamese[i]), sub, cid);
    }
    EXPECT_GE(subsetter.glyph_count(), distinct.size() + 1);  // + .notdef and composite components

    // The same character always gets the same CID, and more text leaves earlier CIDs alone.
    auto more = subsetter.encode(U"Người");
    ASSERT_TRUE(more);
    EXPECT_EQ(std::vector<std::uint16_t>(cids->begin(), cids->begin() + 5), *more);
}

TEST(FontSubset, ProgramHasSortedAlignedTablesWithCorrectChecksums) {
    LOAD_DEJAVU(font);
    FontSubsetter subsetter(font);
    ASSERT_TRUE(subsetter.encode(kVietnamese));
    const Bytes p = subsetter.font_program();
    ASSERT_EQ(be32(p, 0), 0x00010000u);
    const std::size_t n = be16(p, 4);
    std::vector<std::string> tags;
    for (std::size_t i = 0; i < n; ++i) {
        const std::size_t rec = 12 + 16 * i;
        tags.emplace_back(reinterpret_cast<const char*>(p.data() + rec), 4);
        const std::uint32_t off = be32(p, rec + 8), len = be32(p, rec + 12);
        EXPECT_EQ(off % 4, 0u) << tags.back();
        ASSERT_LE(std::uint64_t{off} + len, p.size());
        std::uint32_t sum = checksum(p, off, len);
        if (tags.back() == "head") sum -= be32(p, off + 8);  // checkSumAdjustment is excluded from its own table
        EXPECT_EQ(be32(p, rec + 4), sum) << tags.back();
    }
    EXPECT_EQ(tags, (std::vector<std::string>{"OS/2", "cvt ", "fpgm", "glyf", "head", "hhea", "hmtx", "loca", "maxp",
                                              "name", "post", "prep"}));
    EXPECT_EQ(p.size() % 4, 0u);
    EXPECT_EQ(checksum(p, 0, p.size()), 0xB1B0AFBAu);
    const std::uint16_t search_range = be16(p, 6);
    EXPECT_EQ(search_range, 128);  // 16 * 8, the largest power of two <= 12 tables
    EXPECT_EQ(be16(p, 8), 3);
    EXPECT_EQ(be16(p, 10), n * 16 - search_range);
}

TEST(FontSubset, WidthsMatchTheFont) {
    LOAD_DEJAVU(font);
    FontSubsetter subsetter(font);
    auto cids = subsetter.encode(kVietnamese);
    ASSERT_TRUE(cids);
    std::string w = subsetter.widths_array();
    ASSERT_EQ(w.rfind("[0 [", 0), 0u);
    ASSERT_EQ(w.substr(w.size() - 2), "]]");
    std::istringstream in(w.substr(4, w.size() - 6));
    std::vector<long> widths{std::istream_iterator<long>(in), {}};
    ASSERT_EQ(widths.size(), subsetter.glyph_count());
    for (std::size_t i = 0; i < kVietnamese.size(); ++i) {
        const int adv = font.advance_width(font.glyph_for(kVietnamese[i]));
        EXPECT_EQ(widths[(*cids)[i]], std::lround(adv * 1000.0 / 2048));
    }
    const double expected =
        (font.advance_width(font.glyph_for(U'B')) + font.advance_width(font.glyph_for(U'á'))) * 12.0 / 2048;
    EXPECT_DOUBLE_EQ(subsetter.text_width(U"Bá", 12.0), expected);
}

TEST(FontSubset, ToUnicodeMapsEveryCharacter) {
    LOAD_DEJAVU(font);
    FontSubsetter subsetter(font);
    const std::u32string text = std::u32string(kVietnamese) + U" — Bệnh viện";
    auto cids = subsetter.encode(text);
    ASSERT_TRUE(cids);
    auto smile = subsetter.encode(U"\U0001F600");  // outside the BMP: a UTF-16 surrogate pair
    ASSERT_TRUE(smile);
    const std::string cmap = subsetter.to_unicode_cmap();
    EXPECT_EQ(cmap.rfind("/CIDInit /ProcSet findresource begin\n", 0), 0u);
    EXPECT_NE(cmap.find("begincmap"), std::string::npos);
    EXPECT_NE(cmap.find("1 begincodespacerange\n<0000> <FFFF>\nendcodespacerange"), std::string::npos);
    EXPECT_NE(cmap.find("endcmap\nCMapName currentdict /CMap defineresource pop"), std::string::npos);
    for (std::size_t i = 0; i < text.size(); ++i) {
        char line[32];
        std::snprintf(line, sizeof line, "<%04X> <%04X>\n", (*cids)[i], static_cast<unsigned>(text[i]));
        EXPECT_NE(cmap.find(line), std::string::npos) << line;
    }
    const std::size_t at = text.find(U'\u1EC7');  // ệ
    ASSERT_NE(at, std::u32string::npos);
    char line[32];
    std::snprintf(line, sizeof line, "<%04X> <1EC7>\n", (*cids)[at]);
    EXPECT_NE(cmap.find(line), std::string::npos) << cmap;
    std::snprintf(line, sizeof line, "<%04X> <D83DDE00>\n", smile->at(0));
    EXPECT_NE(cmap.find(line), std::string::npos) << cmap;
}

TEST(FontSubset, ToUnicodeSplitsBlocksOfAtMostHundred) {
    LOAD_DEJAVU(font);
    FontSubsetter subsetter(font);
    std::u32string text;
    for (char32_t c = 0x21; c < 0x7F; ++c)
        text += c;
    for (char32_t c = 0x1EA0; c <= 0x1EF9; ++c)
        text += c;
    ASSERT_TRUE(subsetter.encode(text));
    const std::string cmap = subsetter.to_unicode_cmap();
    EXPECT_NE(cmap.find("100 beginbfchar"), std::string::npos);
    std::size_t blocks = 0, entries = 0;
    for (std::size_t pos = 0; (pos = cmap.find(" beginbfchar", pos)) != std::string::npos; ++pos) {
        const std::size_t line = cmap.rfind('\n', pos) + 1;
        const int count = std::stoi(cmap.substr(line, pos - line));
        EXPECT_LE(count, 100);
        entries += static_cast<std::size_t>(count);
        ++blocks;
    }
    EXPECT_EQ(entries, text.size());
    EXPECT_EQ(blocks, (text.size() + 99) / 100);
}

TEST(FontSubset, MissingGlyphIsAnErrorThatRegistersNothing) {
    LOAD_DEJAVU(font);
    FontSubsetter subsetter(font);
    const std::size_t before = subsetter.glyph_count();
    for (const auto& [text, code] : {std::pair{std::u32string(U"Xin chào 🤔"), "U+1F914"}, {U"中文", "U+4E2D"}}) {
        auto r = subsetter.encode(text);
        ASSERT_FALSE(r);
        EXPECT_EQ(r.error().code, Errc::unsupported);
        EXPECT_NE(r.error().message.find(code), std::string::npos) << r.error().message;
        EXPECT_NE(r.error().message.find("DejaVuSans"), std::string::npos) << r.error().message;
    }
    EXPECT_EQ(subsetter.glyph_count(), before);
}

TEST(FontSubset, SubsetTagIsDeterministic) {
    LOAD_DEJAVU(font);
    FontSubsetter a(font), b(font), c(font);
    ASSERT_TRUE(a.encode(kVietnamese));
    ASSERT_TRUE(b.encode(kVietnamese));
    ASSERT_TRUE(c.encode(U"Lý do"));
    const std::string tag = a.subset_tag();
    ASSERT_EQ(tag.size(), 7u);
    EXPECT_TRUE(std::all_of(tag.begin(), tag.begin() + 6, [](char ch) { return ch >= 'A' && ch <= 'Z'; }));
    EXPECT_EQ(tag[6], '+');
    EXPECT_EQ(tag, b.subset_tag());
    EXPECT_NE(tag, c.subset_tag());
    EXPECT_EQ(a.font_program(), b.font_program());
}

TEST(FontSubset, RejectsOtherFormats) {
    for (const std::string_view head : {"OTTO", "ttcf", "wOFF"}) {
        Bytes data(64, 0);
        std::copy(head.begin(), head.end(), data.begin());
        auto r = TrueTypeFont::parse(data);
        ASSERT_FALSE(r);
        EXPECT_EQ(r.error().code, Errc::unsupported);
    }
    auto cff = TrueTypeFont::parse(Bytes{'O', 'T', 'T', 'O', 0, 0, 0, 0, 0, 0, 0, 0});
    ASSERT_FALSE(cff);
    EXPECT_NE(cff.error().message.find("CFF"), std::string::npos);
    EXPECT_FALSE(TrueTypeFont::parse(Bytes{}));
}

TEST(FontSubset, TruncatedOrCorruptFontsFailCleanly) {
    const Bytes font = read_file(kDejaVu);
    if (font.empty()) FAIL() << kDejaVu << " missing (scripts/setup installs fonts-dejavu-core)";
    // Cutting the file anywhere inside a table must be caught by parse().
    for (std::size_t len : {std::size_t{0}, std::size_t{11}, std::size_t{12}, std::size_t{100}, std::size_t{331},
                            std::size_t{50000}, font.size() / 2, font.size() - 1}) {
        auto r = TrueTypeFont::parse(Bytes(font.begin(), font.begin() + static_cast<std::ptrdiff_t>(len)));
        ASSERT_FALSE(r) << len;
        EXPECT_EQ(r.error().code, Errc::unsupported);
    }
    // Random corruption of the table directory and of the tables the parser trusts after checking them (the
    // first KB of each): whatever still parses must encode and subset without crashing (CI runs ASan/UBSan).
    std::vector<std::pair<std::size_t, std::size_t>> hot{{0, 12 + 16 * std::size_t{be16(font, 4)}}};
    for (std::size_t i = 0; i < be16(font, 4); ++i) {
        const std::string tag(reinterpret_cast<const char*>(font.data() + 12 + 16 * i), 4);
        if (tag == "head" || tag == "hhea" || tag == "maxp" || tag == "cmap" || tag == "loca" || tag == "glyf" ||
            tag == "name")
            hot.emplace_back(be32(font, 12 + 16 * i + 8), std::min<std::size_t>(be32(font, 12 + 16 * i + 12), 1024));
    }
    std::uint32_t seed = 12345;
    auto next = [&seed] { return seed = seed * 1664525u + 1013904223u; };
    int parsed = 0;
    for (int round = 0; round < 400; ++round) {
        Bytes data = font;
        for (int k = 0; k < 3; ++k) {
            const auto& [start, len] = hot[next() % hot.size()];
            data[start + next() % len] = static_cast<std::uint8_t>(next() >> 24);
        }
        auto r = TrueTypeFont::parse(std::move(data));
        if (!r) continue;
        ++parsed;
        FontSubsetter s(*r);
        (void)s.encode(kVietnamese);
        (void)s.text_width(kVietnamese, 10);
        (void)s.font_program();
        (void)s.to_unicode_cmap();
        (void)s.widths_array();
        (void)r->postscript_name();
        (void)r->cap_height();
    }
    EXPECT_GT(parsed, 0);  // the corruption exercised the code after parse() too
}
