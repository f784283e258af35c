// PNG decoding for images in PDF visible signature appearances (private). The result maps directly onto an
// image XObject: samples become /DeviceGray or /DeviceRGB at 8 bits per component, alpha an /SMask
// (ISO 32000-1 §8.9.5, §11.6.5.3).
#pragma once

#include <kyso/core/bytes.hpp>
#include <kyso/core/result.hpp>

#include <cstdint>
#include <optional>

namespace kyso::pdf {

struct RasterImage {
    std::uint32_t width = 0, height = 0;
    int components = 0;          // 1 (gray) or 3 (RGB)
    Bytes samples;               // 8 bits per component, row-major, no padding
    std::optional<Bytes> alpha;  // 8-bit alpha plane when the PNG has transparency (becomes an /SMask)
};

// Decodes any PNG (palette, 16-bit and interlaced included) to 8-bit gray or RGB. Images over 40 megapixels
// are refused with Errc::unsupported; so is anything that is not a valid PNG ("not a PNG image: ...").
Result<RasterImage> decode_png(ByteView data);

}  // namespace kyso::pdf
