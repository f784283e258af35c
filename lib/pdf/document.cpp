#include "pdf/document.hpp"

#include "pdf/filters.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <set>

namespace kyso::pdf {

// ---- Sources ----------------------------------------------------------------------------------

Result<Bytes> Source::read(std::uint64_t offset, std::size_t size) const {
    Bytes out(size);
    KYSO_CHECK(read(offset, out.data(), size));
    return out;
}

namespace {

class FileSource final : public Source {
public:
    FileSource(int fd, std::uint64_t size, std::string name) : m_fd(fd), m_size(size), m_name(std::move(name)) {}
    ~FileSource() override { ::close(m_fd); }
    std::uint64_t size() const override { return m_size; }
    Result<void> read(std::uint64_t offset, void* out, std::size_t size) const override {
        if (offset > m_size || size > m_size - offset)
            return fail(Errc::malformed_pdf, "read past the end of " + m_name);
        auto* p = static_cast<char*>(out);
        while (size > 0) {
            const ssize_t n = ::pread(m_fd, p, size, static_cast<off_t>(offset));
            if (n < 0 && errno == EINTR) continue;
            if (n <= 0)
                return fail(Errc::io, "cannot read " + m_name + ": " + (n < 0 ? std::strerror(errno) : "file shrank"));
            p += n;
            offset += static_cast<std::uint64_t>(n);
            size -= static_cast<std::size_t>(n);
        }
        return {};
    }

private:
    int m_fd;
    std::uint64_t m_size;
    std::string m_name;
};

class MemorySource final : public Source {
public:
    explicit MemorySource(Bytes data) : m_data(std::move(data)) {}
    std::uint64_t size() const override { return m_data.size(); }
    Result<void> read(std::uint64_t offset, void* out, std::size_t size) const override {
        if (offset > m_data.size() || size > m_data.size() - offset)
            return fail(Errc::malformed_pdf, "read past the end of the document");
        if (size) std::memcpy(out, m_data.data() + offset, size);
        return {};
    }

private:
    Bytes m_data;
};

std::string_view view(const Bytes& b) {
    return {reinterpret_cast<const char*>(b.data()), b.size()};
}

}  // namespace

Result<std::shared_ptr<Source>> open_file_source(const std::filesystem::path& path) {
    const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) return fail(Errc::io, "cannot open " + path.string() + ": " + std::strerror(errno));
    struct stat st {};
    if (::fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
        ::close(fd);
        return fail(Errc::io, path.string() + " is not a regular file");
    }
    return std::shared_ptr<Source>(
        std::make_shared<FileSource>(fd, static_cast<std::uint64_t>(st.st_size), path.string()));
}

std::shared_ptr<Source> memory_source(Bytes data) {
    return std::make_shared<MemorySource>(std::move(data));
}

// ---- Opening: startxref and the chain of sections ----------------------------------------------

Result<std::unique_ptr<Document>> Document::open(std::shared_ptr<Source> source, const DocumentLimits& limits) {
    std::unique_ptr<Document> doc(new Document(std::move(source), limits));
    KYSO_CHECK(doc->read_sections());
    return doc;
}

