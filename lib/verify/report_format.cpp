#include "verify/report_format.hpp"

#include <cstdint>
#include <cstdio>

namespace kyso::verify::render {

Outcome outcome(Indication i) noexcept {
    switch (i) {
        case Indication::total_passed:
            return Outcome::passed;
        case Indication::total_failed:
            return Outcome::failed;
        case Indication::indeterminate:
            return Outcome::indeterminate;
    }
    return Outcome::indeterminate;
}

Outcome outcome(const DocumentReport& d) noexcept {
    if (d.error) return Outcome::not_processed;
    if (d.signatures.empty()) return Outcome::no_signature;
    Outcome worst = Outcome::passed;
    for (const auto& s : d.signatures) {
        const Outcome o = outcome(s.indication);
        if (o == Outcome::failed) return o;
        if (o == Outcome::indeterminate) worst = o;
    }
    return worst;
}

namespace {

// Decodes one UTF-8 sequence at `i` (RFC 3629: no overlong forms, no surrogates, at most U+10FFFF).
// Returns the code point and advances `i`, or returns -1 and advances past one byte.
std::int32_t next_code_point(std::string_view s, std::size_t& i) noexcept {
    const auto byte = [&](std::size_t k) { return static_cast<std::uint8_t>(s[k]); };
    const std::uint8_t b0 = byte(i);
    if (b0 < 0x80) {
        ++i;
        return b0;
    }
    std::size_t len = 0;
    std::int32_t cp = 0, min = 0;
    if ((b0 & 0xE0) == 0xC0) {
        len = 2, cp = b0 & 0x1F, min = 0x80;
    } else if ((b0 & 0xF0) == 0xE0) {
        len = 3, cp = b0 & 0x0F, min = 0x800;
    } else if ((b0 & 0xF8) == 0xF0) {
        len = 4, cp = b0 & 0x07, min = 0x10000;
    } else {
        ++i;
        return -1;
    }
    if (i + len > s.size()) {
        ++i;
        return -1;
    }
    for (std::size_t k = 1; k < len; ++k) {
        if ((byte(i + k) & 0xC0) != 0x80) {
            ++i;
            return -1;
        }
        cp = (cp << 6) | (byte(i + k) & 0x3F);
    }
    if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) {
        ++i;
        return -1;
    }
    i += len;
    return cp;
}

bool must_escape(std::int32_t cp) noexcept {
    return cp < 0x20 || (cp >= 0x7F && cp <= 0x9F) || cp == 0x061C || cp == 0x200E || cp == 0x200F ||
           (cp >= 0x2028 && cp <= 0x202E) || (cp >= 0x2066 && cp <= 0x2069);
}

bool combining(std::int32_t cp) noexcept {
    return (cp >= 0x0300 && cp <= 0x036F) || (cp >= 0x1AB0 && cp <= 0x1AFF) || (cp >= 0x1DC0 && cp <= 0x1DFF) ||
           (cp >= 0x20D0 && cp <= 0x20FF) || (cp >= 0xFE20 && cp <= 0xFE2F);
}

}  // namespace

std::string safe_text(std::string_view value) {
    std::string out;
    out.reserve(value.size());
    for (std::size_t i = 0; i < value.size();) {
        const std::size_t start = i;
        const std::int32_t cp = next_code_point(value, i);
        if (cp < 0) {
            out += "\xEF\xBF\xBD";  // U+FFFD REPLACEMENT CHARACTER
        } else if (must_escape(cp)) {
            char buf[16];
            std::snprintf(buf, sizeof buf, cp < 0x100 ? "\\x%02x" : "\\u%04x", static_cast<unsigned>(cp));
            out += buf;
        } else {
            out.append(value.substr(start, i - start));
        }
    }
    return out;
}

std::size_t display_width(std::string_view utf8) noexcept {
    std::size_t width = 0;
    for (std::size_t i = 0; i < utf8.size();) {
        const std::int32_t cp = next_code_point(utf8, i);
        if (cp < 0 || !combining(cp)) ++width;
    }
    return width;
}

}  // namespace kyso::verify::render
