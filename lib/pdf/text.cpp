#include "pdf/text.hpp"

#include <unicode/normalizer2.h>
#include <unicode/unistr.h>

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

}  // namespace kyso::pdf