Result<void> Document::read_sections() {
    const std::uint64_t size = m_source->size();
    if (size < 16) return fail(Errc::malformed_pdf, "not a PDF file (too short)");
    KYSO_TRY(Bytes head, m_source->read(0, static_cast<std::size_t>(std::min<std::uint64_t>(size, 1024))));
    if (view(head).find("%PDF-") == std::string_view::npos)
        return fail(Errc::malformed_pdf, "not a PDF file (no %PDF- header)");
    const std::size_t tail_size = static_cast<std::size_t>(std::min<std::uint64_t>(size, 4096));
    KYSO_TRY(Bytes tail, m_source->read(size - tail_size, tail_size));
    const std::size_t at = view(tail).rfind("startxref");
    if (at == std::string_view::npos) return fail(Errc::malformed_pdf, "no startxref near the end of the file");
    std::size_t pos = at + 9;
    skip_space(view(tail), pos);
    std::uint64_t offset = 0;
    if (!read_uint(view(tail), pos, offset)) return fail(Errc::malformed_pdf, "startxref is not followed by an offset");

    std::set<std::uint64_t> seen;
    for (;;) {
        if (!seen.insert(offset).second)
            return fail(Errc::malformed_pdf, "the /Prev chain of cross-reference sections loops");
        if (seen.size() > m_limits.max_sections) return fail(Errc::malformed_pdf, "too many cross-reference sections");
        KYSO_TRY(XrefSection section, read_section(offset));
        std::optional<std::uint64_t> prev;
        if (const Object* p = section.trailer.get("Prev")) {
            const auto v = p->integer();
            if (!v || *v < 0) return fail(Errc::malformed_pdf, "/Prev is not a file offset");
            prev = static_cast<std::uint64_t>(*v);
        }
        for (const auto& [num, entry] : section.entries)
            m_next_number = std::max(m_next_number, num + 1);
        if (const Object* s = section.trailer.get("Size");
            s && s->integer() && *s->integer() > 0 && *s->integer() < static_cast<std::int64_t>(m_limits.max_objects))
            m_next_number = std::max(m_next_number, static_cast<std::uint32_t>(*s->integer()));
        m_sections.push_back(std::move(section));
        if (!prev) break;
        offset = *prev;
    }
    if (trailer().get("Root") == nullptr || !trailer().get("Root")->ref())
        return fail(Errc::malformed_pdf, "the trailer has no /Root reference");
    return {};
}

Result<XrefSection> Document::read_section(std::uint64_t offset) {
    if (offset >= m_source->size())
        return fail(Errc::malformed_pdf, "a cross-reference offset points past the end of the file");
    KYSO_TRY(Bytes probe,
             m_source->read(offset, static_cast<std::size_t>(std::min<std::uint64_t>(m_source->size() - offset, 64))));
    // Some writers (@signpdf) point startxref at the end-of-line before "xref"; readers accept it.
    std::size_t lead = 0;
    while (lead < probe.size() && is_space(static_cast<char>(probe[lead])))
        ++lead;
    offset += lead;
    XrefSection section;
    section.offset = offset;
    if (view(probe).substr(lead, 4) == "xref") {
        section.kind = XrefKind::table;
        KYSO_CHECK(read_table(offset, section));
        // A hybrid-reference file (ISO 32000-1 §7.5.8.4) also lists objects in an xref stream.
        if (const Object* stm = section.trailer.get("XRefStm"); stm && stm->integer() && *stm->integer() >= 0) {
            XrefSection hidden;
            KYSO_CHECK(read_xref_stream(static_cast<std::uint64_t>(*stm->integer()), hidden));
            for (const auto& [num, entry] : hidden.entries)
                section.entries.emplace(num, entry);
        }
    } else {
        section.kind = XrefKind::stream;
        KYSO_CHECK(read_xref_stream(offset, section));
    }
    return section;
}

