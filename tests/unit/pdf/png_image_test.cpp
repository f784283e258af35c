#include "pdf/png_image.hpp"

#include <gtest/gtest.h>
#include <png.h>

#include <algorithm>
#include <string_view>

using namespace kyso;
using kyso::pdf::decode_png;

namespace {

// Test images are written by libpng's own encoder, not by kyso, so a shared misunderstanding cannot hide.
Bytes write_png(std::uint32_t width, std::uint32_t height, std::uint32_t format, const Bytes& pixels,
                const Bytes& colormap = {}) {
    png_image image{};
    image.version = PNG_IMAGE_VERSION;
    image.width = width;
    image.height = height;
    image.format = format;
    image.colormap_entries = static_cast<std::uint32_t>(colormap.size() / PNG_IMAGE_SAMPLE_CHANNELS(format));
    const void* cmap = colormap.empty() ? nullptr : colormap.data();
    png_alloc_size_t size = 0;
    EXPECT_TRUE(png_image_write_to_memory(&image, nullptr, &size, 0, pixels.data(), 0, cmap)) << image.message;
    Bytes out(size);
    EXPECT_TRUE(png_image_write_to_memory(&image, out.data(), &size, 0, pixels.data(), 0, cmap)) << image.message;
    out.resize(size);
    return out;
}

bool has_chunk(const Bytes& png, std::string_view type) {
    return std::search(png.begin(), png.end(), type.begin(), type.end()) != png.end();
}

// CRC-32 as in PNG (ISO 3309), for hand-edited chunks.
std::uint32_t crc32(const std::uint8_t* p, std::size_t n) {
    std::uint32_t c = 0xFFFFFFFFu;
    for (std::size_t i = 0; i < n; ++i) {
        c ^= p[i];
        for (int k = 0; k < 8; ++k)
            c = (c >> 1) ^ (0xEDB88320u & (0u - (c & 1u)));
    }
    return c ^ 0xFFFFFFFFu;
}

void put32(Bytes& b, std::size_t off, std::uint32_t v) {
    for (int k = 0; k < 4; ++k)
        b[off + static_cast<std::size_t>(k)] = static_cast<std::uint8_t>(v >> (24 - 8 * k));
}

}  // namespace

TEST(PngImage, Gray) {
    const Bytes px{0, 50, 100, 150, 200, 255};
    auto img = decode_png(write_png(3, 2, PNG_FORMAT_GRAY, px));
    ASSERT_TRUE(img) << img.error().message;
    EXPECT_EQ(img->width, 3u);
    EXPECT_EQ(img->height, 2u);
    EXPECT_EQ(img->components, 1);
    EXPECT_EQ(img->samples, px);
    EXPECT_FALSE(img->alpha);
}

TEST(PngImage, Rgb) {
    const Bytes px{255, 0, 0, 0, 255, 0, 0, 0, 255, 10, 20, 30};
    auto img = decode_png(write_png(2, 2, PNG_FORMAT_RGB, px));
    ASSERT_TRUE(img) << img.error().message;
    EXPECT_EQ(img->components, 3);
    EXPECT_EQ(img->samples, px);
    EXPECT_FALSE(img->alpha);
}

TEST(PngImage, RgbaSplitsAlphaIntoItsOwnPlane) {
    const Bytes px{255, 0, 0, 255, 0, 255, 0, 128, 0, 0, 255, 0, 10, 20, 30, 77};
    auto img = decode_png(write_png(4, 1, PNG_FORMAT_RGBA, px));
    ASSERT_TRUE(img) << img.error().message;
    EXPECT_EQ(img->components, 3);
    EXPECT_EQ(img->samples, (Bytes{255, 0, 0, 0, 255, 0, 0, 0, 255, 10, 20, 30}));
    ASSERT_TRUE(img->alpha);
    EXPECT_EQ(*img->alpha, (Bytes{255, 128, 0, 77}));
}

