// kyso — a verification report for people: plain text and a self-contained HTML page, in Vietnamese or
// English (TT 15/2025/TT-BKHCN: verification results are shown in Vietnamese). The JSON of spec/cli.md
// (Report::to_json) stays the same in every language; only these renderings are translated.
#pragma once

#include <kyso/verify/report.hpp>

#include <optional>
#include <string>
#include <string_view>

namespace kyso::verify {

enum class Lang { vi, en };

// "vi" | "en"; anything else is nullopt.
std::optional<Lang> parse_lang(std::string_view name) noexcept;

// A UTF-8 text report: header (tool, validation time, algorithm policy), a summary of the batch, a table
// of the documents, then every signature in detail. Values taken from the documents and certificates
// are made harmless for a terminal: control and bidirectional-override characters are shown as escapes
// (\x1b, \u202e) and invalid UTF-8 as U+FFFD, so a certificate subject cannot forge report lines.
std::string render_text(const Report& report, Lang lang);

// The same report as one self-contained HTML5 page (UTF-8, inline CSS with a print stylesheet, no
// scripts, nothing fetched: a Content-Security-Policy forbids it). Every value is escaped; verdicts are
// given by words and a symbol as well as by colour.
std::string render_html(const Report& report, Lang lang);

}  // namespace kyso::verify