Result<void> Document::read_table(std::uint64_t offset, XrefSection& section) {
    // The table's size is not known up front: read a window and grow it when the parse runs out.
    std::size_t window = 64 * 1024;
    for (;;) {
        const std::size_t n = static_cast<std::size_t>(std::min<std::uint64_t>(window, m_source->size() - offset));
        KYSO_TRY(Bytes data, m_source->read(offset, n));
        const std::string_view text = view(data);
        const bool whole = n == m_source->size() - offset || n >= m_limits.max_object_bytes;
        std::size_t pos = 4;
        section.entries.clear();
        bool truncated = false;
        std::string problem;
        for (;;) {
            skip_space(text, pos);
            if (take_keyword(text, pos, "trailer")) break;
            std::uint64_t first = 0, count = 0;
            if (!read_uint(text, pos, first)) {
                truncated = pos >= text.size();
                problem = "bad cross-reference subsection header";
                break;
            }
            skip_space(text, pos);
            if (!read_uint(text, pos, count)) {
                truncated = pos >= text.size();
                problem = "bad cross-reference subsection header";
                break;
            }
            if (first + count > m_limits.max_objects)
                return fail(Errc::malformed_pdf, "cross-reference table too large");
            for (std::uint64_t i = 0; i < count && problem.empty(); ++i) {
                std::uint64_t off = 0, gen = 0;
                skip_space(text, pos);
                if (!read_uint(text, pos, off)) problem = "bad cross-reference entry";
                skip_space(text, pos);
                if (problem.empty() && !read_uint(text, pos, gen)) problem = "bad cross-reference entry";
                skip_space(text, pos);
                if (problem.empty() && (pos >= text.size() || (text[pos] != 'n' && text[pos] != 'f')))
                    problem = "bad cross-reference entry type";
                if (!problem.empty()) {
                    truncated = pos >= text.size();
                    break;
                }
                const char type = text[pos++];
                XrefEntry entry;
                entry.type = type == 'n' ? XrefEntry::Type::in_use : XrefEntry::Type::free;
                entry.offset = off;
                entry.gen = static_cast<std::uint16_t>(std::min<std::uint64_t>(gen, 0xffff));
                // The first definition of a number inside one section wins.
                section.entries.emplace(static_cast<std::uint32_t>(first + i), entry);
            }
            if (!problem.empty()) break;
        }
        if (problem.empty()) {
            auto trailer = parse_object(text, pos, offset, m_limits.parse);
            if (trailer && trailer->dict() != nullptr && std::holds_alternative<Dict>(trailer->v)) {
                section.trailer = std::move(std::get<Dict>(trailer->v));
                return {};
            }
            truncated = pos >= text.size() || !trailer;
            problem = "bad trailer dictionary";
        }
        if (!truncated || whole)
            return fail(Errc::malformed_pdf, problem + " in the table at offset " + std::to_string(offset));
        window *= 8;
    }
}

Result<void> Document::read_xref_stream(std::uint64_t offset, XrefSection& section) {
    KYSO_TRY(IndirectObject io, parse_at(offset, std::nullopt, UINT64_MAX));
    const Stream* stream = io.object.stream();
    if (stream == nullptr || !stream->dict.get("Type") || !stream->dict.get("Type")->is_name("XRef"))
        return fail(Errc::malformed_pdf, "no cross-reference stream at offset " + std::to_string(offset));
    section.trailer = stream->dict;
    section.stream_ref = io.ref;
    KYSO_TRY(Bytes data, stream_data(*stream, true));
    const Object* w = stream->dict.get("W");
    if (w == nullptr || w->array() == nullptr || w->array()->size() != 3)
        return fail(Errc::malformed_pdf, "xref stream /W is not three integers");
    int widths[3];
    for (int i = 0; i < 3; ++i) {
        const auto v = (*w->array())[static_cast<std::size_t>(i)].integer();
        if (!v || *v < 0 || *v > 8) return fail(Errc::malformed_pdf, "xref stream /W has a bad width");
        widths[i] = static_cast<int>(*v);
    }
    const std::size_t entry_size = static_cast<std::size_t>(widths[0] + widths[1] + widths[2]);
    if (entry_size == 0) return fail(Errc::malformed_pdf, "xref stream entries are empty");
    std::vector<std::pair<std::uint64_t, std::uint64_t>> ranges;
    const auto size = stream->dict.get("Size") ? stream->dict.get("Size")->integer() : std::nullopt;
    if (!size || *size < 0 || static_cast<std::uint64_t>(*size) > m_limits.max_objects)
        return fail(Errc::malformed_pdf, "xref stream /Size is missing or out of range");
    if (const Object* index = stream->dict.get("Index"); index && index->array()) {
        const Array& a = *index->array();
        for (std::size_t i = 0; i + 1 < a.size(); i += 2) {
            const auto first = a[i].integer(), count = a[i + 1].integer();
            if (!first || !count || *first < 0 || *count < 0 ||
                static_cast<std::uint64_t>(*first + *count) > m_limits.max_objects)
                return fail(Errc::malformed_pdf, "xref stream /Index out of range");
            ranges.emplace_back(*first, *count);
        }
    } else {
        ranges.emplace_back(0, *size);
    }
    std::size_t pos = 0;
    const auto field = [&](int width, std::uint64_t def) {
        if (width == 0) return def;
        std::uint64_t v = 0;
        for (int i = 0; i < width; ++i)
            v = v << 8 | data[pos++];
        return v;
    };
    for (const auto& [first, count] : ranges)
        for (std::uint64_t i = 0; i < count; ++i) {
            if (pos + entry_size > data.size())
                return fail(Errc::malformed_pdf, "xref stream is shorter than its /Index says");
            const std::uint64_t type = field(widths[0], 1), f2 = field(widths[1], 0), f3 = field(widths[2], 0);
            XrefEntry entry;
            if (type == 0) {
                entry.type = XrefEntry::Type::free;
            } else if (type == 1) {
                entry.type = XrefEntry::Type::in_use;
                entry.offset = f2;
                entry.gen = static_cast<std::uint16_t>(std::min<std::uint64_t>(f3, 0xffff));
            } else if (type == 2) {
                entry.type = XrefEntry::Type::compressed;
                entry.offset = f2;
                entry.index = static_cast<std::uint32_t>(std::min<std::uint64_t>(f3, UINT32_MAX));
            } else {
                continue;  // §7.5.8.3: unknown types are null references
            }
            section.entries.emplace(static_cast<std::uint32_t>(first + i), entry);
        }
    return {};
}

