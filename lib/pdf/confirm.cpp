#include <kyso/pdf/confirm.hpp>

#include "ossl/ossl.hpp"
#include "pdf/annotations.hpp"
#include "pdf/appearance.hpp"
#include "pdf/output.hpp"
#include "pdf/structure.hpp"
#include "pdf/text.hpp"

namespace kyso::pdf {

namespace fs = std::filesystem;

namespace {

constexpr const char* kCaption = "XÁC NHẬN CỦA NGƯỜI BỆNH — không phải chữ ký số";

}  // namespace

Result<void> add_confirmation(const fs::path& in, const fs::path& out, const ConfirmationOptions& options) {
    std::error_code ec;
    if (fs::equivalent(in, out, ec))
        return fail(Errc::usage, "the output must not be the input (inputs are never modified)");
    if (!options.overwrite && fs::exists(out, ec)) return fail(Errc::output_exists, "'" + out.string() + "' exists");
    const Placement& p = options.placement;
    if (p.width <= 0 || p.height <= 0) return fail(Errc::usage, "a confirmation needs a positive width and height");
    if (options.person.empty()) return fail(Errc::usage, "a confirmation names the person who confirmed");
    KYSO_TRY(auto source, open_file_source(in));
    auto opened = Document::open(source);
    if (!opened) return fail(opened.error().code, in.string() + ": " + opened.error().message);
    const Document& doc = **opened;
    if (doc.trailer().get("Encrypt") != nullptr) return fail(Errc::unsupported, "encrypted PDFs are not supported");
    KYSO_TRY(auto pages, page_refs(doc));
    if (p.page < 1 || static_cast<std::size_t>(p.page) > pages.size())
        return fail(Errc::usage, "page " + std::to_string(p.page) + " does not exist (the document has " +
                                     std::to_string(pages.size()) + " pages)");
    const Ref page = pages[static_cast<std::size_t>(p.page - 1)];
    const TimePoint when = options.time.value_or(now_utc());

    IncrementalUpdate update(doc);
    AppearanceSpec spec;
    spec.width = p.width;
    spec.height = p.height;
    spec.framed = true;
    spec.image_png = options.image_png;
    spec.font_file = options.font_file.value_or(default_font_path());
    std::vector<std::string> lines{kCaption, "Người xác nhận: " + options.person};
    if (!options.relation.empty()) lines.push_back("Quan hệ: " + options.relation);
    if (!options.method.empty()) lines.push_back("Hình thức: " + options.method);
    lines.push_back("Thời điểm: " + display_date(when, options.utc_offset));
    for (const auto& l : lines) {
        KYSO_TRY(auto text, nfc_utf32(l));
        spec.lines.push_back(std::move(text));
    }
    KYSO_TRY(const Ref appearance, add_appearance(update, spec));
    Dict ap;
    ap.set("N", Object(appearance));
    Dict stamp;
    stamp.set("Type", Object::name("Annot"));
    stamp.set("Subtype", Object::name("Stamp"));
    stamp.set("Rect", Object(Array{Object(p.x), Object(p.y), Object(p.x + p.width), Object(p.y + p.height)}));
    stamp.set("F", Object(std::int64_t{4 | 128}));  // printable, locked
    stamp.set("P", Object(page));
    stamp.set("Contents", text_object(std::string(kCaption) + ": " + options.person));
    stamp.set("NM", Object::text("kyso-confirmation-" + pdf_date(when, std::chrono::minutes(0))));
    stamp.set("M", Object::text("D:" + pdf_date(when, std::chrono::minutes(0)) + "Z"));
    stamp.set("AP", Object(std::move(ap)));
    const Ref stamp_ref = update.add(Object(std::move(stamp)));
    KYSO_CHECK(add_annotation_to_page(update, doc, page, stamp_ref));

    KYSO_TRY(const bool add_eol, needs_eol(*source));
    const std::uint64_t base = source->size() + (add_eol ? 1 : 0);
    Bytes id = ossl::digest(keys::DigestAlgorithm::sha256,
                            as_bytes("kyso-confirm-" + std::to_string(base) + pdf_date(when, std::chrono::minutes(0))));
    id.resize(16);
    const auto built = update.build(base, id);
    KYSO_TRY(AtomicFile file, AtomicFile::create(out));
    KYSO_CHECK(copy_original(*source, file, nullptr, add_eol));
    KYSO_CHECK(file.write(as_bytes(built.bytes)));
    return file.commit(true);
}

}  // namespace kyso::pdf
