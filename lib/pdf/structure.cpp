#include "pdf/structure.hpp"

#include <functional>
#include <set>

namespace kyso::pdf {

Result<IndirectObject> catalog(const Document& doc, std::uint64_t limit) {
    const Object* root = doc.trailer().get("Root");
    if (root == nullptr || !root->ref()) return fail(Errc::malformed_pdf, "the trailer has no /Root");
    // As of an earlier revision the trailer of that revision names the Root; /Root never moves in
    // practice and kyso's own updates keep it, so the latest reference is looked up as of `limit`.
    KYSO_TRY(IndirectObject cat, doc.load(*root->ref(), limit));
    if (!std::holds_alternative<Dict>(cat.object.v))
        return fail(Errc::malformed_pdf, "the document Catalog is not a dictionary");
    return cat;
}

Result<std::vector<Ref>> page_refs(const Document& doc, std::uint64_t limit, std::size_t max_pages) {
    KYSO_TRY(IndirectObject cat, catalog(doc, limit));
    const Object* pages = cat.object.dict()->get("Pages");
    if (pages == nullptr || !pages->ref()) return fail(Errc::malformed_pdf, "the Catalog has no /Pages reference");
    std::vector<Ref> out;
    std::set<std::uint32_t> seen;
    std::function<Result<void>(Ref, int)> walk = [&](Ref node, int depth) -> Result<void> {
        if (depth > 64) return fail(Errc::malformed_pdf, "the page tree is too deep");
        if (!seen.insert(node.num).second)
            return fail(Errc::malformed_pdf, "the page tree has a cycle at object " + std::to_string(node.num));
        KYSO_TRY(IndirectObject io, doc.load(node, limit));
        const Dict* d = io.object.dict();
        if (d == nullptr)
            return fail(Errc::malformed_pdf, "page tree node " + std::to_string(node.num) + " is not a dictionary");
        const Object* type = d->get("Type");
        if (type != nullptr && type->is_name("Page")) {
            if (out.size() >= max_pages) return fail(Errc::malformed_pdf, "too many pages");
            out.push_back(node);
            return {};
        }
        const Object* kids = d->get("Kids");
        if (kids == nullptr)
            return fail(Errc::malformed_pdf, "page tree node " + std::to_string(node.num) + " has no /Kids");
        KYSO_TRY(Object kid_list, doc.resolve(*kids, limit));
        if (kid_list.array() == nullptr) return fail(Errc::malformed_pdf, "/Kids is not an array");
        for (const Object& kid : *kid_list.array()) {
            if (!kid.ref()) return fail(Errc::malformed_pdf, "a page tree kid is not a reference");
            KYSO_CHECK(walk(*kid.ref(), depth + 1));
        }
        return {};
    };
    KYSO_CHECK(walk(*pages->ref(), 0));
    return out;
}

std::string text_string_utf8(const Bytes& v) {
    std::string out;
    auto put = [&out](char32_t c) {
        if (c < 0x80) {
            out.push_back(static_cast<char>(c));
        } else if (c < 0x800) {
            out.push_back(static_cast<char>(0xC0 | (c >> 6)));
            out.push_back(static_cast<char>(0x80 | (c & 0x3F)));
        } else if (c < 0x10000) {
            out.push_back(static_cast<char>(0xE0 | (c >> 12)));
            out.push_back(static_cast<char>(0x80 | ((c >> 6) & 0x3F)));
            out.push_back(static_cast<char>(0x80 | (c & 0x3F)));
        } else {
            out.push_back(static_cast<char>(0xF0 | (c >> 18)));
            out.push_back(static_cast<char>(0x80 | ((c >> 12) & 0x3F)));
            out.push_back(static_cast<char>(0x80 | ((c >> 6) & 0x3F)));
            out.push_back(static_cast<char>(0x80 | (c & 0x3F)));
        }
    };
    if (v.size() >= 2 && v[0] == 0xFE && v[1] == 0xFF) {
        for (std::size_t i = 2; i + 1 < v.size(); i += 2) {
            char32_t u = static_cast<char32_t>(v[i] << 8 | v[i + 1]);
            if (u >= 0xD800 && u < 0xDC00 && i + 3 < v.size()) {
                const char32_t lo = static_cast<char32_t>(v[i + 2] << 8 | v[i + 3]);
                u = 0x10000 + ((u - 0xD800) << 10) + (lo - 0xDC00);
                i += 2;
            }
            put(u);
        }
        return out;
    }
    for (const auto b : v)
        put(b);
    return out;
}

Result<std::vector<Field>> form_fields(const Document& doc, std::uint64_t limit) {
    std::vector<Field> out;
    KYSO_TRY(IndirectObject cat, catalog(doc, limit));
    const Object* acroform_entry = cat.object.dict()->get("AcroForm");
    if (acroform_entry == nullptr) return out;
    KYSO_TRY(Object acroform, doc.resolve(*acroform_entry, limit));
    if (acroform.dict() == nullptr) return out;
    const Object* fields_entry = acroform.dict()->get("Fields");
    if (fields_entry == nullptr) return out;
    KYSO_TRY(Object fields, doc.resolve(*fields_entry, limit));
    if (fields.array() == nullptr) return fail(Errc::malformed_pdf, "/AcroForm /Fields is not an array");
    std::set<std::uint32_t> seen;
    std::function<Result<void>(Ref, const std::string&, const std::string&, int)> walk =
        [&](Ref ref, const std::string& parent, const std::string& inherited_type, int depth) -> Result<void> {
        if (depth > 32) return fail(Errc::malformed_pdf, "form fields nested too deeply");
        if (!seen.insert(ref.num).second) return {};  // a field listed twice (or a cycle) counts once
        if (seen.size() > 100000) return fail(Errc::malformed_pdf, "too many form fields");
        KYSO_TRY(IndirectObject io, doc.load(ref, limit));
        const Dict* d = io.object.dict();
        if (d == nullptr) return {};
        std::string name = parent;
        if (const Object* t = d->get("T"); t && t->string())
            name = parent.empty() ? text_string_utf8(t->string()->value)
                                  : parent + "." + text_string_utf8(t->string()->value);
        std::string type = inherited_type;
        if (const Object* ft = d->get("FT"); ft && ft->name_value()) type = std::string(*ft->name_value());
        std::vector<Ref> kid_fields, kid_widgets;
        if (const Object* kids = d->get("Kids")) {
            KYSO_TRY(Object list, doc.resolve(*kids, limit));
            if (list.array())
                for (const Object& k : *list.array()) {
                    if (!k.ref()) continue;
                    KYSO_TRY(IndirectObject kid, doc.load(*k.ref(), limit));
                    const Dict* kd = kid.object.dict();
                    if (kd == nullptr) continue;
                    // A kid without /T that is a widget is this field's widget, not a child field.
                    if (kd->get("T") == nullptr && kd->get("Subtype") && kd->get("Subtype")->is_name("Widget"))
                        kid_widgets.push_back(*k.ref());
                    else
                        kid_fields.push_back(*k.ref());
                }
        }
        if (!kid_fields.empty()) {
            for (const Ref& k : kid_fields)
                KYSO_CHECK(walk(k, name, type, depth + 1));
            return {};
        }
        Field f;
        f.ref = ref;
        f.name = name;
        f.type = type;
        if (const Object* v = d->get("V"); v && !v->is_null()) {
            f.has_value = true;
            f.value_ref = v->ref();
        }
        if (d->get("Subtype") && d->get("Subtype")->is_name("Widget")) f.widgets.push_back(ref);
        f.widgets.insert(f.widgets.end(), kid_widgets.begin(), kid_widgets.end());
        out.push_back(std::move(f));
        return {};
    };
    for (const Object& f : *fields.array())
        if (f.ref()) KYSO_CHECK(walk(*f.ref(), "", "", 0));
    return out;
}

}  // namespace kyso::pdf