// ---- Objects ------------------------------------------------------------------------------------

std::optional<XrefEntry> Document::lookup(std::uint32_t num, std::uint64_t limit) const {
    for (const auto& section : m_sections) {
        if (section.offset >= limit) continue;
        const auto it = section.entries.find(num);
        if (it != section.entries.end()) return it->second;
    }
    return std::nullopt;
}

Result<IndirectObject> Document::load(Ref ref, std::uint64_t limit) const {
    const auto entry = lookup(ref.num, limit);
    if (!entry || entry->type == XrefEntry::Type::free)
        return IndirectObject{ref, Object(), 0, 0, std::nullopt};  // §7.3.10: a reference to nothing is null
    if (entry->type == XrefEntry::Type::compressed) return load_compressed(ref, *entry, limit);
    return parse_at(entry->offset, ref, limit);
}

Result<Object> Document::resolve(const Object& object, std::uint64_t limit) const {
    const auto r = object.ref();
    if (!r) return object;
    KYSO_TRY(IndirectObject io, load(*r, limit));
    if (io.object.ref()) return fail(Errc::malformed_pdf, "an indirect object is itself a bare reference");
    return std::move(io.object);
}

Result<IndirectObject> Document::parse_at(std::uint64_t offset, std::optional<Ref> expected,
                                          std::uint64_t limit) const {
    if (offset >= m_source->size())
        return fail(Errc::malformed_pdf, "an object offset points past the end of the file");
    std::size_t window = 16 * 1024;
    for (;;) {
        const std::size_t n = static_cast<std::size_t>(std::min<std::uint64_t>(window, m_source->size() - offset));
        const bool whole = n == m_source->size() - offset || n >= m_limits.max_object_bytes;
        KYSO_TRY(Bytes data, m_source->read(offset, n));
        const std::string_view text = view(data);
        std::size_t pos = 0;
        std::uint64_t num = 0, gen = 0;
        skip_space(text, pos);
        if (!read_uint(text, pos, num))
            return fail(Errc::malformed_pdf, "no object at offset " + std::to_string(offset));
        skip_space(text, pos);
        if (!read_uint(text, pos, gen))
            return fail(Errc::malformed_pdf, "no object at offset " + std::to_string(offset));
        skip_space(text, pos);
        if (!take_keyword(text, pos, "obj"))
            return fail(Errc::malformed_pdf, "no object at offset " + std::to_string(offset));
        const Ref ref{static_cast<std::uint32_t>(std::min<std::uint64_t>(num, UINT32_MAX)),
                      static_cast<std::uint16_t>(std::min<std::uint64_t>(gen, 0xffff))};
        if (expected && (expected->num != ref.num || expected->gen != ref.gen))
            return fail(Errc::malformed_pdf,
                        "object " + std::to_string(expected->num) + " is not at the offset the cross-reference gives");
        auto parsed = parse_object(text, pos, offset, m_limits.parse);
        if (!parsed) {
            if (!whole && pos >= text.size() - 1) {
                window *= 4;
                continue;
            }
            return fail(std::move(parsed).error());
        }
        Object object = std::move(*parsed);
        skip_space(text, pos);
        if (take_keyword(text, pos, "stream")) {
            if (!std::holds_alternative<Dict>(object.v))
                return fail(Errc::malformed_pdf, "stream without a dictionary");
            // §7.3.8.1: "stream" is followed by CRLF or LF (a lone CR is tolerated).
            if (pos < text.size() && text[pos] == '\r') ++pos;
            if (pos < text.size() && text[pos] == '\n') ++pos;
            Stream stream;
            stream.dict = std::move(std::get<Dict>(object.v));
            stream.data_offset = offset + pos;
            const Object* length = stream.dict.get("Length");
            if (length == nullptr)
                return fail(Errc::malformed_pdf, "stream without /Length at offset " + std::to_string(offset));
            std::optional<std::int64_t> len = length->integer();
            if (!len && length->ref()) {
                if (length->ref()->num == ref.num)
                    return fail(Errc::malformed_pdf, "a stream /Length refers to itself");
                KYSO_TRY(IndirectObject l, load(*length->ref(), limit));
                len = l.object.integer();
            }
            if (!len || *len < 0 || static_cast<std::uint64_t>(*len) > m_source->size() - stream.data_offset)
                return fail(Errc::malformed_pdf, "bad stream /Length at offset " + std::to_string(offset));
            stream.data_length = static_cast<std::uint64_t>(*len);
            // Check "endstream" after the data.
            const std::uint64_t after = stream.data_offset + stream.data_length;
            KYSO_TRY(
                Bytes tail,
                m_source->read(after, static_cast<std::size_t>(std::min<std::uint64_t>(64, m_source->size() - after))));
            std::size_t tp = 0;
            skip_space(view(tail), tp);
            if (!take_keyword(view(tail), tp, "endstream"))
                return fail(Errc::malformed_pdf,
                            "stream /Length does not end at endstream (object " + std::to_string(ref.num) + ")");
            skip_space(view(tail), tp);
            if (!take_keyword(view(tail), tp, "endobj"))
                return fail(Errc::malformed_pdf, "endobj missing after a stream");
            return IndirectObject{ref, Object(std::move(stream)), offset, after + tp, std::nullopt};
        }
        if (!take_keyword(text, pos, "endobj")) {
            if (!whole && pos + 8 >= text.size()) {
                window *= 4;
                continue;
            }
            return fail(Errc::malformed_pdf, "endobj missing for object " + std::to_string(ref.num));
        }
        return IndirectObject{ref, std::move(object), offset, offset + pos, std::nullopt};
    }
}

