// Text for PDF appearances (private): UTF-8 in, NFC-normalised UTF-32 out (spec/pdf.md: Vietnamese
// typed on different systems arrives precomposed or decomposed; the font and ToUnicode map need one form).
#pragma once

#include "pdf/cos.hpp"

#include <kyso/core/result.hpp>
#include <kyso/core/time.hpp>

#include <chrono>

#include <string>
#include <string_view>

namespace kyso::pdf {

// Errc::usage when the text is not valid UTF-8.
Result<std::u32string> nfc_utf32(std::string_view utf8);
// UTF-16BE with a byte-order mark: a PDF text string (ISO 32000-1 §7.9.2.2) for /Reason, /Location, /T.
std::string pdf_text_string(std::u32string_view text);
// A PDF text string object: plain ASCII as is, anything else NFC-normalised UTF-16BE.
Object text_object(std::string_view utf8);

// "YYYYMMDDHHmmSS" of t shifted by offset (for /M: offset 0 and a trailing Z).
std::string pdf_date(TimePoint t, std::chrono::minutes offset);
// "dd/MM/yyyy HH:mm:ss" as Vietnamese records print dates.
std::string display_date(TimePoint t, std::chrono::minutes offset);

}  // namespace kyso::pdf
