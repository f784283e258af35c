// An incremental update section (private; spec/pdf.md "The incremental update must not break earlier
// signatures"): only new and changed objects, the previous revision's cross-reference kind (table or
// stream), /Prev chained, /Root, /Info and /ID[0] kept.
#pragma once

#include "pdf/cos.hpp"
#include "pdf/document.hpp"

#include <map>
#include <string>

namespace kyso::pdf {

class IncrementalUpdate {
public:
    explicit IncrementalUpdate(const Document& base) : m_base(base), m_next(base.next_object_number()) {}

    Ref reserve() { return Ref{m_next++, 0}; }
    Ref add(Object object) {
        const Ref r = reserve();
        set(r, std::move(object));
        return r;
    }
    // A new object or a changed version of an existing one (same number and generation).
    void set(Ref ref, Object object) { m_objects[ref.num] = {ref, serialize(object)}; }
    // An object given as its serialized body (what goes between "obj" and "endobj").
    void set_raw(Ref ref, std::string body) { m_objects[ref.num] = {ref, std::move(body)}; }

    struct Built {
        std::string bytes;                             // the whole section, appended at `base_offset`
        std::map<std::uint32_t, std::size_t> body_at;  // where each object's body starts in `bytes`
    };
    // `base_offset`: where the section starts in the output file (after the original bytes and a
    // separating end-of-line when the original lacks one).
    Built build(std::uint64_t base_offset, ByteView new_id) const;

private:
    const Document& m_base;
    std::uint32_t m_next;
    std::map<std::uint32_t, std::pair<Ref, std::string>> m_objects;
};

}  // namespace kyso::pdf