Result<IndirectObject> Document::load_compressed(Ref ref, const XrefEntry& entry, std::uint64_t limit) const {
    const auto stm_num = static_cast<std::uint32_t>(std::min<std::uint64_t>(entry.offset, UINT32_MAX));
    if (stm_num == ref.num) return fail(Errc::malformed_pdf, "an object stream contains itself");
    const auto stm_entry = lookup(stm_num, limit);
    if (!stm_entry || stm_entry->type != XrefEntry::Type::in_use)
        return fail(Errc::malformed_pdf, "object stream " + std::to_string(stm_num) + " is not a plain object");
    KYSO_TRY(IndirectObject stm, parse_at(stm_entry->offset, Ref{stm_num, stm_entry->gen}, limit));
    const Stream* s = stm.object.stream();
    if (s == nullptr || !s->dict.get("Type") || !s->dict.get("Type")->is_name("ObjStm"))
        return fail(Errc::malformed_pdf, "object " + std::to_string(stm_num) + " is not an object stream");
    std::shared_ptr<const Bytes> data;
    {
        std::lock_guard lock(m_mutex);
        const auto it = m_object_streams.find({stm_num, stm_entry->offset});
        if (it != m_object_streams.end()) data = it->second;
    }
    if (!data) {
        KYSO_TRY(Bytes decoded, stream_data(*s, true));
        data = std::make_shared<const Bytes>(std::move(decoded));
        std::lock_guard lock(m_mutex);
        if (m_object_streams.size() > 64) m_object_streams.clear();
        m_object_streams.emplace(std::make_pair(stm_num, stm_entry->offset), data);
    }
    const std::int64_t n = s->dict.get("N") ? s->dict.get("N")->integer().value_or(-1) : -1;
    const std::int64_t first = s->dict.get("First") ? s->dict.get("First")->integer().value_or(-1) : -1;
    if (n < 0 || first < 0 || static_cast<std::uint64_t>(first) > data->size())
        return fail(Errc::malformed_pdf, "object stream " + std::to_string(stm_num) + " has a bad /N or /First");
    const std::string_view text = view(*data);
    std::size_t pos = 0;
    std::optional<std::uint64_t> found;
    for (std::int64_t i = 0; i < n; ++i) {
        std::uint64_t num = 0, off = 0;
        skip_space(text, pos);
        if (!read_uint(text, pos, num)) break;
        skip_space(text, pos);
        if (!read_uint(text, pos, off)) break;
        // The xref's index is authoritative; the header must agree with it.
        if (static_cast<std::uint64_t>(i) == entry.index) {
            if (num != ref.num)
                return fail(Errc::malformed_pdf,
                            "object stream " + std::to_string(stm_num) + " header disagrees with the cross-reference");
            found = off;
            break;
        }
    }
    if (!found || static_cast<std::uint64_t>(first) + *found >= data->size())
        return fail(Errc::malformed_pdf,
                    "object " + std::to_string(ref.num) + " is missing from object stream " + std::to_string(stm_num));
    std::size_t p = static_cast<std::size_t>(static_cast<std::uint64_t>(first) + *found);
    KYSO_TRY(Object object, parse_object(text, p, 0, m_limits.parse));
    return IndirectObject{ref, std::move(object), 0, 0, stm_num};
}

