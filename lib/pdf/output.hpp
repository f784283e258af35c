// Writing an incremental update (private): the original bytes copied unchanged (append only,
// spec/pdf.md), streamed in chunks, optionally through a hash.
#pragma once

#include "ossl/ossl.hpp"
#include "pdf/document.hpp"

#include <kyso/core/atomic_file.hpp>

namespace kyso::pdf {

// True when the file does not end with an end-of-line (the update then starts with one).
Result<bool> needs_eol(const Source& source);

// Copies `source` into `file` (and `hasher` when given), then the end-of-line if `add_eol`.
Result<void> copy_original(const Source& source, AtomicFile& file, ossl::Hasher* hasher, bool add_eol);

}  // namespace kyso::pdf