TEST(PngImage, GrayAlpha) {
    const Bytes px{0, 0, 128, 64, 255, 255};
    auto img = decode_png(write_png(3, 1, PNG_FORMAT_GA, px));
    ASSERT_TRUE(img) << img.error().message;
    EXPECT_EQ(img->components, 1);
    EXPECT_EQ(img->samples, (Bytes{0, 128, 255}));
    ASSERT_TRUE(img->alpha);
    EXPECT_EQ(*img->alpha, (Bytes{0, 64, 255}));
}

TEST(PngImage, OpaqueAlphaChannelIsDropped) {
    const Bytes px{1, 2, 3, 255, 4, 5, 6, 255};
    auto img = decode_png(write_png(2, 1, PNG_FORMAT_RGBA, px));
    ASSERT_TRUE(img) << img.error().message;
    EXPECT_EQ(img->samples, (Bytes{1, 2, 3, 4, 5, 6}));
    EXPECT_FALSE(img->alpha);
}

TEST(PngImage, PaletteWithTransparencyExpandsToRgbAndAlpha) {
    const Bytes palette{255, 0, 0, 255, 0, 0, 255, 0, 20, 40, 60, 200};  // RGBA entries: libpng writes PLTE + tRNS
    const Bytes indices{0, 1, 2, 2, 1, 0};
    const Bytes png = write_png(3, 2, PNG_FORMAT_RGBA_COLORMAP, indices, palette);
    ASSERT_TRUE(has_chunk(png, "PLTE"));
    ASSERT_TRUE(has_chunk(png, "tRNS"));
    auto img = decode_png(png);
    ASSERT_TRUE(img) << img.error().message;
    EXPECT_EQ(img->components, 3);
    Bytes rgb, alpha;
    for (std::uint8_t i : indices) {
        rgb.insert(rgb.end(), palette.begin() + 4 * i, palette.begin() + 4 * i + 3);
        alpha.push_back(palette[4u * i + 3]);
    }
    EXPECT_EQ(img->samples, rgb);
    ASSERT_TRUE(img->alpha);
    EXPECT_EQ(*img->alpha, alpha);
}

TEST(PngImage, GarbageAndTruncatedDataAreErrors) {
    const Bytes good = write_png(2, 2, PNG_FORMAT_RGB, Bytes(12, 7));
    const Bytes garbage{'G', 'I', 'F', '8', '9', 'a', 1, 2, 3, 4, 5, 6, 7, 8, 9, 10};
    Bytes bad_crc = good;
    bad_crc[20] ^= 0xFF;  // inside IHDR
    Bytes sig_only(good.begin(), good.begin() + 8);
    sig_only.insert(sig_only.end(), garbage.begin(), garbage.end());
    for (const Bytes& data : {Bytes{}, garbage, bad_crc, sig_only}) {
        auto img = decode_png(data);
        ASSERT_FALSE(img);
        EXPECT_EQ(img.error().code, Errc::unsupported);
        EXPECT_EQ(img.error().message.rfind("not a PNG image: ", 0), 0u) << img.error().message;
    }
    // Cut anywhere before IEND (the last 12 bytes), the pixels are incomplete; libpng accepts a missing IEND,
    // which loses nothing.
    for (std::size_t len = 0; len < good.size() - 12; ++len) {
        auto img = decode_png(ByteView(good).first(len));
        EXPECT_FALSE(img) << len;
    }
}

TEST(PngImage, RefusesMoreThanFortyMegapixels) {
    Bytes png = write_png(1, 1, PNG_FORMAT_GRAY, Bytes{0});
    // IHDR: length(4) type(4) at offset 8, width at 16, height at 20, CRC over type+data at 29.
    put32(png, 16, 10000);
    put32(png, 20, 4001);
    put32(png, 29, crc32(png.data() + 12, 17));
    auto img = decode_png(png);
    ASSERT_FALSE(img);
    EXPECT_EQ(img.error().code, Errc::unsupported);
    EXPECT_NE(img.error().message.find("40 megapixel"), std::string::npos) << img.error().message;
}
