#include "pdf/png_image.hpp"

#include <png.h>

#include <string>

namespace kyso::pdf {

namespace {

// A signature image is a few hundred pixels; the cap keeps a hostile file from making us allocate gigabytes
// (40 Mpx RGBA is 160 MB while decoding).
constexpr std::uint64_t kMaxPixels = 40'000'000;

Failure not_png(const std::string& why) {
    return fail(Errc::unsupported, "not a PNG image: " + why);
}

// Frees libpng's state on every path; png_image_free is a no-op once finish_read has released it.
struct ImageGuard {
    png_image* image;
    ~ImageGuard() { png_image_free(image); }
};

}  // namespace

Result<RasterImage> decode_png(ByteView data) {
    if (data.size() < 8 || png_sig_cmp(data.data(), 0, 8) != 0) return not_png("missing PNG signature");

    png_image image{};
    image.version = PNG_IMAGE_VERSION;
    ImageGuard guard{&image};
    // libpng's simplified API traps its own errors (setjmp inside libpng's frames, none of ours) and reports them
    // through the return value and image.message.
    if (!png_image_begin_read_from_memory(&image, data.data(), data.size())) return not_png(image.message);
    if (image.width == 0 || image.height == 0) return not_png("empty image");
    const std::uint64_t pixels = std::uint64_t{image.width} * image.height;
    if (pixels > kMaxPixels)
        return fail(Errc::unsupported, "PNG image of " + std::to_string(image.width) + "x" +
                                           std::to_string(image.height) + " pixels exceeds the 40 megapixel limit");

    // The format flags already say "alpha" for a tRNS chunk, so palette and gray images with a transparent
    // colour get an alpha plane too. Palettes expand to RGB, 16-bit samples are reduced to 8-bit sRGB.
    const bool color = image.format & PNG_FORMAT_FLAG_COLOR;
    const bool has_alpha = image.format & PNG_FORMAT_FLAG_ALPHA;
    image.format =
        color ? (has_alpha ? PNG_FORMAT_RGBA : PNG_FORMAT_RGB) : (has_alpha ? PNG_FORMAT_GA : PNG_FORMAT_GRAY);
    Bytes buffer(PNG_IMAGE_SIZE(image));
    if (!png_image_finish_read(&image, nullptr, buffer.data(), 0, nullptr)) return not_png(image.message);

    RasterImage out;
    out.width = image.width;
    out.height = image.height;
    out.components = color ? 3 : 1;
    if (!has_alpha) {
        out.samples = std::move(buffer);
        return out;
    }
    // Separate the interleaved alpha into its own plane: PDF takes it as a soft mask, not as a channel.
    const std::size_t n = static_cast<std::size_t>(pixels);
    const std::size_t stride = static_cast<std::size_t>(out.components) + 1;
    out.samples.resize(n * static_cast<std::size_t>(out.components));
    Bytes alpha(n);
    bool opaque = true;
    for (std::size_t i = 0; i < n; ++i) {
        const std::uint8_t* px = buffer.data() + i * stride;
        for (int c = 0; c < out.components; ++c)
            out.samples[i * static_cast<std::size_t>(out.components) + static_cast<std::size_t>(c)] = px[c];
        alpha[i] = px[out.components];
        opaque = opaque && alpha[i] == 0xFF;
    }
    // A fully opaque alpha channel (common in RGBA exports) would only add a useless /SMask.
    if (!opaque) out.alpha = std::move(alpha);
    return out;
}

}  // namespace kyso::pdf
