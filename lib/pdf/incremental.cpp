#include "pdf/incremental.hpp"

#include "pdf/filters.hpp"

#include <cstdio>

namespace kyso::pdf {

namespace {

// Consecutive runs of object numbers: the subsections of a table, the /Index of a stream.
std::vector<std::pair<std::uint32_t, std::uint32_t>> runs(const std::map<std::uint32_t, std::uint64_t>& offsets) {
    std::vector<std::pair<std::uint32_t, std::uint32_t>> out;
    for (const auto& [num, offset] : offsets) {
        if (!out.empty() && out.back().first + out.back().second == num)
            ++out.back().second;
        else
            out.emplace_back(num, 1);
    }
    return out;
}

}  // namespace

IncrementalUpdate::Built IncrementalUpdate::build(std::uint64_t base_offset, ByteView new_id) const {
    Built built;
    std::string& out = built.bytes;
    std::map<std::uint32_t, std::uint64_t> offsets;
    std::map<std::uint32_t, std::uint16_t> gens;
    for (const auto& [num, entry] : m_objects) {
        const auto& [ref, body] = entry;
        offsets[num] = base_offset + out.size();
        gens[num] = ref.gen;
        out += std::to_string(ref.num) + " " + std::to_string(ref.gen) + " obj\n";
        built.body_at[num] = out.size();
        out += body;
        out += "\nendobj\n";
    }

    // The trailer keys that carry over (ISO 32000-1 §7.5.6: an update's trailer repeats them).
    const Dict& previous = m_base.trailer();
    Dict trailer;
    std::uint32_t size = m_next;
    if (const Object* s = previous.get("Size"); s && s->integer() && *s->integer() > static_cast<std::int64_t>(size))
        size = static_cast<std::uint32_t>(*s->integer());
    for (const char* key : {"Root", "Info", "Encrypt"})
        if (const Object* v = previous.get(key)) trailer.set(key, *v);
    // /ID[0] identifies the document for ever; /ID[1] changes with each revision.
    Bytes id0(new_id.begin(), new_id.end());
    if (const Object* id = previous.get("ID");
        id && id->array() && id->array()->size() == 2 && (*id->array())[0].string())
        id0 = (*id->array())[0].string()->value;
    trailer.set("ID", Object(Array{Object(String{id0, true, 0, 0}),
                                   Object(String{Bytes(new_id.begin(), new_id.end()), true, 0, 0})}));
    trailer.set("Prev", Object(static_cast<std::int64_t>(m_base.startxref())));

    if (m_base.latest_kind() == XrefKind::table) {
        const std::uint64_t xref_at = base_offset + out.size();
        out += "xref\n";
        for (const auto& [first, count] : runs(offsets)) {
            out += std::to_string(first) + " " + std::to_string(count) + "\n";
            for (std::uint32_t n = first; n < first + count; ++n) {
                char line[32];
                // Exactly 20 bytes per entry, EOL "\r\n" (ISO 32000-1 §7.5.4).
                std::snprintf(line, sizeof line, "%010llu %05u n\r\n", static_cast<unsigned long long>(offsets[n]),
                              static_cast<unsigned>(gens[n]));
                out += line;
            }
        }
        trailer.set("Size", Object(static_cast<std::int64_t>(size)));
        out += "trailer\n" + serialize(Object(trailer)) + "\nstartxref\n" + std::to_string(xref_at) + "\n%%EOF\n";
        return built;
    }

    // An xref stream: it lists itself too (ISO 32000-1 §7.5.8.2).
    const std::uint32_t self = size > m_next ? size : m_next;
    const std::uint64_t xref_at = base_offset + out.size();
    offsets[self] = xref_at;
    gens[self] = 0;
    size = self + 1;
    const std::uint64_t max_offset = xref_at;
    const int width = max_offset > 0xffffffffULL ? 8 : 4;
    Bytes rows;
    Array index;
    for (const auto& [first, count] : runs(offsets)) {
        index.emplace_back(static_cast<std::int64_t>(first));
        index.emplace_back(static_cast<std::int64_t>(count));
        for (std::uint32_t n = first; n < first + count; ++n) {
            rows.push_back(1);
            for (int b = width - 1; b >= 0; --b)
                rows.push_back(static_cast<std::uint8_t>(offsets[n] >> (8 * b)));
            rows.push_back(static_cast<std::uint8_t>(gens[n] >> 8));
            rows.push_back(static_cast<std::uint8_t>(gens[n] & 0xff));
        }
    }
    Stream xref;
    xref.dict.set("Type", Object::name("XRef"));
    xref.dict.set("Size", Object(static_cast<std::int64_t>(size)));
    xref.dict.set("Index", Object(std::move(index)));
    xref.dict.set("W", Object(Array{Object(std::int64_t{1}), Object(std::int64_t{width}), Object(std::int64_t{2})}));
    xref.dict.set("Filter", Object::name("FlateDecode"));
    for (const auto& [k, v] : trailer.entries())
        xref.dict.set(k, v);
    xref.data = flate_encode(rows);
    out += serialize_indirect(Ref{self, 0}, Object(std::move(xref)));
    out += "startxref\n" + std::to_string(xref_at) + "\n%%EOF\n";
    return built;
}

}  // namespace kyso::pdf
