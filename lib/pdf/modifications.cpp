#include "pdf/modifications.hpp"

#include "pdf/structure.hpp"

#include <algorithm>
#include <map>
#include <set>

namespace kyso::pdf {

namespace {

std::string object_name(std::uint32_t num) {
    return "object " + std::to_string(num);
}

bool is_visible(const Dict& annot) {
    const Object* rect = annot.get("Rect");
    if (rect == nullptr || rect->array() == nullptr || rect->array()->size() != 4) return false;
    const auto& r = *rect->array();
    const double w = std::abs(r[2].number().value_or(0) - r[0].number().value_or(0));
    const double h = std::abs(r[3].number().value_or(0) - r[1].number().value_or(0));
    const auto flags = annot.get("F") ? annot.get("F")->integer().value_or(0) : 0;
    const bool hidden = (flags & 2) != 0 || (flags & 32) != 0;  // Hidden, NoView (ISO 32000-1 §12.5.3)
    return w > 0 && h > 0 && !hidden && annot.get("AP") != nullptr;
}

std::string rect_text(const Dict& annot) {
    std::string out = "[";
    if (const Object* rect = annot.get("Rect"); rect && rect->array())
        for (std::size_t i = 0; i < rect->array()->size(); ++i)
            out += (i ? " " : "") + serialize((*rect->array())[i]);
    return out + "]";
}

class Differ {
public:
    Differ(const Document& doc, std::uint64_t signed_end, int p, const std::optional<FieldLock>& lock)
        : m_doc(doc), m_end(signed_end), m_p(p), m_lock(lock) {}

    Result<ModificationCheck> run() {
        std::set<std::uint32_t> changed, containers;
        for (const auto& s : m_doc.sections()) {
            if (s.offset < m_end) continue;
            if (s.stream_ref) containers.insert(s.stream_ref->num);
            for (const auto& [num, entry] : s.entries) {
                changed.insert(num);
                if (entry.type == XrefEntry::Type::compressed)
                    containers.insert(static_cast<std::uint32_t>(entry.offset));
            }
        }
        if (changed.empty()) {
            // Nothing listed after the signed revision: any bytes there are unlisted.
            m_out.unlisted_bytes = m_doc.size() > m_end ? m_doc.size() - m_end : 0;
            if (m_out.unlisted_bytes > 0 && m_out.unlisted_bytes <= 4096) {
                KYSO_TRY(Bytes tail, m_doc.source().read(m_end, static_cast<std::size_t>(m_out.unlisted_bytes)));
                if (std::all_of(tail.begin(), tail.end(),
                                [](std::uint8_t c) { return is_space(static_cast<char>(c)); }))
                    m_out.unlisted_bytes = 0;
            }
            return std::move(m_out);
        }
        KYSO_CHECK(index_old_revision());
        for (const std::uint32_t num : changed) {
            if (containers.count(num)) continue;  // xref and object streams carry objects, they are not content
            KYSO_CHECK(judge(num));
        }
        return std::move(m_out);
    }

private:
    Result<void> index_old_revision() {
        const Object* root = m_doc.trailer().get("Root");
        m_root = root->ref()->num;
        if (const Object* info = m_doc.trailer().get("Info"); info && info->ref()) m_info = info->ref()->num;
        KYSO_TRY(auto pages, page_refs(m_doc, m_end));
        for (std::size_t i = 0; i < pages.size(); ++i)
            m_pages[pages[i].num] = static_cast<int>(i + 1);
        for (const auto& [num, index] : m_pages) {
            KYSO_TRY(IndirectObject page, m_doc.load(Ref{num, 0}, m_end));
            if (const Dict* d = page.object.dict()) {
                if (const Object* a = d->get("Annots"); a && a->ref()) m_annots_arrays[a->ref()->num] = index;
                if (const Object* c = d->get("Contents")) {
                    if (c->ref()) m_contents[c->ref()->num] = index;
                    if (c->array())
                        for (const Object& part : *c->array())
                            if (part.ref()) m_contents[part.ref()->num] = index;
                }
            }
        }
        KYSO_TRY(IndirectObject cat, catalog(m_doc, m_end));
        if (const Object* form = cat.object.dict()->get("AcroForm"); form && form->ref()) {
            m_acroform = form->ref()->num;
            KYSO_TRY(Object f, m_doc.resolve(*form, m_end));
            if (f.dict())
                if (const Object* list = f.dict()->get("Fields"); list && list->ref())
                    m_fields_array = list->ref()->num;
        }
        KYSO_TRY(auto fields, form_fields(m_doc, m_end));
        for (const auto& f : fields) {
            m_fields[f.ref.num] = f;
            for (const Ref& w : f.widgets) {
                m_widgets[w.num] = f.name;
                KYSO_TRY(IndirectObject widget, m_doc.load(w, m_end));
                const Dict* wd = widget.object.dict();
                const Object* ap = wd ? wd->get("AP") : nullptr;
                if (ap == nullptr) continue;
                KYSO_TRY(Object apd, m_doc.resolve(*ap, m_end));
                if (apd.dict() == nullptr) continue;
                for (const auto& [state, value] : apd.dict()->entries()) {
                    if (value.ref()) m_appearances[value.ref()->num] = f.name;
                    if (value.dict())
                        for (const auto& [k, v] : value.dict()->entries())
                            if (v.ref()) m_appearances[v.ref()->num] = f.name;
                }
            }
        }
        return {};
    }

