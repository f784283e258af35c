// Adding an annotation to a page in an incremental update (private): the page's /Annots gains the
// reference, in the array object itself when /Annots is indirect (so the page stays untouched).
#pragma once

#include "pdf/incremental.hpp"

namespace kyso::pdf {

Result<void> add_annotation_to_page(IncrementalUpdate& update, const Document& doc, Ref page, Ref annotation);

}  // namespace kyso::pdf
