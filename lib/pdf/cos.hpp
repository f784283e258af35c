// The PDF object model (ISO 32000-1 §7.3, "COS" objects), its hardened parser and its serializer
// (private). Signing and verification both read documents through this layer: it keeps the byte
// offsets a signature validator needs (where an object and its /Contents token start and end), and
// serializes only the objects kyso writes in an incremental update.
#pragma once

#include <kyso/core/bytes.hpp>
#include <kyso/core/result.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

namespace kyso::pdf {

struct Object;

struct Ref {
    std::uint32_t num = 0;
    std::uint16_t gen = 0;
    friend bool operator==(const Ref&, const Ref&) = default;
    friend auto operator<=>(const Ref&, const Ref&) = default;
};

struct Name {
    std::string value;  // decoded (#xx escapes resolved), without the leading '/'
    friend bool operator==(const Name&, const Name&) = default;
};

struct String {
    Bytes value;
    bool hex = false;
    // Where the token lies in the file ([begin, end), delimiters included); 0/0 for objects kyso builds.
    std::uint64_t token_begin = 0, token_end = 0;
};

using Array = std::vector<Object>;

class Dict {
public:
    // Out of line: Object is incomplete here, and some compilers (clang with libstdc++) instantiate
    // the entry type while checking inline special members.
    Dict();
    Dict(const Dict&);
    Dict(Dict&&) noexcept;
    Dict& operator=(const Dict&);
    Dict& operator=(Dict&&) noexcept;
    ~Dict();
    const Object* get(std::string_view key) const;
    Object* get(std::string_view key);
    void set(std::string key, Object value);  // replaces or appends (insertion order is kept for output)
    bool erase(std::string_view key);
    const std::vector<std::pair<std::string, Object>>& entries() const { return m_entries; }
    bool empty() const;

private:
    std::vector<std::pair<std::string, Object>> m_entries;
};

struct Stream {
    Dict dict;
    // A parsed stream: where its raw (still encoded) data lies in the file.
    std::uint64_t data_offset = 0, data_length = 0;
    // A stream kyso builds: its encoded data (the dictionary already names its filter).
    std::optional<Bytes> data;
};

struct Object {
    std::variant<std::monostate, bool, std::int64_t, double, String, Name, Array, Dict, Ref, Stream> v;

    Object() = default;
    template <class T>
    Object(T value) : v(std::move(value)) {}
    static Object name(std::string n) { return Object(Name{std::move(n)}); }
    static Object text(std::string_view s) {  // a literal string of raw bytes
        return Object(String{Bytes(s.begin(), s.end()), false, 0, 0});
    }

    bool is_null() const { return std::holds_alternative<std::monostate>(v); }
    const Dict* dict() const;  // the dictionary of a Dict or a Stream
    Dict* dict();
    const Array* array() const { return std::get_if<Array>(&v); }
    Array* array() { return std::get_if<Array>(&v); }
    const Stream* stream() const { return std::get_if<Stream>(&v); }
    const String* string() const { return std::get_if<String>(&v); }
    std::optional<Ref> ref() const;
    std::optional<std::int64_t> integer() const;
    std::optional<double> number() const;  // integer or real
    std::optional<std::string_view> name_value() const;
    bool is_name(std::string_view n) const;
};

// Limits that keep a hostile file from exhausting memory or the stack.
struct ParseLimits {
    int max_depth = 64;
    std::size_t max_collection = 1u << 20;  // elements of one array or dictionary
};

// Parses one object from text at `pos` (offset of text[0] in the file: `base`). Streams are not handled
// here (see IndirectObject); `pos` is advanced past the object.
Result<Object> parse_object(std::string_view text, std::size_t& pos, std::uint64_t base,
                            const ParseLimits& limits = {});

// Skips whitespace and comments (ISO 32000-1 §7.2.2, §7.2.3).
void skip_space(std::string_view text, std::size_t& pos);
bool is_space(char c);
bool is_delimiter(char c);

// Reads an unsigned integer token; false when there is none.
bool read_uint(std::string_view text, std::size_t& pos, std::uint64_t& out);
// True when text at pos starts with keyword followed by a delimiter, space or the end; advances past it.
bool take_keyword(std::string_view text, std::size_t& pos, std::string_view keyword);

// Serialization of objects kyso writes. Streams write their `data` (must be set).
void serialize(const Object& object, std::string& out);
std::string serialize(const Object& object);
// "N G obj\n<object>\nendobj\n"
std::string serialize_indirect(Ref ref, const Object& object);

// Structural equality (refs compare by number; streams compare dictionaries and data location).
bool same_object(const Object& a, const Object& b);

}  // namespace kyso::pdf
