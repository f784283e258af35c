// Facts about a report shaped for people (private to the renderers): a document's overall outcome, text
// that is safe to show, its width in a monospaced table.
#pragma once

#include <kyso/verify/report.hpp>

#include <cstddef>
#include <string>
#include <string_view>

namespace kyso::verify::render {

// What a reader is told first about a signature or a document. A document's outcome is the worst of its
// signatures' (failed > indeterminate > passed), or that it could not be processed or carries none.
enum class Outcome { passed, failed, indeterminate, not_processed, no_signature };

Outcome outcome(Indication i) noexcept;
Outcome outcome(const DocumentReport& d) noexcept;

// Values that come from documents and certificates (paths, subjects, messages) may hold anything. This
// returns valid UTF-8 in which every C0/C1 control, DEL, line/paragraph separator and bidirectional
// formatting character is written as a visible escape (\x0a, \u202e) and every invalid byte as U+FFFD:
// a value can neither break a report's lines nor reorder what is displayed around it.
std::string safe_text(std::string_view value);

// Columns taken by UTF-8 text in a monospaced table (code points, combining marks taking none).
std::size_t display_width(std::string_view utf8) noexcept;

}  // namespace kyso::verify::render
