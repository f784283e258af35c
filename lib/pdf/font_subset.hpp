// TrueType font parsing and subsetting for PDF visible signature appearances (private). The subset is embedded
// as a CIDFontType2 with /Encoding /Identity-H and /CIDToGIDMap /Identity (ISO 32000-1 §9.7.4, §9.9), so a
// CID in the content stream is the glyph index of the subset program.
#pragma once

#include <kyso/core/bytes.hpp>
#include <kyso/core/result.hpp>

#include <array>
#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace kyso::pdf {

// A glyf-based TrueType font (not CFF, not a collection). Every table offset and length is validated by parse(),
// so the accessors never read out of bounds, whatever the file held.
class TrueTypeFont {
public:
    // Errc::unsupported for CFF (OTTO), collections (ttcf) and anything malformed. A font without a cmap parses
    // (glyph_for() then finds nothing) so that subset programs, which have none, can be read back.
    static Result<TrueTypeFont> parse(Bytes data);

    std::uint16_t glyph_for(char32_t codepoint) const;  // 0 (.notdef) when missing
    int advance_width(std::uint16_t gid) const;         // font units
    int units_per_em() const { return m_units_per_em; }
    std::uint16_t num_glyphs() const { return m_num_glyphs; }

    // Metrics for the PDF FontDescriptor, scaled to 1000/em.
    int ascent() const;
    int descent() const;
    int cap_height() const;
    std::array<int, 4> bbox() const;
    double italic_angle() const;  // degrees, from post
    // FontDescriptor /Flags (ISO 32000-1 §9.8.2): Symbolic always (the glyphs go beyond the standard Latin
    // set, e.g. Vietnamese), FixedPitch and Italic from post/head.
    int pdf_flags() const;
    std::string postscript_name() const;  // name ID 6, ASCII sanitised; "KysoFont" when absent

    // The raw glyph description (may be empty, e.g. space); bounds checked by parse().
    ByteView glyph_data(std::uint16_t gid) const;
    // A table's bytes, empty when the font has no such table.
    ByteView table(std::string_view tag) const;

private:
    struct Span {
        std::uint32_t offset = 0;
        std::uint32_t length = 0;
    };
    int scale(int font_units) const;

    Bytes m_data;
    std::map<std::string, Span, std::less<>> m_tables;
    Span m_cmap;  // the chosen cmap subtable
    int m_cmap_format = 0;
    std::uint16_t m_num_glyphs = 0;
    std::uint16_t m_num_hmetrics = 0;
    int m_units_per_em = 0;
    int m_loc_format = 0;
};

// Collects the glyphs a signature appearance uses and produces the embedded subset. The font must outlive it.
// CIDs are handed out in order of first use and never change, so text encoded early stays valid as more is added.
class FontSubsetter {
public:
    explicit FontSubsetter(const TrueTypeFont& font);

    // Maps text (UTF-32, NFC-normalised by the caller) to CIDs, registering the glyphs. A codepoint without a glyph
    // is an error (Errc::unsupported) and registers nothing.
    Result<std::vector<std::uint16_t>> encode(std::u32string_view text);
    // Advance width in points for layout (no kerning); missing glyphs count as .notdef.
    double text_width(std::u32string_view text, double font_size) const;

    // The subset font program for /FontFile2 (CID = GID).
    Bytes font_program() const;
    // Content of the CIDFont /W array, e.g. "[0 [600 612 500]]", in 1000/em units.
    std::string widths_array() const;
    // The /ToUnicode CMap for the used CIDs (UTF-16BE, bfchar blocks of at most 100 entries).
    std::string to_unicode_cmap() const;
    // "ABCDEF+" (ISO 32000-1 §9.9.2), derived deterministically from the glyph set.
    std::string subset_tag() const;

    std::size_t glyph_count() const { return m_glyphs.size(); }

private:
    Result<void> register_glyph(std::uint16_t gid);
    Result<void> add_glyph(std::uint16_t gid, int depth);
    Bytes subset_glyph(std::uint16_t old_gid) const;

    const TrueTypeFont* m_font;
    std::vector<std::uint16_t> m_glyphs;              // new GID (= CID) -> original GID
    std::map<std::uint16_t, std::uint16_t> m_new_id;  // original GID -> new GID
    std::map<std::uint16_t, char32_t> m_unicode;      // CID -> the codepoint it was first used for
};

}  // namespace kyso::pdf
