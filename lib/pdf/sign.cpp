#include <kyso/pdf/sign.hpp>

#include "ossl/ossl.hpp"
#include "pdf/annotations.hpp"
#include "pdf/appearance.hpp"
#include "pdf/cms.hpp"
#include "pdf/document.hpp"
#include "pdf/incremental.hpp"
#include "pdf/output.hpp"
#include "pdf/structure.hpp"
#include "pdf/text.hpp"

#include <kyso/core/atomic_file.hpp>

#include <algorithm>
#include <cstdio>
#include <set>

namespace kyso::pdf {

namespace fs = std::filesystem;

fs::path default_font_path() {
    return "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf";
}

namespace {

// Room left in /Contents beyond the trial CMS: ASN.1 length growth plus, from B-T on, the signature
// timestamp token (a TSA chain and a token fit comfortably in 12 KB).
constexpr std::size_t kContentsMargin = 512;
constexpr std::size_t kTimestampMargin = 12 * 1024;
// "[0 b c d]" with room for 20-digit offsets (files over 4 GiB), padded with spaces.
constexpr std::size_t kByteRangeWidth = 2 + 3 * 21 + 1 + 2;

// The chosen field and what must change to sign it.
struct Target {
    std::string name;
    std::optional<Ref> existing_field;  // an empty signature field being signed
    std::optional<Ref> widget;          // its widget (may equal the field)
};

// The FieldMDP transform parameters: from the options, else from the empty field's own /Lock.
std::optional<Dict> field_lock(const SignOptions& options, const std::optional<Dict>& existing_lock) {
    if (!options.lock_fields) {
        if (!existing_lock) return std::nullopt;
        Dict params;
        params.set("Type", Object::name("TransformParams"));
        for (const char* key : {"Action", "Fields"})
            if (const Object* v = existing_lock->get(key)) params.set(key, *v);
        params.set("V", Object::name("1.2"));
        return params;
    }
    Dict params;
    params.set("Type", Object::name("TransformParams"));
    if (options.lock_fields->empty()) {
        params.set("Action", Object::name("All"));
    } else {
        params.set("Action", Object::name("Include"));
        Array names;
        for (const auto& n : *options.lock_fields)
            names.push_back(text_object(n));
        params.set("Fields", Object(std::move(names)));
    }
    params.set("V", Object::name("1.2"));
    return params;
}

Result<Target> choose_field(const std::vector<Field>& fields, const SignOptions& options) {
    std::set<std::string> names;
    for (const auto& f : fields)
        names.insert(f.name);
    Target t;
    if (!options.field_name.empty()) {
        for (const auto& f : fields) {
            if (f.name != options.field_name) continue;
            if (f.type != "Sig") return fail(Errc::usage, "field '" + f.name + "' is not a signature field");
            if (f.has_value) return fail(Errc::already_signed, "signature field '" + f.name + "' is already signed");
            t.name = f.name;
            t.existing_field = f.ref;
            if (!f.widgets.empty()) t.widget = f.widgets.front();
            return t;
        }
        if (options.field_name.find('.') != std::string::npos)
            return fail(Errc::usage, "a new signature field name cannot contain '.'");
        t.name = options.field_name;
        return t;
    }
    for (int i = 1;; ++i) {
        const std::string candidate = "Signature" + std::to_string(i);
        if (!names.count(candidate)) {
            t.name = candidate;
            return t;
        }
    }
}

std::vector<std::u32string> appearance_lines(const SignOptions& o, const keys::Signer& signer, TimePoint when) {
    std::vector<std::pair<std::string, std::string>> raw;
    std::string name = o.text.signer_name;
    if (name.empty()) name = signer.certificate().identity().common_name.value_or(signer.certificate().subject());
    raw.emplace_back("Người ký: ", name);
    if (!o.text.title.empty()) raw.emplace_back("Chức danh: ", o.text.title);
    raw.emplace_back("Ngày ký: ", display_date(when, o.text.utc_offset));
    if (!o.text.location.empty()) raw.emplace_back("Nơi ký: ", o.text.location);
    if (!o.text.reason.empty()) raw.emplace_back("Lý do: ", o.text.reason);
    std::vector<std::u32string> lines;
    for (const auto& [label, value] : raw) {
        auto line = nfc_utf32(label + value);
        if (line) lines.push_back(std::move(*line));
    }
    return lines;
}

// Everything the update needs besides the signature value.
struct Plan {
    IncrementalUpdate::Built built;
    std::size_t contents_at = 0;    // offset of '<' of /Contents inside built.bytes
    std::size_t contents_size = 0;  // hex digits between the delimiters
    std::size_t byte_range_at = 0;  // offset of the ByteRange array inside built.bytes
};

Result<Plan> plan_update(const Document& doc, keys::Signer& signer, const SignOptions& options, TimePoint when,
                         std::uint64_t base_offset) {
    if (doc.trailer().get("Encrypt") != nullptr)
        return fail(Errc::unsupported, "encrypted PDFs are not supported for signing");
    KYSO_TRY(IndirectObject cat, catalog(doc));
    KYSO_TRY(auto fields, form_fields(doc));
    KYSO_TRY(Target target, choose_field(fields, options));
    const bool has_signatures =
        std::any_of(fields.begin(), fields.end(), [](const Field& f) { return f.type == "Sig" && f.has_value; });
    if (options.certify != Certification::none && has_signatures)
        return fail(Errc::usage, "a certification signature must be the first signature of a document");
    if (options.level == SignatureLevel::pades_b_lt || options.level == SignatureLevel::pades_b_lta)
        return fail(Errc::unsupported,
                    "PAdES B-LT and B-LTA need the revocation client, which this build does not have yet");
    if (options.level == SignatureLevel::pades_b_t && (!options.tsa || options.tsa->url.empty()))
        return fail(Errc::usage, "PAdES B-T needs a time-stamping authority (--tsa URL)");

    IncrementalUpdate update(doc);
    Dict catalog_dict = std::get<Dict>(cat.object.v);
    bool catalog_changed = false;
    const Ref sig_ref = update.reserve();

    // The widget's appearance.
    std::optional<Placement> placement = options.visible;
    Array rect{Object(std::int64_t{0}), Object(std::int64_t{0}), Object(std::int64_t{0}), Object(std::int64_t{0})};
    std::optional<IndirectObject> existing_widget;
    if (target.widget) {
        KYSO_TRY(IndirectObject w, doc.load(*target.widget));
        if (w.object.dict() == nullptr) return fail(Errc::malformed_pdf, "signature widget is not a dictionary");
        if (const Object* r = w.object.dict()->get("Rect"); r && r->array() && r->array()->size() == 4)
            rect = *r->array();
        existing_widget = std::move(w);
    }
    std::optional<Dict> existing_lock;
    if (target.existing_field) {
        KYSO_TRY(IndirectObject field, doc.load(*target.existing_field));
        if (field.object.dict() && field.object.dict()->get("Lock")) {
            KYSO_TRY(Object lock, doc.resolve(*field.object.dict()->get("Lock")));
            if (lock.dict()) existing_lock = *lock.dict();
        }
    }
    const std::optional<Dict> lock = field_lock(options, existing_lock);
    AppearanceSpec spec;
    spec.font_file = options.font_file.value_or(default_font_path());
    if (placement && existing_widget)
        return fail(Errc::usage, "signature field '" + target.name +
                                     "' already has its place on the page; sign it without --visible");
    if (placement) {
        if (placement->width <= 0 || placement->height <= 0)
            return fail(Errc::usage, "a visible signature needs a positive width and height");
        rect = Array{Object(placement->x), Object(placement->y), Object(placement->x + placement->width),
                     Object(placement->y + placement->height)};
    }
    {
        double r[4] = {0, 0, 0, 0};
        for (int i = 0; i < 4; ++i)
            r[i] = rect[static_cast<std::size_t>(i)].number().value_or(0);
        spec.width = std::abs(r[2] - r[0]);
        spec.height = std::abs(r[3] - r[1]);
    }
    const bool visible = spec.width > 0 && spec.height > 0;
    if (visible) {
        spec.lines = appearance_lines(options, signer, when);
        spec.image_png = options.image_png;
    }
    KYSO_TRY(const Ref appearance, add_appearance(update, spec));
    Dict ap;
    ap.set("N", Object(appearance));

    if (existing_widget) {
        // Sign the existing empty field: /V on the field, the appearance on its widget.
        Dict widget = *existing_widget->object.dict();
        // Only /AP (and /V): its rectangle and flags belong to the form's author, and changing them
        // would show up as a modification to earlier signatures.
        widget.set("AP", Object(ap));
        if (target.existing_field && *target.existing_field == *target.widget) {
            widget.set("V", Object(sig_ref));
        } else if (target.existing_field) {
            KYSO_TRY(IndirectObject field, doc.load(*target.existing_field));
            Dict fd = *field.object.dict();
            fd.set("V", Object(sig_ref));
            update.set(*target.existing_field, Object(std::move(fd)));
        }
        update.set(*target.widget, Object(std::move(widget)));
    } else if (target.existing_field) {
        KYSO_TRY(IndirectObject field, doc.load(*target.existing_field));
        Dict fd = *field.object.dict();
        fd.set("V", Object(sig_ref));
        update.set(*target.existing_field, Object(std::move(fd)));
    } else {
        // A new field merged with its widget, on the chosen page (ISO 32000-1 §12.5.6.19, §12.7.4.5).
        KYSO_TRY(auto pages, page_refs(doc));
        const int page_no = placement ? placement->page : 1;
        if (page_no < 1 || static_cast<std::size_t>(page_no) > pages.size())
            return fail(Errc::usage, "page " + std::to_string(page_no) + " does not exist (the document has " +
                                         std::to_string(pages.size()) + " pages)");
        const Ref page_ref = pages[static_cast<std::size_t>(page_no - 1)];
        const Ref widget_ref = update.reserve();
        Dict widget;
        widget.set("Type", Object::name("Annot"));
        widget.set("Subtype", Object::name("Widget"));
        widget.set("FT", Object::name("Sig"));
        widget.set("T", text_object(target.name));
        widget.set("V", Object(sig_ref));
        widget.set("F", Object(std::int64_t{4}));  // printable, never hidden (spec/pdf.md)
        widget.set("Rect", Object(rect));
        widget.set("P", Object(page_ref));
        widget.set("AP", Object(ap));
        if (lock) {
            Dict field_lock_dict = *lock;
            field_lock_dict.set("Type", Object::name("SigFieldLock"));
            field_lock_dict.erase("V");
            widget.set("Lock", Object(std::move(field_lock_dict)));
        }
        update.set(widget_ref, Object(std::move(widget)));

        KYSO_CHECK(add_annotation_to_page(update, doc, page_ref, widget_ref));

        // The AcroForm lists the field; SigFlags 3: signatures exist, append only (§12.7.2).
        const Object* acro = catalog_dict.get("AcroForm");
        auto add_field = [&](Dict form) -> Result<Dict> {
            const Object* list = form.get("Fields");
            if (list != nullptr && list->ref()) {
                KYSO_TRY(IndirectObject arr, doc.load(*list->ref()));
                Array a = arr.object.array() ? *arr.object.array() : Array{};
                a.emplace_back(widget_ref);
                update.set(*list->ref(), Object(std::move(a)));
            } else {
                Array a = list != nullptr && list->array() ? *list->array() : Array{};
                a.emplace_back(widget_ref);
                form.set("Fields", Object(std::move(a)));
            }
            form.set("SigFlags", Object(std::int64_t{3}));
            return form;
        };
        if (acro != nullptr && acro->ref()) {
            KYSO_TRY(IndirectObject form, doc.load(*acro->ref()));
            KYSO_TRY(Dict changed, add_field(form.object.dict() ? *form.object.dict() : Dict{}));
            update.set(*acro->ref(), Object(std::move(changed)));
        } else {
            KYSO_TRY(Dict changed, add_field(acro != nullptr && acro->dict() ? *acro->dict() : Dict{}));
            catalog_dict.set("AcroForm", Object(std::move(changed)));
            catalog_changed = true;
        }
    }
    if (target.existing_field) {
        // SigFlags on an existing form.
        const Object* acro = catalog_dict.get("AcroForm");
        if (acro != nullptr && acro->ref()) {
            KYSO_TRY(IndirectObject form, doc.load(*acro->ref()));
            if (form.object.dict()) {
                Dict changed = *form.object.dict();
                const auto flags = changed.get("SigFlags") ? changed.get("SigFlags")->integer().value_or(0) : 0;
                if ((flags & 3) != 3) {
                    changed.set("SigFlags", Object(flags | 3));
                    update.set(*acro->ref(), Object(std::move(changed)));
                }
            }
        } else if (acro != nullptr && acro->dict()) {
            Dict changed = *acro->dict();
            const auto flags = changed.get("SigFlags") ? changed.get("SigFlags")->integer().value_or(0) : 0;
            if ((flags & 3) != 3) {
                changed.set("SigFlags", Object(flags | 3));
                catalog_dict.set("AcroForm", Object(std::move(changed)));
                catalog_changed = true;
            }
        }
    }

    // The signature dictionary, serialized by hand around its two placeholders.
    KYSO_TRY(const std::size_t trial, trial_cms_size(options.digest, signer, options.rsa_pss));
    const std::size_t reserved =
        trial + kContentsMargin + (options.level != SignatureLevel::pades_b_b ? kTimestampMargin : 0);
    std::string sig = "<</Type/Sig/Filter/Adobe.PPKLite/SubFilter/ETSI.CAdES.detached/ByteRange ";
    const std::size_t byte_range_rel = sig.size();
    sig += std::string(kByteRangeWidth, ' ');
    sig += "/Contents ";
    const std::size_t contents_rel = sig.size();
    sig += "<" + std::string(reserved * 2, '0') + ">";
    sig += "/M" + serialize(Object::text("D:" + pdf_date(when, std::chrono::minutes(0)) + "Z"));
    if (!options.text.reason.empty()) sig += "/Reason" + serialize(text_object(options.text.reason));
    if (!options.text.location.empty()) sig += "/Location" + serialize(text_object(options.text.location));
    if (!options.text.signer_name.empty()) sig += "/Name" + serialize(text_object(options.text.signer_name));
    Array references;
    if (options.certify != Certification::none) {
        // ISO 32000-1 §12.8.2.2: the DocMDP transform in the signature reference and /Perms in the Catalog.
        Dict params;
        params.set("Type", Object::name("TransformParams"));
        params.set("P", Object(static_cast<std::int64_t>(options.certify)));
        params.set("V", Object::name("1.2"));
        Dict reference;
        reference.set("Type", Object::name("SigRef"));
        reference.set("TransformMethod", Object::name("DocMDP"));
        reference.set("TransformParams", Object(std::move(params)));
        references.emplace_back(std::move(reference));
        Dict perms;
        perms.set("DocMDP", Object(sig_ref));
        catalog_dict.set("Perms", Object(std::move(perms)));
        catalog_changed = true;
    }
    if (lock) {
        Dict reference;
        reference.set("Type", Object::name("SigRef"));
        reference.set("TransformMethod", Object::name("FieldMDP"));
        reference.set("TransformParams", Object(*lock));
        references.emplace_back(std::move(reference));
    }
    if (!references.empty()) sig += "/Reference" + serialize(Object(std::move(references)));
    sig += ">>";
    update.set_raw(sig_ref, sig);
    if (catalog_changed) update.set(cat.ref, Object(std::move(catalog_dict)));

    // /ID[1] for this revision: unique per signature (time, input size, certificate).
    const std::string seed = std::to_string(base_offset) + pdf_date(when, std::chrono::minutes(0)) +
                             signer.certificate().sha256_fingerprint();
    Bytes id = ossl::digest(keys::DigestAlgorithm::sha256, as_bytes(seed));
    id.resize(16);
    Plan plan;
    plan.built = update.build(base_offset, id);
    const std::size_t body = plan.built.body_at.at(sig_ref.num);
    plan.byte_range_at = body + byte_range_rel;
    plan.contents_at = body + contents_rel;
    plan.contents_size = reserved * 2;
    return plan;
}

}  // namespace

Result<void> sign(const fs::path& in, const fs::path& out, keys::Signer& signer, const SignOptions& options) {
    std::error_code ec;
    if (fs::equivalent(in, out, ec))
        return fail(Errc::usage, "the output must not be the input (inputs are never modified)");
    if (!options.overwrite && fs::exists(out, ec)) return fail(Errc::output_exists, "'" + out.string() + "' exists");
    KYSO_TRY(auto source, open_file_source(in));
    auto opened = Document::open(source);
    if (!opened) return fail(opened.error().code, in.string() + ": " + opened.error().message);
    const Document& doc = **opened;
    const TimePoint when = options.signing_time.value_or(now_utc());

    // The original bytes, then an end-of-line if the file lacks one, then the update.
    const std::uint64_t size = source->size();
    KYSO_TRY(const bool add_eol, needs_eol(*source));
    const std::uint64_t base = size + (add_eol ? 1 : 0);
    auto planned = plan_update(doc, signer, options, when, base);
    if (!planned) return fail(planned.error().code, in.string() + ": " + planned.error().message);
    Plan& plan = *planned;
    std::string& update = plan.built.bytes;

    // The ByteRange is known before anything is written: [0, b) and [c, end).
    const std::uint64_t b = base + plan.contents_at;
    const std::uint64_t c = b + plan.contents_size + 2;
    const std::uint64_t end = base + update.size();
    std::string range = "[0 " + std::to_string(b) + " " + std::to_string(c) + " " + std::to_string(end - c) + "]";
    range.resize(kByteRangeWidth, ' ');
    update.replace(plan.byte_range_at, kByteRangeWidth, range);

    KYSO_TRY(AtomicFile file, AtomicFile::create(out));
    ossl::Hasher hasher(ossl::md(options.digest));
    KYSO_CHECK(copy_original(*source, file, &hasher, add_eol));
    const auto* u = reinterpret_cast<const std::uint8_t*>(update.data());
    hasher.update(u, plan.contents_at);
    hasher.update(u + plan.contents_at + plan.contents_size + 2,
                  update.size() - plan.contents_at - plan.contents_size - 2);
    KYSO_CHECK(file.write(ByteView(u, update.size())));
    const Bytes digest = hasher.finish();

    Timestamper timestamper;
    if (options.level == SignatureLevel::pades_b_t)
        timestamper = [&options](ByteView signature_value) -> Result<Bytes> {
            // ETSI EN 319 122-1 §5.3: the signature time-stamp covers the SignerInfo's signature value.
            const Bytes imprint = ossl::digest(options.tsa->digest, signature_value);
            KYSO_TRY(trust::Timestamp ts, trust::request_timestamp(imprint, *options.tsa));
            return std::move(ts.token);
        };
    auto cms = build_detached_cms(digest, options.digest, signer, options.rsa_pss, timestamper);
    if (!cms) return fail(cms.error().code, in.string() + ": " + cms.error().message);
    if (cms->size() * 2 > plan.contents_size)
        return fail(Errc::internal,
                    "the CMS (" + std::to_string(cms->size()) + " bytes) is larger than the space reserved for it");
    const std::string hex = hex_encode(*cms, true);
    KYSO_CHECK(file.write_at(b + 1, as_bytes(hex)));
    return file.commit(options.sync);
}

}  // namespace kyso::pdf