    void disallow(std::string what) { m_out.disallowed.push_back(std::move(what)); }
    void allow(std::string what) { m_out.allowed.push_back(std::move(what)); }
    bool forms_allowed() const { return m_p == 0 || m_p >= 2; }

    Result<void> judge(std::uint32_t num) {
        const auto old_entry = m_doc.lookup(num, m_end);
        const auto new_entry = m_doc.lookup(num);
        const bool existed = old_entry && old_entry->type != XrefEntry::Type::free;
        const bool exists = new_entry && new_entry->type != XrefEntry::Type::free;
        if (!existed) return {};  // new objects count through the changed objects that refer to them
        if (!exists) {
            disallow(object_name(num) + " was deleted");
            return {};
        }
        KYSO_TRY(IndirectObject before, m_doc.load(Ref{num, old_entry->gen}, m_end));
        KYSO_TRY(IndirectObject after, m_doc.load(Ref{num, new_entry->gen}));
        KYSO_TRY(bool same, same_content(before.object, after.object));
        if (same) return {};
        const Dict* od = before.object.dict();
        const Dict* nd = after.object.dict();

        if (num == m_root && od && nd) return judge_catalog(*od, *nd);
        if (num == m_acroform && od && nd) return judge_acroform(*od, *nd);
        if (num == m_fields_array) return judge_field_list(before.object, after.object);
        if (const auto it = m_pages.find(num); it != m_pages.end() && od && nd) return judge_page(it->second, *od, *nd);
        if (const auto it = m_annots_arrays.find(num); it != m_annots_arrays.end())
            return judge_annots(it->second, before.object, after.object);
        if (const auto it = m_fields.find(num); it != m_fields.end() && od && nd)
            return judge_field(it->second, *od, *nd);
        if (const auto it = m_widgets.find(num); it != m_widgets.end() && od && nd)
            return judge_widget(it->second, *od, *nd);
        if (const auto it = m_appearances.find(num); it != m_appearances.end()) {
            if (forms_allowed())
                allow("the appearance of field '" + it->second + "' was regenerated");
            else
                disallow("the appearance of field '" + it->second + "' (" + object_name(num) + ") changed");
            return {};
        }
        if (num == m_info) {
            allow("the document information dictionary was updated");
            return {};
        }
        disallow(describe(num, before.object));
        return {};
    }

    std::string describe(std::uint32_t num, const Object& o) const {
        if (const auto it = m_contents.find(num); it != m_contents.end())
            return "the contents of page " + std::to_string(it->second) + " (" + object_name(num) + ") changed";
        const Dict* d = o.dict();
        if (d && d->get("Type") && d->get("Type")->name_value()) {
            const auto type = *d->get("Type")->name_value();
            if (type == "Pages") return "the page tree (" + object_name(num) + ") changed";
            if (type == "Sig") return "a signature dictionary (" + object_name(num) + ") changed";
            return object_name(num) + " (/" + std::string(type) + ") changed";
        }
        if (o.stream()) return object_name(num) + " (a stream) changed";
        return object_name(num) + " changed";
    }

    Result<bool> same_content(const Object& a, const Object& b) const {
        const Stream* sa = a.stream();
        const Stream* sb = b.stream();
        if (sa == nullptr || sb == nullptr) return same_object(a, b);
        if (!same_object(Object(sa->dict), Object(sb->dict)) || sa->data_length != sb->data_length) return false;
        KYSO_TRY(Bytes da, m_doc.stream_data(*sa, false));
        KYSO_TRY(Bytes db, m_doc.stream_data(*sb, false));
        return da == db;
    }

