#include "pdf/text.hpp"

#include <unicode/normalizer2.h>
#include <unicode/unistr.h>

#include <algorithm>
#include <cstdio>

namespace kyso::pdf {

Result<std::u32string> nfc_utf32(std::string_view utf8) {
    UErrorCode status = U_ZERO_ERROR;
    const icu::Normalizer2* nfc = icu::Normalizer2::getNFCInstance(status);
    if (U_FAILURE(status)) return fail(Errc::internal, "ICU NFC normaliser unavailable");
    // ICU replaces ill-formed UTF-8 with U+FFFD; detect that by a round trip instead of guessing.
    const icu::UnicodeString source =
        icu::UnicodeString::fromUTF8(icu::StringPiece(utf8.data(), static_cast<int32_t>(utf8.size())));
    std::string back;
    source.toUTF8String(back);
    if (back != utf8) return fail(Errc::usage, "appearance text is not valid UTF-8");
    const icu::UnicodeString normalised = nfc->normalize(source, status);
    if (U_FAILURE(status)) return fail(Errc::internal, "NFC normalisation failed");
    std::u32string out(static_cast<std::size_t>(normalised.countChar32()), U'\0');
    status = U_ZERO_ERROR;
    normalised.toUTF32(reinterpret_cast<UChar32*>(out.data()), static_cast<int32_t>(out.size()), status);
    if (U_FAILURE(status)) return fail(Errc::internal, "UTF-32 conversion failed");
    return out;
}

std::string pdf_text_string(std::u32string_view text) {
    std::string out = "\xFE\xFF";
    auto unit = [&out](char16_t u) {
        out.push_back(static_cast<char>(u >> 8));
        out.push_back(static_cast<char>(u & 0xff));
    };
    for (const char32_t c : text) {
        if (c >= 0x10000) {
            const char32_t v = c - 0x10000;
            unit(static_cast<char16_t>(0xD800 + (v >> 10)));
            unit(static_cast<char16_t>(0xDC00 + (v & 0x3ff)));
        } else {
            unit(static_cast<char16_t>(c));
        }
    }
    return out;
}

std::string pdf_date(TimePoint t, std::chrono::minutes offset) {
    const auto local = t + offset;
    const auto days = std::chrono::floor<std::chrono::days>(local);
    const std::chrono::year_month_day ymd{days};
    const std::chrono::hh_mm_ss hms{local - days};
    char buf[64];
    std::snprintf(buf, sizeof buf, "%04d%02u%02u%02ld%02ld%02ld", static_cast<int>(ymd.year()),
                  static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()),
                  static_cast<long>(hms.hours().count()), static_cast<long>(hms.minutes().count()),
                  static_cast<long>(hms.seconds().count()));
    return buf;
}

std::string display_date(TimePoint t, std::chrono::minutes offset) {
    const std::string d = pdf_date(t, offset);  // YYYYMMDDHHmmSS
    return d.substr(6, 2) + "/" + d.substr(4, 2) + "/" + d.substr(0, 4) + " " + d.substr(8, 2) + ":" + d.substr(10, 2) +
           ":" + d.substr(12, 2);
}

Object text_object(std::string_view utf8) {
    auto nfc = nfc_utf32(utf8);
    const std::u32string text = nfc ? *nfc : std::u32string(utf8.begin(), utf8.end());
    const bool ascii = std::all_of(text.begin(), text.end(), [](char32_t c) { return c >= 0x20 && c < 0x7f; });
    return Object::text(ascii ? std::string(utf8) : pdf_text_string(text));
}

}  // namespace kyso::pdf
