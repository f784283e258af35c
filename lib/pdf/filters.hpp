// Stream filters kyso needs to read the structure of a PDF (private): FlateDecode with PNG/TIFF
// predictors (cross-reference and object streams, ISO 32000-1 §7.4.4), and Flate encoding for the
// streams kyso writes.
#pragma once

#include "pdf/cos.hpp"

#include <kyso/core/bytes.hpp>
#include <kyso/core/result.hpp>

namespace kyso::pdf {

// Decodes `data` through the filters a stream dictionary names. Only FlateDecode (with predictors) is
// supported; anything else is Errc::unsupported. Output above `max_output` bytes (a deflate bomb) is
// Errc::malformed_pdf.
Result<Bytes> decode_stream(const Dict& stream_dict, ByteView data, std::size_t max_output);

Result<Bytes> flate_decode(ByteView data, std::size_t max_output);
Bytes flate_encode(ByteView data);

}  // namespace kyso::pdf