    // Keys of a dictionary whose values differ.
    static std::vector<std::string> changed_keys(const Dict& a, const Dict& b) {
        std::vector<std::string> out;
        for (const auto& [k, v] : a.entries())
            if (const Object* o = b.get(k); o == nullptr || !same_object(v, *o)) out.push_back(k);
        for (const auto& [k, v] : b.entries())
            if (a.get(k) == nullptr) out.push_back(k);
        return out;
    }

    Result<void> judge_catalog(const Dict& od, const Dict& nd) {
        for (const auto& key : changed_keys(od, nd)) {
            if (key == "DSS") {
                allow("validation data (DSS) was added");
            } else if (key == "Extensions") {
                allow("the Catalog's /Extensions were updated");
            } else if (key == "AcroForm") {
                const Object* o = od.get("AcroForm");
                const Object* n = nd.get("AcroForm");
                if (n && n->dict() && (!o || o->dict())) {
                    KYSO_CHECK(judge_acroform(o ? *o->dict() : Dict{}, *n->dict()));
                } else if (n && n->ref() && !o) {
                    KYSO_TRY(Object form, m_doc.resolve(*n));
                    if (form.dict()) KYSO_CHECK(judge_acroform(Dict{}, *form.dict()));
                } else {
                    disallow("the Catalog's /AcroForm was replaced");
                }
            } else {
                disallow("the Catalog's /" + key + " changed");
            }
        }
        return {};
    }

    Result<void> judge_acroform(const Dict& od, const Dict& nd) {
        for (const auto& key : changed_keys(od, nd)) {
            if (key == "SigFlags" || key == "DR" || key == "DA" || key == "NeedAppearances") continue;
            if (key == "Fields") {
                const Object* o = od.get("Fields");
                const Object* n = nd.get("Fields");
                KYSO_TRY(Object ol, o ? m_doc.resolve(*o, m_end) : Result<Object>(Object(Array{})));
                KYSO_TRY(Object nl, n ? m_doc.resolve(*n) : Result<Object>(Object(Array{})));
                KYSO_CHECK(judge_field_list(ol, nl));
                continue;
            }
            disallow("the form's /" + key + " changed");
        }
        return {};
    }

    static std::vector<std::uint32_t> refs_of(const Object& list) {
        std::vector<std::uint32_t> out;
        if (list.array())
            for (const Object& o : *list.array())
                if (o.ref()) out.push_back(o.ref()->num);
        return out;
    }

    Result<void> judge_field_list(const Object& before, const Object& after) {
        const auto old_refs = refs_of(before);
        const auto new_refs = refs_of(after);
        for (const auto r : old_refs)
            if (std::find(new_refs.begin(), new_refs.end(), r) == new_refs.end())
                disallow("form field " + object_name(r) + " was removed");
        for (const auto r : new_refs) {
            if (std::find(old_refs.begin(), old_refs.end(), r) != old_refs.end()) continue;
            KYSO_TRY(IndirectObject field, m_doc.load(Ref{r, 0}));
            const Dict* d = field.object.dict();
            if (d == nullptr) continue;
            if (is_signature_field(*d)) {
                KYSO_CHECK(judge_new_signature(*d, "a signature field"));
            } else {
                disallow("form field " + object_name(r) + " was added");
            }
        }
        return {};
    }

    static bool is_signature_field(const Dict& d) {
        const Object* ft = d.get("FT");
        return ft && ft->is_name("Sig");
    }

    Result<void> judge_new_signature(const Dict& field, const std::string& what) {
        bool timestamp = false;
        if (const Object* v = field.get("V")) {
            KYSO_TRY(Object sig, m_doc.resolve(*v));
            timestamp = sig.dict() && sig.dict()->get("Type") && sig.dict()->get("Type")->is_name("DocTimeStamp");
        }
        if (timestamp)
            allow("a document timestamp was added");
        else if (m_p == 1)
            disallow(what + " was added although the certification (P=1) allows no changes");
        else
            allow(what + " was added");
        return {};
    }

    Result<void> judge_page(int page, const Dict& od, const Dict& nd) {
        for (const auto& key : changed_keys(od, nd)) {
            if (key != "Annots") {
                disallow("page " + std::to_string(page) + ": /" + key + " changed");
                continue;
            }
            const Object* o = od.get("Annots");
            const Object* n = nd.get("Annots");
            KYSO_TRY(Object ol, o ? m_doc.resolve(*o, m_end) : Result<Object>(Object(Array{})));
            KYSO_TRY(Object nl, n ? m_doc.resolve(*n) : Result<Object>(Object(Array{})));
            KYSO_CHECK(judge_annots(page, ol, nl));
        }
        return {};
    }

