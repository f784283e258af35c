// A PDF file read through its cross-reference sections (private): every revision, the object
// lookup as of any revision, and the byte positions a signature validator needs. The file is read
// with pread in windows, never loaded whole, so memory does not grow with the file.
#pragma once

#include "pdf/cos.hpp"

#include <kyso/core/bytes.hpp>
#include <kyso/core/result.hpp>

#include <cstdint>
#include <filesystem>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <vector>

namespace kyso::pdf {

// Random access to the bytes of a document.
class Source {
public:
    virtual ~Source() = default;
    virtual std::uint64_t size() const = 0;
    // Reads exactly `size` bytes at `offset` (an error when the range is outside the file).
    virtual Result<void> read(std::uint64_t offset, void* out, std::size_t size) const = 0;
    Result<Bytes> read(std::uint64_t offset, std::size_t size) const;
};

Result<std::shared_ptr<Source>> open_file_source(const std::filesystem::path& path);
std::shared_ptr<Source> memory_source(Bytes data);

enum class XrefKind { table, stream };

struct XrefEntry {
    enum class Type { free, in_use, compressed } type = Type::free;
    std::uint64_t offset = 0;  // in_use: file offset; compressed: the object stream's number
    std::uint32_t index = 0;   // compressed: index inside the object stream
    std::uint16_t gen = 0;
};

struct XrefSection {
    std::uint64_t offset = 0;  // where "xref" or the xref stream object starts
    XrefKind kind = XrefKind::table;
    Dict trailer;  // the trailer dictionary (the xref stream's dictionary for streams)
    std::optional<Ref> stream_ref;
    std::map<std::uint32_t, XrefEntry> entries;
};

struct DocumentLimits {
    std::size_t max_sections = 4096;
    std::size_t max_objects = 8u << 20;
    std::size_t max_object_bytes = 64u << 20;     // one non-stream object, an xref table
    std::size_t max_decoded_stream = 256u << 20;  // object and xref streams after inflate
    ParseLimits parse;
};

struct IndirectObject {
    Ref ref;
    Object object;
    std::uint64_t begin = 0, end = 0;            // "N G obj" .. after "endobj" (0/0 when inside an object stream)
    std::optional<std::uint32_t> object_stream;  // set when the object lives in an object stream
};

class Document {
public:
    static Result<std::unique_ptr<Document>> open(std::shared_ptr<Source> source, const DocumentLimits& limits = {});

    const Source& source() const { return *m_source; }
    std::uint64_t size() const { return m_source->size(); }
    // Newest first, following /Prev from startxref.
    const std::vector<XrefSection>& sections() const { return m_sections; }
    const Dict& trailer() const { return m_sections.front().trailer; }
    std::uint64_t startxref() const { return m_sections.front().offset; }
    XrefKind latest_kind() const { return m_sections.front().kind; }
    // The highest object number + 1 over every section (the next free number for an update).
    std::uint32_t next_object_number() const { return m_next_number; }

    // The entry for `num` as of the revisions whose sections start before `limit` (UINT64_MAX: the
    // whole file).
    std::optional<XrefEntry> lookup(std::uint32_t num, std::uint64_t limit = UINT64_MAX) const;
    Result<IndirectObject> load(Ref ref, std::uint64_t limit = UINT64_MAX) const;
    // A direct object as is; an indirect reference loaded (null when it points nowhere, §7.3.10).
    Result<Object> resolve(const Object& object, std::uint64_t limit = UINT64_MAX) const;
    // A stream's data, raw or decoded through its filters.
    Result<Bytes> stream_data(const Stream& stream, bool decode) const;

    // Offsets just after each "%%EOF" marker (and after it plus its end-of-line when there is one), in
    // file order: where a revision may end.
    Result<std::vector<std::uint64_t>> revision_ends() const;

    const DocumentLimits& limits() const { return m_limits; }

private:
    Document(std::shared_ptr<Source> source, const DocumentLimits& limits)
        : m_source(std::move(source)), m_limits(limits) {}
    Result<void> read_sections();
    Result<XrefSection> read_section(std::uint64_t offset);
    Result<void> read_table(std::uint64_t offset, XrefSection& section);
    Result<void> read_xref_stream(std::uint64_t offset, XrefSection& section);
    Result<IndirectObject> parse_at(std::uint64_t offset, std::optional<Ref> expected, std::uint64_t limit) const;
    Result<IndirectObject> load_compressed(Ref ref, const XrefEntry& entry, std::uint64_t limit) const;

    std::shared_ptr<Source> m_source;
    DocumentLimits m_limits;
    std::vector<XrefSection> m_sections;
    std::uint32_t m_next_number = 1;
    mutable std::mutex m_mutex;
    mutable std::map<std::pair<std::uint32_t, std::uint64_t>, std::shared_ptr<const Bytes>> m_object_streams;
};

}  // namespace kyso::pdf
