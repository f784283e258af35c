// kyso — verification of PDF signatures (spec/pdf.md "Verification": revisions, ByteRange geometry,
// CMS, coverage and what changed after each signature).
#pragma once

#include <kyso/core/bytes.hpp>
#include <kyso/core/time.hpp>
#include <kyso/keys/certificate.hpp>
#include <kyso/verify/context.hpp>
#include <kyso/verify/report.hpp>

#include <filesystem>
#include <optional>
#include <string>

namespace kyso::pdf {

// Never fails for a bad signature: the verdict is in the report. document.error is set when the file
// could not be read as a PDF. Any unexpected failure inside validation fails closed.
// `proof_of_existence`: a time the file is proven to have existed unaltered (an archive time-stamp), used
// for signatures without a trusted signature time-stamp of their own.
verify::DocumentReport verify(const std::filesystem::path& path, const verify::Context& context,
                              const std::string& display_path = {},
                              std::optional<TimePoint> proof_of_existence = std::nullopt);
verify::DocumentReport verify(ByteView document, const verify::Context& context, const std::string& display_path = {});

// True when `output` is `input`'s bytes followed by revisions whose last signature verifies
// cryptographically and was made with `certificate` (how a batch recognises work already done).
bool is_signed_copy(const std::filesystem::path& input, const std::filesystem::path& output,
                    const keys::Certificate& certificate);

}  // namespace kyso::pdf