    Result<void> judge_annots(int page, const Object& before, const Object& after) {
        const auto old_refs = refs_of(before);
        const auto new_refs = refs_of(after);
        const std::string on_page = " on page " + std::to_string(page);
        for (const auto r : old_refs)
            if (std::find(new_refs.begin(), new_refs.end(), r) == new_refs.end()) {
                if (m_p == 0 || m_p == 3)
                    allow("an annotation was removed" + on_page);
                else
                    disallow("an annotation (" + object_name(r) + ") was removed" + on_page);
            }
        for (const auto r : new_refs) {
            if (std::find(old_refs.begin(), old_refs.end(), r) != old_refs.end()) continue;
            KYSO_TRY(IndirectObject annot, m_doc.load(Ref{r, 0}));
            const Dict* d = annot.object.dict();
            if (d == nullptr) continue;
            const std::string subtype(
                d->get("Subtype") && d->get("Subtype")->name_value() ? *d->get("Subtype")->name_value() : "?");
            bool signature_widget = subtype == "Widget" && is_signature_field(*d);
            if (subtype == "Widget" && !signature_widget && d->get("Parent")) {
                KYSO_TRY(Object parent, m_doc.resolve(*d->get("Parent")));
                signature_widget = parent.dict() && is_signature_field(*parent.dict());
            }
            const bool visible = is_visible(*d);
            if (signature_widget) {
                if (m_p == 1)
                    disallow("a signature widget was added" + on_page +
                             " although the certification (P=1) allows no changes");
                if (visible)
                    m_out.overlays.push_back("a signature appearance added later is drawn" + on_page + " at " +
                                             rect_text(*d));
            } else if (m_p == 0 || m_p == 3) {
                allow("a /" + subtype + " annotation was added" + on_page);
                if (visible)
                    m_out.overlays.push_back("a /" + subtype + " annotation added later is drawn" + on_page + " at " +
                                             rect_text(*d));
            } else {
                disallow("a /" + subtype + " annotation (" + object_name(r) + ") was added" + on_page +
                         " although the certification (P=" + std::to_string(m_p) + ") forbids annotations");
            }
        }
        return {};
    }

    Result<void> judge_field(const Field& field, const Dict& od, const Dict& nd) {
        for (const auto& key : changed_keys(od, nd)) {
            if (key == "V" && m_lock && m_lock->locks(field.name)) {
                m_out.lock_violations.push_back("field '" + field.name +
                                                "' is locked by this signature (FieldMDP) and was changed");
            } else if (key == "V") {
                if (field.type == "Sig" && !field.has_value) {
                    KYSO_CHECK(judge_new_signature(nd, "a signature in the empty field '" + field.name + "'"));
                } else if (forms_allowed()) {
                    allow("form field '" + field.name + "' was filled");
                } else {
                    disallow("form field '" + field.name +
                             "' was filled although the certification (P=1) allows no changes");
                }
            } else if (key == "AP" || key == "AS" || key == "MK") {
                if (!forms_allowed()) disallow("the appearance of field '" + field.name + "' changed");
            } else {
                disallow("form field '" + field.name + "': /" + key + " changed");
            }
        }
        return {};
    }

    Result<void> judge_widget(const std::string& name, const Dict& od, const Dict& nd) {
        for (const auto& key : changed_keys(od, nd)) {
            if ((key == "AP" || key == "AS" || key == "MK") && forms_allowed()) continue;
            disallow("the widget of field '" + name + "': /" + key + " changed");
        }
        return {};
    }

    const Document& m_doc;
    std::uint64_t m_end;
    int m_p;
    const std::optional<FieldLock>& m_lock;
    ModificationCheck m_out;
    std::uint32_t m_root = 0, m_info = 0, m_acroform = 0, m_fields_array = 0;
    std::map<std::uint32_t, int> m_pages, m_annots_arrays, m_contents;
    std::map<std::uint32_t, Field> m_fields;
    std::map<std::uint32_t, std::string> m_widgets, m_appearances;
};

}  // namespace

bool FieldLock::locks(const std::string& name) const {
    const bool listed = std::find(fields.begin(), fields.end(), name) != fields.end();
    return action == Action::all || (action == Action::include ? listed : !listed);
}

Result<ModificationCheck> check_modifications(const Document& doc, std::uint64_t signed_end, int docmdp,
                                              const std::optional<FieldLock>& lock) {
    Differ differ(doc, signed_end, docmdp, lock);
    return differ.run();
}

}  // namespace kyso::pdf
