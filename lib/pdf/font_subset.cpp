#include "pdf/font_subset.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>

namespace kyso::pdf {

namespace {

// Every read is bounds checked against its view and yields 0 outside it: a hostile font can make us produce
// nonsense glyph ids (which are range checked again) but never read outside the buffer.
std::uint16_t u16(ByteView b, std::size_t off) {
    if (off > b.size() || b.size() - off < 2) return 0;
    return static_cast<std::uint16_t>((b[off] << 8) | b[off + 1]);
}
std::int16_t i16(ByteView b, std::size_t off) {
    return static_cast<std::int16_t>(u16(b, off));
}
std::uint32_t u32(ByteView b, std::size_t off) {
    return (std::uint32_t{u16(b, off)} << 16) | u16(b, off + 2);
}
void put16(Bytes& b, std::size_t off, std::uint32_t v) {
    b[off] = static_cast<std::uint8_t>(v >> 8);
    b[off + 1] = static_cast<std::uint8_t>(v);
}
void put32(Bytes& b, std::size_t off, std::uint32_t v) {
    put16(b, off, v >> 16);
    put16(b, off + 2, v & 0xFFFF);
}
void append16(Bytes& b, std::uint32_t v) {
    b.push_back(static_cast<std::uint8_t>(v >> 8));
    b.push_back(static_cast<std::uint8_t>(v));
}
void append32(Bytes& b, std::uint32_t v) {
    append16(b, v >> 16);
    append16(b, v & 0xFFFF);
}

constexpr std::uint32_t tag_value(const char (&t)[5]) {
    return (std::uint32_t(std::uint8_t(t[0])) << 24) | (std::uint32_t(std::uint8_t(t[1])) << 16) |
           (std::uint32_t(std::uint8_t(t[2])) << 8) | std::uint32_t(std::uint8_t(t[3]));
}

// OpenType "Calculating checksums": the sum of big-endian uint32s, the last one zero padded.
std::uint32_t table_checksum(ByteView b) {
    std::uint32_t sum = 0;
    for (std::size_t i = 0; i < b.size(); ++i)
        sum += std::uint32_t{b[i]} << (24 - 8 * (i % 4));
    return sum;
}

Failure bad_font(const std::string& why) {
    return fail(Errc::unsupported, "not a usable TrueType font: " + why);
}

// Offset i of a 'loca' table in either format (short offsets are stored halved).
std::uint64_t loca_at(ByteView loca, int format, std::size_t i) {
    return format ? u32(loca, 4 * i) : 2u * u16(loca, 2 * i);
}

// Offsets of the glyph-index fields of a composite glyph's components; empty for a simple glyph. Stops at the
// first component that does not fit, leaving `complete` false. Flags per OpenType 'glyf' "Composite glyph
// description": 0x1 word arguments, 0x8 one scale, 0x40 x and y scales, 0x80 2x2 matrix, 0x20 more follow.
std::vector<std::size_t> component_offsets(ByteView glyph, bool& complete) {
    std::vector<std::size_t> out;
    complete = true;
    if (glyph.size() < 10 || i16(glyph, 0) >= 0) return out;
    std::size_t pos = 10;
    for (;;) {
        if (pos + 4 > glyph.size()) {
            complete = false;
            break;
        }
        const std::uint16_t flags = u16(glyph, pos);
        out.push_back(pos + 2);
        pos += 4 + ((flags & 0x1) ? 4 : 2) + ((flags & 0x8) ? 2 : (flags & 0x40) ? 4 : (flags & 0x80) ? 8 : 0);
        if (!(flags & 0x20)) break;
    }
    if (pos > glyph.size()) complete = false;
    return out;
}

}  // namespace

Result<TrueTypeFont> TrueTypeFont::parse(Bytes data) {
    TrueTypeFont f;
    f.m_data = std::move(data);
    const ByteView d = f.m_data;
    if (d.size() < 12) return bad_font("file too short");
    const std::uint32_t version = u32(d, 0);
    if (version == tag_value("ttcf"))
        return fail(Errc::unsupported, "font collections (.ttc) are not supported; extract a single .ttf");
    if (version == tag_value("OTTO"))
        return fail(Errc::unsupported, "CFF-based OpenType fonts (.otf) are not supported; use a TrueType font");
    if (version != 0x00010000 && version != tag_value("true")) return bad_font("unknown sfnt version");

    const std::size_t num_tables = u16(d, 4);
    if (12 + 16 * num_tables > d.size()) return bad_font("table directory truncated");
    for (std::size_t i = 0; i < num_tables; ++i) {
        const std::size_t rec = 12 + 16 * i;
        std::string tag(reinterpret_cast<const char*>(d.data() + rec), 4);
        const Span s{u32(d, rec + 8), u32(d, rec + 12)};
        if (std::uint64_t{s.offset} + s.length > d.size()) return bad_font("table '" + tag + "' out of bounds");
        f.m_tables.emplace(std::move(tag), s);
    }
    if (!f.m_tables.count("glyf") && f.m_tables.count("CFF "))
        return fail(Errc::unsupported, "CFF-based OpenType fonts are not supported; use a TrueType font");
    // No cmap is tolerated: our own subsets have none, and re-parsing them is how they are checked.
    for (const char* required : {"head", "hhea", "maxp", "hmtx", "loca", "glyf"})
        if (!f.m_tables.count(required)) return bad_font(std::string("missing table '") + required + "'");

    const ByteView head = f.table("head");
    if (head.size() < 54 || u32(head, 12) != 0x5F0F3CF5) return bad_font("bad 'head' table");
    f.m_units_per_em = u16(head, 18);
    f.m_loc_format = i16(head, 50);
    if (f.m_units_per_em < 16 || f.m_units_per_em > 16384) return bad_font("bad unitsPerEm");
    if (f.m_loc_format != 0 && f.m_loc_format != 1) return bad_font("bad indexToLocFormat");

    const ByteView maxp = f.table("maxp");
    if (maxp.size() < 6) return bad_font("bad 'maxp' table");
    f.m_num_glyphs = u16(maxp, 4);
    if (f.m_num_glyphs == 0) return bad_font("no glyphs");

    const ByteView hhea = f.table("hhea");
    if (hhea.size() < 36) return bad_font("bad 'hhea' table");
    f.m_num_hmetrics = u16(hhea, 34);
    if (f.m_num_hmetrics == 0 || f.m_num_hmetrics > f.m_num_glyphs) return bad_font("bad numberOfHMetrics");
    if (f.table("hmtx").size() < 4u * f.m_num_hmetrics) return bad_font("'hmtx' table truncated");

    // Check every glyph's loca range once, so glyph_data() can trust it.
    const ByteView loca = f.table("loca");
    const std::size_t entry = f.m_loc_format ? 4 : 2;
    if (loca.size() < entry * (std::size_t{f.m_num_glyphs} + 1)) return bad_font("'loca' table truncated");
    const std::size_t glyf_size = f.table("glyf").size();
    for (std::uint32_t gid = 0; gid < f.m_num_glyphs; ++gid) {
        const std::uint64_t start = loca_at(loca, f.m_loc_format, gid), end = loca_at(loca, f.m_loc_format, gid + 1);
        if (start > end || end > glyf_size) return bad_font("glyph " + std::to_string(gid) + " out of bounds");
    }

    // Prefer a full-Unicode subtable (format 12), then the BMP one (format 4); OpenType 'cmap' platform 3
    // encodings 10 and 1, or platform 0 (Unicode).
    const ByteView cmap = f.table("cmap");
    const std::size_t cmap_count = u16(cmap, 2);
    int best_score = 0;
    for (std::size_t i = 0; i < cmap_count && 4 + 8 * i + 8 <= cmap.size(); ++i) {
        const std::uint16_t platform = u16(cmap, 4 + 8 * i);
        const std::uint16_t encoding = u16(cmap, 4 + 8 * i + 2);
        const std::uint32_t off = u32(cmap, 4 + 8 * i + 4);
        if (off >= cmap.size()) continue;
        if (platform != 0 && !(platform == 3 && (encoding == 1 || encoding == 10))) continue;
        const ByteView sub = cmap.subspan(off);
        const std::uint16_t format = u16(sub, 0);
        std::uint32_t length = 0;
        if (format == 4) {
            // The 16-bit length field overflows in large fonts; every read is bounds checked, so take the rest.
            length = static_cast<std::uint32_t>(sub.size());
            const std::size_t seg_count = u16(sub, 6) / 2;
            if (16 + 8 * seg_count > length || seg_count == 0) continue;
        } else if (format == 12) {
            length = u32(sub, 4);
            const std::uint64_t groups = u32(sub, 12);
            if (length > sub.size() || 16 + 12 * groups > length) continue;
        } else {
            continue;
        }
        const int score = format == 12 ? 2 : 1;
        if (score > best_score) {
            best_score = score;
            f.m_cmap = Span{f.m_tables.at("cmap").offset + off, length};
            f.m_cmap_format = format;
        }
    }
    if (best_score == 0 && !cmap.empty()) return bad_font("no Unicode 'cmap' subtable of format 4 or 12");
    return f;
}

ByteView TrueTypeFont::table(std::string_view tag) const {
    const auto it = m_tables.find(tag);
    if (it == m_tables.end()) return {};
    return ByteView(m_data).subspan(it->second.offset, it->second.length);
}

std::uint16_t TrueTypeFont::glyph_for(char32_t cp) const {
    if (m_cmap_format == 0) return 0;
    const ByteView sub = ByteView(m_data).subspan(m_cmap.offset, m_cmap.length);
    std::uint32_t gid = 0;
    if (m_cmap_format == 12) {
        std::size_t lo = 0, hi = u32(sub, 12);
        while (lo < hi) {
            const std::size_t mid = lo + (hi - lo) / 2;
            const std::size_t g = 16 + 12 * mid;
            if (cp < u32(sub, g)) {
                hi = mid;
            } else if (cp > u32(sub, g + 4)) {
                lo = mid + 1;
            } else {
                gid = u32(sub, g + 8) + (cp - u32(sub, g));
                break;
            }
        }
    } else {
        if (cp > 0xFFFF) return 0;
        const std::size_t seg_count = u16(sub, 6) / 2;
        const std::size_t ends = 14, starts = 16 + 2 * seg_count, deltas = starts + 2 * seg_count,
                          range_offsets = deltas + 2 * seg_count;
        // Segments are sorted by endCode; take the first whose end is >= cp.
        std::size_t lo = 0, hi = seg_count;
        while (lo < hi) {
            const std::size_t mid = lo + (hi - lo) / 2;
            if (u16(sub, ends + 2 * mid) < cp)
                lo = mid + 1;
            else
                hi = mid;
        }
        if (lo == seg_count || u16(sub, starts + 2 * lo) > cp) return 0;
        const std::uint16_t delta = u16(sub, deltas + 2 * lo);
        const std::uint16_t range_offset = u16(sub, range_offsets + 2 * lo);
        if (range_offset == 0) {
            gid = (cp + delta) & 0xFFFF;
        } else {
            // idRangeOffset is relative to its own position in the subtable (OpenType 'cmap' format 4).
            const std::size_t at = range_offsets + 2 * lo + range_offset + 2 * (cp - u16(sub, starts + 2 * lo));
            const std::uint16_t g = u16(sub, at);
            gid = g == 0 ? 0 : (g + delta) & 0xFFFF;
        }
    }
    return gid < m_num_glyphs ? static_cast<std::uint16_t>(gid) : 0;
}

int TrueTypeFont::advance_width(std::uint16_t gid) const {
    if (gid >= m_num_glyphs) return 0;
    // Glyphs past numberOfHMetrics repeat the last advance (monospaced tail).
    return u16(table("hmtx"), 4u * std::min<std::uint32_t>(gid, m_num_hmetrics - 1u));
}

ByteView TrueTypeFont::glyph_data(std::uint16_t gid) const {
    if (gid >= m_num_glyphs) return {};
    const ByteView loca = table("loca");
    const std::size_t start = loca_at(loca, m_loc_format, gid), end = loca_at(loca, m_loc_format, gid + 1u);
    return table("glyf").subspan(start, end - start);
}

int TrueTypeFont::scale(int font_units) const {
    return static_cast<int>(std::lround(font_units * 1000.0 / m_units_per_em));
}

int TrueTypeFont::ascent() const {
    return scale(i16(table("hhea"), 4));
}
int TrueTypeFont::descent() const {
    return scale(i16(table("hhea"), 6));
}

int TrueTypeFont::cap_height() const {
    const ByteView os2 = table("OS/2");
    if (u16(os2, 0) >= 2 && os2.size() >= 90 && i16(os2, 88) > 0) return scale(i16(os2, 88));
    // Older OS/2 versions have no sCapHeight: measure 'H' as PDF producers commonly do.
    const ByteView h = glyph_data(glyph_for(U'H'));
    if (h.size() >= 10) return scale(i16(h, 8));
    return ascent();
}

std::array<int, 4> TrueTypeFont::bbox() const {
    const ByteView head = table("head");
    return {scale(i16(head, 36)), scale(i16(head, 38)), scale(i16(head, 40)), scale(i16(head, 42))};
}

double TrueTypeFont::italic_angle() const {
    return static_cast<std::int32_t>(u32(table("post"), 4)) / 65536.0;
}

int TrueTypeFont::pdf_flags() const {
    int flags = 4;                                    // Symbolic
    if (u32(table("post"), 12) != 0) flags |= 1;      // FixedPitch
    if (u16(table("head"), 44) & 2) flags |= 1 << 6;  // Italic (macStyle bit 1)
    return flags;
}

std::string TrueTypeFont::postscript_name() const {
    const ByteView name = table("name");
    const std::size_t count = u16(name, 2);
    const std::size_t storage = u16(name, 4);
    std::string best;
    int best_rank = 0;
    for (std::size_t i = 0; i < count; ++i) {
        const std::size_t rec = 6 + 12 * i;
        if (rec + 12 > name.size()) break;
        const std::uint16_t platform = u16(name, rec), encoding = u16(name, rec + 2);
        if (u16(name, rec + 6) != 6) continue;
        const std::size_t len = u16(name, rec + 8), off = storage + u16(name, rec + 10);
        if (off > name.size() || name.size() - off < len) continue;
        const ByteView raw = name.subspan(off, len);
        const bool utf16 = platform == 0 || platform == 3;
        const int rank = platform == 3 ? 3 : platform == 1 && encoding == 0 ? 2 : platform == 0 ? 1 : 0;
        if (rank <= best_rank) continue;
        std::string s;
        for (std::size_t k = utf16 ? 1 : 0; k < raw.size(); k += utf16 ? 2 : 1) {
            const char c = static_cast<char>(raw[k]);
            if (utf16 && raw[k - 1] != 0) continue;
            // A PDF name must not need escaping: drop delimiters, '#', whitespace and non-ASCII.
            if (c > 32 && c < 127 && std::string_view("[](){}<>/%#").find(c) == std::string_view::npos) s += c;
        }
        if (!s.empty()) {
            best = std::move(s);
            best_rank = rank;
        }
    }
    if (best.empty()) return "KysoFont";
    // PostScript names are limited to 63 characters (Adobe Technical Note #5902).
    return best.substr(0, 63);
}

FontSubsetter::FontSubsetter(const TrueTypeFont& font) : m_font(&font) {
    // .notdef must stay GID 0 (OpenType 'glyf'); if even it is broken, register_glyph() leaves it out and
    // subset_glyph() writes it empty.
    if (!register_glyph(0)) {
        m_glyphs.assign(1, 0);
        m_new_id = {{0, 0}};
    }
}

Result<void> FontSubsetter::register_glyph(std::uint16_t gid) {
    const std::size_t before = m_glyphs.size();
    auto r = add_glyph(gid, 0);
    if (!r) {
        // Roll back whatever this call registered, so a bad glyph leaves no half-registered components.
        for (std::size_t i = before; i < m_glyphs.size(); ++i)
            m_new_id.erase(m_glyphs[i]);
        m_glyphs.resize(before);
    }
    return r;
}

Result<void> FontSubsetter::add_glyph(std::uint16_t gid, int depth) {
    if (m_new_id.count(gid)) return {};  // also ends component cycles: a glyph is registered before its parts
    if (depth > 16) return bad_font("composite glyph " + std::to_string(gid) + " nests too deeply");
    if (m_glyphs.size() >= 0xFFFF) return fail(Errc::unsupported, "font subset exceeds 65535 glyphs");
    m_new_id.emplace(gid, static_cast<std::uint16_t>(m_glyphs.size()));
    m_glyphs.push_back(gid);
    const ByteView data = m_font->glyph_data(gid);
    bool complete = true;
    const auto components = component_offsets(data, complete);
    if (!complete) return bad_font("composite glyph " + std::to_string(gid) + " is truncated");
    for (std::size_t off : components) {
        const std::uint16_t component = u16(data, off);
        if (component >= m_font->num_glyphs())
            return bad_font("composite glyph " + std::to_string(gid) + " references a missing glyph");
        KYSO_CHECK(add_glyph(component, depth + 1));
    }
    return {};
}

Result<std::vector<std::uint16_t>> FontSubsetter::encode(std::u32string_view text) {
    std::vector<std::uint16_t> gids;
    gids.reserve(text.size());
    for (char32_t cp : text) {
        const std::uint16_t gid = m_font->glyph_for(cp);
        if (gid == 0) {
            char code[16];
            std::snprintf(code, sizeof code, "U+%04X", static_cast<unsigned>(cp));
            return fail(Errc::unsupported,
                        std::string("the font '") + m_font->postscript_name() + "' has no glyph for " + code);
        }
        gids.push_back(gid);
    }
    std::vector<std::uint16_t> cids;
    cids.reserve(text.size());
    for (std::size_t i = 0; i < gids.size(); ++i) {
        KYSO_CHECK(register_glyph(gids[i]));
        const std::uint16_t cid = m_new_id.at(gids[i]);
        m_unicode.emplace(cid, text[i]);  // the first codepoint wins when several share a glyph
        cids.push_back(cid);
    }
    return cids;
}

double FontSubsetter::text_width(std::u32string_view text, double font_size) const {
    long units = 0;
    for (char32_t cp : text)
        units += m_font->advance_width(m_font->glyph_for(cp));
    return units * font_size / m_font->units_per_em();
}

Bytes FontSubsetter::subset_glyph(std::uint16_t old_gid) const {
    const ByteView data = m_font->glyph_data(old_gid);
    Bytes out(data.begin(), data.end());
    bool complete = true;
    const auto components = component_offsets(data, complete);
    if (!complete) return {};  // only a broken .notdef gets here (see the constructor)
    for (std::size_t off : components) {
        const auto it = m_new_id.find(u16(data, off));
        if (it == m_new_id.end()) return {};
        put16(out, off, it->second);
    }
    return out;
}

Bytes FontSubsetter::font_program() const {
    const TrueTypeFont& font = *m_font;
    const std::size_t n = m_glyphs.size();
    std::map<std::string, Bytes> tables;  // std::map keeps the directory sorted by tag, as OpenType requires

    Bytes glyf;
    std::vector<std::uint32_t> offsets;
    for (std::uint16_t old_gid : m_glyphs) {
        offsets.push_back(static_cast<std::uint32_t>(glyf.size()));
        const Bytes g = subset_glyph(old_gid);
        glyf.insert(glyf.end(), g.begin(), g.end());
        glyf.resize((glyf.size() + 3) & ~std::size_t{3});  // OpenType recommends 4-byte aligned glyphs
    }
    offsets.push_back(static_cast<std::uint32_t>(glyf.size()));
    const bool long_loca = glyf.size() / 2 > 0xFFFF;
    Bytes loca;
    for (std::uint32_t off : offsets) {
        if (long_loca)
            append32(loca, off);
        else
            append16(loca, off / 2);
    }

    // Every glyph gets a full metric, so numberOfHMetrics = numGlyphs.
    const ByteView hmtx = font.table("hmtx");
    const std::size_t old_hmetrics = u16(font.table("hhea"), 34);
    Bytes new_hmtx;
    for (std::uint16_t old_gid : m_glyphs) {
        append16(new_hmtx, static_cast<std::uint32_t>(font.advance_width(old_gid)));
        const std::size_t lsb_at =
            old_gid < old_hmetrics ? 4u * old_gid + 2 : 4 * old_hmetrics + 2 * (old_gid - old_hmetrics);
        append16(new_hmtx, u16(hmtx, lsb_at));
    }

    auto copy = [&](const char* tag) -> Bytes& {
        const ByteView t = font.table(tag);
        return tables[tag] = Bytes(t.begin(), t.end());
    };
    Bytes& head = copy("head");
    put32(head, 8, 0);  // checkSumAdjustment, computed over the whole font below
    put16(head, 50, long_loca ? 1 : 0);
    put16(copy("hhea"), 34, static_cast<std::uint32_t>(n));
    put16(copy("maxp"), 4, static_cast<std::uint32_t>(n));

    // post format 3: no glyph names, which a CID-keyed font does not use; the metric fields are kept.
    Bytes post(32, 0);
    const ByteView post_in = font.table("post");
    if (post_in.size() >= 32) std::copy(post_in.begin(), post_in.begin() + 32, post.begin());
    put32(post, 0, 0x00030000);

    tables["hmtx"] = std::move(new_hmtx);
    tables["loca"] = std::move(loca);
    tables["glyf"] = std::move(glyf);
    tables["post"] = std::move(post);
    // Hinting programs and the OS/2 and name tables are copied as they are; the rest (cmap, kern, GPOS, GSUB...)
    // is dropped: a CIDFontType2 with /CIDToGIDMap /Identity needs no cmap (ISO 32000-1 §9.9).
    for (const char* tag : {"cvt ", "fpgm", "prep", "OS/2", "name"})
        if (!font.table(tag).empty()) copy(tag);

    Bytes out;
    const std::uint32_t num_tables = static_cast<std::uint32_t>(tables.size());
    std::uint32_t entry_selector = 0;
    while ((2u << entry_selector) <= num_tables)
        ++entry_selector;
    const std::uint32_t search_range = 16u << entry_selector;
    append32(out, 0x00010000);
    append16(out, num_tables);
    append16(out, search_range);
    append16(out, entry_selector);
    append16(out, num_tables * 16 - search_range);
    std::size_t offset = 12 + 16 * tables.size();
    std::size_t head_offset = 0;
    for (const auto& [tag, t] : tables) {
        out.insert(out.end(), tag.begin(), tag.end());
        append32(out, table_checksum(t));
        append32(out, static_cast<std::uint32_t>(offset));
        append32(out, static_cast<std::uint32_t>(t.size()));
        if (tag == "head") head_offset = offset;
        offset += (t.size() + 3) & ~std::size_t{3};
    }
    for (const auto& [tag, t] : tables) {
        out.insert(out.end(), t.begin(), t.end());
        out.resize((out.size() + 3) & ~std::size_t{3});
    }
    put32(out, head_offset + 8, 0xB1B0AFBA - table_checksum(out));
    return out;
}

std::string FontSubsetter::widths_array() const {
    // CIDs are 0..n-1 without gaps, so a single run covers them all.
    std::string out = "[0 [";
    for (std::size_t i = 0; i < m_glyphs.size(); ++i) {
        if (i) out += ' ';
        out += std::to_string(std::lround(m_font->advance_width(m_glyphs[i]) * 1000.0 / m_font->units_per_em()));
    }
    return out + "]]";
}

std::string FontSubsetter::to_unicode_cmap() const {
    std::string out =
        "/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n"
        "/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n"
        "/CMapName /Adobe-Identity-UCS def\n/CMapType 2 def\n"
        "1 begincodespacerange\n<0000> <FFFF>\nendcodespacerange\n";
    char buf[32];
    auto it = m_unicode.begin();
    for (std::size_t left = m_unicode.size(); left > 0;) {
        // At most 100 entries per block (PDF 32000-1 §9.10.3, Adobe Technical Note #5411).
        const std::size_t block = std::min<std::size_t>(left, 100);
        out += std::to_string(block) + " beginbfchar\n";
        for (std::size_t k = 0; k < block; ++k, ++it) {
            const std::uint32_t cp = it->second;
            if (cp > 0xFFFF)
                std::snprintf(buf, sizeof buf, "<%04X> <%04X%04X>\n", unsigned{it->first},
                              0xD800 + ((cp - 0x10000) >> 10), 0xDC00 + ((cp - 0x10000) & 0x3FF));
            else
                std::snprintf(buf, sizeof buf, "<%04X> <%04X>\n", unsigned{it->first}, cp);
            out += buf;
        }
        out += "endbfchar\n";
        left -= block;
    }
    return out + "endcmap\nCMapName currentdict /CMap defineresource pop\nend\nend\n";
}

std::string FontSubsetter::subset_tag() const {
    // FNV-1a over the font name and the glyph list: the same glyphs in the same order give the same tag,
    // a different subset (almost certainly) a different one, as §9.9.2 asks.
    std::uint64_t h = 0xcbf29ce484222325ull;
    auto mix = [&h](std::uint8_t b) { h = (h ^ b) * 0x100000001b3ull; };
    for (char c : m_font->postscript_name())
        mix(static_cast<std::uint8_t>(c));
    for (std::uint16_t g : m_glyphs) {
        mix(static_cast<std::uint8_t>(g >> 8));
        mix(static_cast<std::uint8_t>(g));
    }
    std::string tag;
    for (int i = 0; i < 6; ++i, h /= 26)
        tag += static_cast<char>('A' + h % 26);
    return tag + "+";
}

}  // namespace kyso::pdf
