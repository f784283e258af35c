// What changed after a signature (private; spec/pdf.md "Verification", step 4): every object the
// later revisions define, diffed against an allow-list.
#pragma once

#include "pdf/document.hpp"

#include <optional>
#include <string>
#include <vector>

namespace kyso::pdf {

struct ModificationCheck {
    // Changes outside the allow-list: page contents, resources, the page tree, the Catalog /Pages...
    // each names its object.
    std::vector<std::string> disallowed;
    // Allowed changes worth telling the reader (signatures added, form fields filled, DSS...).
    std::vector<std::string> allowed;
    // Widgets or annotations added after signing that paint on a page.
    std::vector<std::string> overlays;
    // Bytes after the signed revision that no cross-reference section lists (invisible to readers
    // that follow the xref, visible to those that reconstruct).
    std::uint64_t unlisted_bytes = 0;
    // Changes to fields this signature locked (FieldMDP): these invalidate it.
    std::vector<std::string> lock_violations;
};

// FieldMDP of one signature (ISO 32000-1 Table 256): which fields it locks.
struct FieldLock {
    enum class Action { all, include, exclude } action = Action::all;
    std::vector<std::string> fields;
    bool locks(const std::string& name) const;
};

// `signed_end`: where the signed revision ends (ByteRange c + d). `docmdp`: the P value of the
// certification in force (0 = not certified); P=1 allows nothing, 2 form filling and signing, 3
// also annotations. Without certification the P=3 allow-list classifies changes.
Result<ModificationCheck> check_modifications(const Document& doc, std::uint64_t signed_end, int docmdp,
                                              const std::optional<FieldLock>& lock = std::nullopt);

}  // namespace kyso::pdf
