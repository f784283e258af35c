#include "pdf/appearance.hpp"

#include "pdf/filters.hpp"
#include "pdf/font_subset.hpp"
#include "pdf/png_image.hpp"

#include <kyso/batch/batch.hpp>

#include <algorithm>
#include <cstdio>

namespace kyso::pdf {

namespace {

std::string number(double v) {
    return serialize(Object(v));
}

Object stream_object(Dict dict, Bytes data, bool compress) {
    Stream s;
    s.dict = std::move(dict);
    if (compress) {
        s.dict.set("Filter", Object::name("FlateDecode"));
        s.data = flate_encode(data);
    } else {
        s.data = std::move(data);
    }
    return Object(std::move(s));
}

Bytes to_bytes(const std::string& s) {
    return Bytes(s.begin(), s.end());
}

// Type0 font with its CIDFontType2 descendant, descriptor, FontFile2 and ToUnicode (ISO 32000-1 §9.7).
Ref add_font(IncrementalUpdate& update, const TrueTypeFont& font, const FontSubsetter& subset) {
    const std::string base = subset.subset_tag() + font.postscript_name();
    const Bytes program = subset.font_program();
    Dict file_dict;
    file_dict.set("Length1", Object(static_cast<std::int64_t>(program.size())));
    const Ref file = update.add(stream_object(std::move(file_dict), program, true));

    Dict descriptor;
    descriptor.set("Type", Object::name("FontDescriptor"));
    descriptor.set("FontName", Object::name(base));
    descriptor.set("Flags", Object(std::int64_t{font.pdf_flags()}));
    const auto bbox = font.bbox();
    descriptor.set("FontBBox", Object(Array{Object(std::int64_t{bbox[0]}), Object(std::int64_t{bbox[1]}),
                                            Object(std::int64_t{bbox[2]}), Object(std::int64_t{bbox[3]})}));
    descriptor.set("ItalicAngle", Object(font.italic_angle()));
    descriptor.set("Ascent", Object(std::int64_t{font.ascent()}));
    descriptor.set("Descent", Object(std::int64_t{font.descent()}));
    descriptor.set("CapHeight", Object(std::int64_t{font.cap_height()}));
    descriptor.set("StemV", Object(std::int64_t{80}));
    descriptor.set("FontFile2", Object(file));
    const Ref descriptor_ref = update.add(Object(std::move(descriptor)));

    Dict cid;
    cid.set("Type", Object::name("Font"));
    cid.set("Subtype", Object::name("CIDFontType2"));
    cid.set("BaseFont", Object::name(base));
    Dict info;
    info.set("Registry", Object::text("Adobe"));
    info.set("Ordering", Object::text("Identity"));
    info.set("Supplement", Object(std::int64_t{0}));
    cid.set("CIDSystemInfo", Object(std::move(info)));
    cid.set("FontDescriptor", Object(descriptor_ref));
    cid.set("CIDToGIDMap", Object::name("Identity"));
    const std::string widths = subset.widths_array();
    std::size_t pos = 0;
    auto w = parse_object(widths, pos, 0);
    cid.set("W", w ? std::move(*w) : Object(Array{}));
    const Ref cid_ref = update.add(Object(std::move(cid)));

    const Ref to_unicode = update.add(stream_object(Dict{}, to_bytes(subset.to_unicode_cmap()), true));
    Dict type0;
    type0.set("Type", Object::name("Font"));
    type0.set("Subtype", Object::name("Type0"));
    type0.set("BaseFont", Object::name(base));
    type0.set("Encoding", Object::name("Identity-H"));
    type0.set("DescendantFonts", Object(Array{Object(cid_ref)}));
    type0.set("ToUnicode", Object(to_unicode));
    return update.add(Object(std::move(type0)));
}

Result<Ref> add_image(IncrementalUpdate& update, const std::filesystem::path& path, double& aspect) {
    KYSO_TRY(Bytes png, batch::read_file(path));
    auto decoded = decode_png(png);
    if (!decoded) return fail(decoded.error().code, path.string() + ": " + decoded.error().message);
    RasterImage& image = *decoded;
    aspect = static_cast<double>(image.width) / static_cast<double>(std::max<std::uint32_t>(1, image.height));
    Dict dict;
    dict.set("Type", Object::name("XObject"));
    dict.set("Subtype", Object::name("Image"));
    dict.set("Width", Object(static_cast<std::int64_t>(image.width)));
    dict.set("Height", Object(static_cast<std::int64_t>(image.height)));
    dict.set("ColorSpace", Object::name(image.components == 1 ? "DeviceGray" : "DeviceRGB"));
    dict.set("BitsPerComponent", Object(std::int64_t{8}));
    if (image.alpha) {
        Dict mask;
        mask.set("Type", Object::name("XObject"));
        mask.set("Subtype", Object::name("Image"));
        mask.set("Width", Object(static_cast<std::int64_t>(image.width)));
        mask.set("Height", Object(static_cast<std::int64_t>(image.height)));
        mask.set("ColorSpace", Object::name("DeviceGray"));
        mask.set("BitsPerComponent", Object(std::int64_t{8}));
        dict.set("SMask", Object(update.add(stream_object(std::move(mask), std::move(*image.alpha), true))));
    }
    return update.add(stream_object(std::move(dict), std::move(image.samples), true));
}

}  // namespace

Result<Ref> add_appearance(IncrementalUpdate& update, const AppearanceSpec& spec) {
    Dict form;
    form.set("Type", Object::name("XObject"));
    form.set("Subtype", Object::name("Form"));
    form.set("BBox",
             Object(Array{Object(std::int64_t{0}), Object(std::int64_t{0}), Object(spec.width), Object(spec.height)}));
    Dict resources;
    std::string content;
    const double pad = std::min(2.0, std::min(spec.width, spec.height) / 10);
    double text_x = pad, text_w = spec.width - 2 * pad;
    if (spec.framed)
        content +=
            "q 0.4 w 0.25 g 0.25 G 0.5 0.5 " + number(spec.width - 1) + " " + number(spec.height - 1) + " re S Q\n";

    if (spec.image_png) {
        double aspect = 1;
        KYSO_TRY(const Ref image, add_image(update, *spec.image_png, aspect));
        const double box_w = spec.lines.empty() ? spec.width - 2 * pad : spec.width * 0.38;
        const double box_h = spec.height - 2 * pad;
        double w = box_w, h = box_w / aspect;
        if (h > box_h) {
            h = box_h;
            w = h * aspect;
        }
        const double y = (spec.height - h) / 2;
        content += "q " + number(w) + " 0 0 " + number(h) + " " + number(pad) + " " + number(y) + " cm /Im1 Do Q\n";
        Dict xobjects;
        xobjects.set("Im1", Object(image));
        resources.set("XObject", Object(std::move(xobjects)));
        if (!spec.lines.empty()) {
            text_x = pad + box_w + pad;
            text_w = spec.width - text_x - pad;
        }
    }

    if (!spec.lines.empty()) {
        KYSO_TRY(Bytes font_data, batch::read_file(spec.font_file));
        auto parsed = TrueTypeFont::parse(std::move(font_data));
        if (!parsed) return fail(parsed.error().code, spec.font_file.string() + ": " + parsed.error().message);
        const TrueTypeFont& font = *parsed;
        FontSubsetter subset(font);
        std::vector<std::vector<std::uint16_t>> encoded;
        for (const auto& line : spec.lines) {
            KYSO_TRY(auto cids, subset.encode(line));
            encoded.push_back(std::move(cids));
        }
        // The largest size up to 9 pt at which every line fits the box.
        double size = 9;
        const double text_h = spec.height - 2 * pad;
        for (; size > 3; size -= 0.25) {
            double widest = 0;
            for (const auto& line : spec.lines)
                widest = std::max(widest, subset.text_width(line, size));
            if (widest <= text_w && spec.lines.size() * size * 1.25 <= text_h) break;
        }
        const Ref font_ref = add_font(update, font, subset);
        Dict fonts;
        fonts.set("F1", Object(font_ref));
        resources.set("Font", Object(std::move(fonts)));
        const double leading = size * 1.25;
        const double block = leading * static_cast<double>(spec.lines.size());
        double y = spec.height - pad - std::max(0.0, (text_h - block) / 2) - size;
        content += "BT /F1 " + number(size) + " Tf 0 g\n";
        for (const auto& cids : encoded) {
            std::string hex;
            char buffer[8];
            for (const auto cid : cids) {
                std::snprintf(buffer, sizeof buffer, "%04X", static_cast<unsigned>(cid));
                hex += buffer;
            }
            content += "1 0 0 1 " + number(text_x) + " " + number(y) + " Tm <" + hex + "> Tj\n";
            y -= leading;
        }
        content += "ET\n";
    }
    form.set("Resources", Object(std::move(resources)));
    return update.add(stream_object(std::move(form), to_bytes(content), true));
}

}  // namespace kyso::pdf