Result<Bytes> Document::stream_data(const Stream& stream, bool decode) const {
    if (stream.data) {
        if (!decode) return *stream.data;
        return decode_stream(stream.dict, *stream.data, m_limits.max_decoded_stream);
    }
    if (stream.data_length > m_limits.max_decoded_stream)
        return fail(Errc::unsupported, "stream too large to read into memory");
    KYSO_TRY(Bytes raw, m_source->read(stream.data_offset, static_cast<std::size_t>(stream.data_length)));
    if (!decode) return raw;
    return decode_stream(stream.dict, raw, m_limits.max_decoded_stream);
}

Result<std::vector<std::uint64_t>> Document::revision_ends() const {
    std::vector<std::uint64_t> ends;
    const std::uint64_t size = m_source->size();
    constexpr std::size_t chunk = 1 << 20;
    constexpr std::string_view marker = "%%EOF";
    for (std::uint64_t offset = 0; offset < size;) {
        const std::size_t n = static_cast<std::size_t>(std::min<std::uint64_t>(chunk + 8, size - offset));
        KYSO_TRY(Bytes data, m_source->read(offset, n));
        const std::string_view text = view(data);
        for (std::size_t at = text.find(marker); at != std::string_view::npos; at = text.find(marker, at + 1)) {
            if (at >= chunk && offset + chunk < size) break;  // seen again in the next chunk
            std::uint64_t end = offset + at + marker.size();
            ends.push_back(end);
            // The marker's end-of-line belongs to the revision too.
            std::size_t p = at + marker.size();
            if (p < text.size() && text[p] == '\r') ++p;
            if (p < text.size() && text[p] == '\n') ++p;
            if (offset + p != end) ends.push_back(offset + p);
        }
        if (offset + n >= size) break;
        offset += chunk;
    }
    return ends;
}

}  // namespace kyso::pdf
