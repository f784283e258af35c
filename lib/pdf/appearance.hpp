// Visible appearances (private; spec/pdf.md "Visible appearance"): a form XObject with lines of
// Vietnamese text in an embedded TrueType subset (Type0/CIDFontType2, Identity-H, ToUnicode) and an
// optional PNG image, added to an incremental update.
#pragma once

#include "pdf/incremental.hpp"

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace kyso::pdf {

struct AppearanceSpec {
    double width = 0, height = 0;
    std::vector<std::u32string> lines;  // NFC text, drawn top to bottom
    std::optional<std::filesystem::path> image_png;
    std::filesystem::path font_file;
    // A frame and a caption make a non-signature confirmation impossible to mistake for a signature.
    bool framed = false;
};

// The form XObject's reference. An empty spec (no lines, no image) gives an empty appearance (for
// invisible signatures: /AP is required on every widget, PDF/A-friendly).
Result<Ref> add_appearance(IncrementalUpdate& update, const AppearanceSpec& spec);

}  // namespace kyso::pdf
