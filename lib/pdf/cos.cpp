#include "pdf/cos.hpp"

#include <charconv>
#include <cmath>
#include <cstdio>

namespace kyso::pdf {

// ---- Dict / Object accessors ------------------------------------------------------------------

Dict::Dict() = default;
Dict::Dict(const Dict&) = default;
Dict::Dict(Dict&&) noexcept = default;
Dict& Dict::operator=(const Dict&) = default;
Dict& Dict::operator=(Dict&&) noexcept = default;
Dict::~Dict() = default;

bool Dict::empty() const {
    return m_entries.empty();
}

const Object* Dict::get(std::string_view key) const {
    // Later duplicates are ignored (ISO 32000-2 §7.3.7 leaves them undefined; the first one wins in
    // most readers, so a validator must read the same one).
    for (const auto& [k, v] : m_entries)
        if (k == key) return &v;
    return nullptr;
}

Object* Dict::get(std::string_view key) {
    for (auto& [k, v] : m_entries)
        if (k == key) return &v;
    return nullptr;
}

void Dict::set(std::string key, Object value) {
    if (Object* existing = get(key)) {
        *existing = std::move(value);
        return;
    }
    m_entries.emplace_back(std::move(key), std::move(value));
}

bool Dict::erase(std::string_view key) {
    for (auto it = m_entries.begin(); it != m_entries.end(); ++it)
        if (it->first == key) {
            m_entries.erase(it);
            return true;
        }
    return false;
}

const Dict* Object::dict() const {
    if (const auto* d = std::get_if<Dict>(&v)) return d;
    if (const auto* s = std::get_if<Stream>(&v)) return &s->dict;
    return nullptr;
}

Dict* Object::dict() {
    if (auto* d = std::get_if<Dict>(&v)) return d;
    if (auto* s = std::get_if<Stream>(&v)) return &s->dict;
    return nullptr;
}

std::optional<Ref> Object::ref() const {
    if (const auto* r = std::get_if<Ref>(&v)) return *r;
    return std::nullopt;
}

std::optional<std::int64_t> Object::integer() const {
    if (const auto* i = std::get_if<std::int64_t>(&v)) return *i;
    return std::nullopt;
}

std::optional<double> Object::number() const {
    if (const auto* i = std::get_if<std::int64_t>(&v)) return static_cast<double>(*i);
    if (const auto* d = std::get_if<double>(&v)) return *d;
    return std::nullopt;
}

std::optional<std::string_view> Object::name_value() const {
    if (const auto* n = std::get_if<Name>(&v)) return std::string_view(n->value);
    return std::nullopt;
}

bool Object::is_name(std::string_view n) const {
    const auto* name = std::get_if<Name>(&v);
    return name != nullptr && name->value == n;
}

// ---- Lexing -----------------------------------------------------------------------------------

bool is_space(char c) {
    return c == ' ' || c == '\n' || c == '\r' || c == '\t' || c == '\f' || c == '\0';
}

bool is_delimiter(char c) {
    return c == '(' || c == ')' || c == '<' || c == '>' || c == '[' || c == ']' || c == '{' || c == '}' || c == '/' ||
           c == '%';
}

void skip_space(std::string_view text, std::size_t& pos) {
    while (pos < text.size()) {
        if (is_space(text[pos])) {
            ++pos;
        } else if (text[pos] == '%') {
            while (pos < text.size() && text[pos] != '\n' && text[pos] != '\r')
                ++pos;
        } else {
            return;
        }
    }
}

bool read_uint(std::string_view text, std::size_t& pos, std::uint64_t& out) {
    std::size_t p = pos;
    std::uint64_t value = 0;
    while (p < text.size() && text[p] >= '0' && text[p] <= '9') {
        if (value > (UINT64_MAX - 9) / 10) return false;
        value = value * 10 + static_cast<std::uint64_t>(text[p] - '0');
        ++p;
    }
    if (p == pos) return false;
    out = value;
    pos = p;
    return true;
}

bool take_keyword(std::string_view text, std::size_t& pos, std::string_view keyword) {
    if (text.substr(pos, keyword.size()) != keyword) return false;
    const std::size_t end = pos + keyword.size();
    if (end < text.size() && !is_space(text[end]) && !is_delimiter(text[end])) return false;
    pos = end;
    return true;
}

namespace {

int hex_value(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

class Parser {
public:
    Parser(std::string_view text, std::size_t& pos, std::uint64_t base, const ParseLimits& limits)
        : m_text(text), m_pos(pos), m_base(base), m_limits(limits) {}

    Result<Object> object(int depth) {
        if (depth > m_limits.max_depth) return error("objects nested too deeply");
        skip_space(m_text, m_pos);
        if (m_pos >= m_text.size()) return error("unexpected end of data");
        const char c = m_text[m_pos];
        if (c == '/') return name();
        if (c == '(') return literal_string();
        if (c == '<') {
            if (m_pos + 1 < m_text.size() && m_text[m_pos + 1] == '<') return dictionary(depth);
            return hex_string();
        }
        if (c == '[') return array(depth);
        if (c == '+' || c == '-' || c == '.' || (c >= '0' && c <= '9')) return number_or_ref();
        if (take_keyword(m_text, m_pos, "true")) return Object(true);
        if (take_keyword(m_text, m_pos, "false")) return Object(false);
        if (take_keyword(m_text, m_pos, "null")) return Object();
        return error("unexpected token");
    }

private:
    Failure error(std::string_view what) const {
        return fail(Errc::malformed_pdf, std::string(what) + " at offset " + std::to_string(m_base + m_pos));
    }

    Result<Object> name() {
        ++m_pos;  // '/'
        std::string out;
        while (m_pos < m_text.size() && !is_space(m_text[m_pos]) && !is_delimiter(m_text[m_pos])) {
            char c = m_text[m_pos++];
            if (c == '#' && m_pos + 1 < m_text.size() && hex_value(m_text[m_pos]) >= 0 &&
                hex_value(m_text[m_pos + 1]) >= 0) {
                c = static_cast<char>(hex_value(m_text[m_pos]) * 16 + hex_value(m_text[m_pos + 1]));
                m_pos += 2;
            }
            out.push_back(c);
        }
        return Object(Name{std::move(out)});
    }

    Result<Object> literal_string() {
        String s;
        s.token_begin = m_base + m_pos;
        ++m_pos;
        int nesting = 1;
        while (m_pos < m_text.size()) {
            char c = m_text[m_pos++];
            if (c == '\\') {
                if (m_pos >= m_text.size()) break;
                const char e = m_text[m_pos++];
                switch (e) {
                    case 'n':
                        s.value.push_back('\n');
                        break;
                    case 'r':
                        s.value.push_back('\r');
                        break;
                    case 't':
                        s.value.push_back('\t');
                        break;
                    case 'b':
                        s.value.push_back('\b');
                        break;
                    case 'f':
                        s.value.push_back('\f');
                        break;
                    case '\r':
                        if (m_pos < m_text.size() && m_text[m_pos] == '\n') ++m_pos;
                        break;
                    case '\n':
                        break;
                    default:
                        if (e >= '0' && e <= '7') {
                            int v = e - '0';
                            for (int i = 0;
                                 i < 2 && m_pos < m_text.size() && m_text[m_pos] >= '0' && m_text[m_pos] <= '7'; ++i)
                                v = v * 8 + (m_text[m_pos++] - '0');
                            s.value.push_back(static_cast<std::uint8_t>(v & 0xff));
                        } else {
                            s.value.push_back(static_cast<std::uint8_t>(e));
                        }
                }
                continue;
            }
            if (c == '(') ++nesting;
            if (c == ')' && --nesting == 0) {
                s.token_end = m_base + m_pos;
                return Object(std::move(s));
            }
            s.value.push_back(static_cast<std::uint8_t>(c));
        }
        return error("unterminated string");
    }

    Result<Object> hex_string() {
        String s;
        s.hex = true;
        s.token_begin = m_base + m_pos;
        ++m_pos;
        int high = -1;
        while (m_pos < m_text.size()) {
            const char c = m_text[m_pos++];
            if (c == '>') {
                if (high >= 0) s.value.push_back(static_cast<std::uint8_t>(high << 4));
                s.token_end = m_base + m_pos;
                return Object(std::move(s));
            }
            if (is_space(c)) continue;
            const int v = hex_value(c);
            if (v < 0) return error("bad character in a hex string");
            if (high < 0) {
                high = v;
            } else {
                s.value.push_back(static_cast<std::uint8_t>(high << 4 | v));
                high = -1;
            }
        }
        return error("unterminated hex string");
    }

    Result<Object> array(int depth) {
        ++m_pos;
        Array out;
        for (;;) {
            skip_space(m_text, m_pos);
            if (m_pos >= m_text.size()) return error("unterminated array");
            if (m_text[m_pos] == ']') {
                ++m_pos;
                return Object(std::move(out));
            }
            if (out.size() >= m_limits.max_collection) return error("array too large");
            KYSO_TRY(auto element, object(depth + 1));
            out.push_back(std::move(element));
        }
    }

    Result<Object> dictionary(int depth) {
        m_pos += 2;
        Dict out;
        std::size_t count = 0;
        for (;;) {
            skip_space(m_text, m_pos);
            if (m_pos + 1 < m_text.size() && m_text[m_pos] == '>' && m_text[m_pos + 1] == '>') {
                m_pos += 2;
                return Object(std::move(out));
            }
            if (m_pos >= m_text.size()) return error("unterminated dictionary");
            if (m_text[m_pos] != '/') return error("dictionary key is not a name");
            if (++count > m_limits.max_collection) return error("dictionary too large");
            KYSO_TRY(auto key, name());
            KYSO_TRY(auto value, object(depth + 1));
            std::string k = std::get<Name>(key.v).value;
            if (out.get(k) == nullptr) out.set(std::move(k), std::move(value));
        }
    }

    Result<Object> number_or_ref() {
        const std::size_t start = m_pos;
        // "N G R": two unsigned integers and the keyword R.
        std::uint64_t num = 0, gen = 0;
        std::size_t p = m_pos;
        if (read_uint(m_text, p, num)) {
            std::size_t q = p;
            skip_space(m_text, q);
            if (q > p && read_uint(m_text, q, gen)) {
                std::size_t r = q;
                skip_space(m_text, r);
                if (r > q && take_keyword(m_text, r, "R")) {
                    if (num > 0x7fffffff || gen > 0xffff) return error("object reference out of range");
                    m_pos = r;
                    return Object(Ref{static_cast<std::uint32_t>(num), static_cast<std::uint16_t>(gen)});
                }
            }
        }
        // A plain number.
        std::size_t end = m_pos;
        bool real = false;
        if (end < m_text.size() && (m_text[end] == '+' || m_text[end] == '-')) ++end;
        while (end < m_text.size() && ((m_text[end] >= '0' && m_text[end] <= '9') || m_text[end] == '.')) {
            real |= m_text[end] == '.';
            ++end;
        }
        std::string token(m_text.substr(start, end - start));
        if (!token.empty() && token[0] == '+') token.erase(0, 1);
        if (token.empty() || token == "-" || token == ".") return error("bad number");
        m_pos = end;
        if (!real) {
            std::int64_t value = 0;
            const auto [ptr, ec] = std::from_chars(token.data(), token.data() + token.size(), value);
            if (ec == std::errc() && ptr == token.data() + token.size()) return Object(value);
            return error("integer out of range");
        }
        // Reals like "-.5" or "3." are legal PDF; from_chars handles neither form on its own.
        if (token[0] == '.') token.insert(0, "0");
        if (token.size() >= 2 && token[0] == '-' && token[1] == '.') token.insert(1, "0");
        if (token.back() == '.') token.push_back('0');
        double value = 0;
        const auto [ptr, ec] = std::from_chars(token.data(), token.data() + token.size(), value);
        if (ec != std::errc() || ptr != token.data() + token.size()) return error("bad real number");
        return Object(value);
    }

    std::string_view m_text;
    std::size_t& m_pos;
    std::uint64_t m_base;
    const ParseLimits& m_limits;
};

}  // namespace

Result<Object> parse_object(std::string_view text, std::size_t& pos, std::uint64_t base, const ParseLimits& limits) {
    Parser parser(text, pos, base, limits);
    return parser.object(0);
}

// ---- Serialization ----------------------------------------------------------------------------

namespace {

void write_name(std::string_view name, std::string& out) {
    out.push_back('/');
    static const char* hex = "0123456789ABCDEF";
    for (const char ch : name) {
        const auto c = static_cast<unsigned char>(ch);
        if (c < 0x21 || c > 0x7e || c == '#' || is_delimiter(static_cast<char>(c))) {
            out.push_back('#');
            out.push_back(hex[c >> 4]);
            out.push_back(hex[c & 15]);
        } else {
            out.push_back(static_cast<char>(c));
        }
    }
}

void write_string(const String& s, std::string& out) {
    if (s.hex) {
        static const char* hex = "0123456789ABCDEF";
        out.push_back('<');
        for (const auto b : s.value) {
            out.push_back(hex[b >> 4]);
            out.push_back(hex[b & 15]);
        }
        out.push_back('>');
        return;
    }
    out.push_back('(');
    for (const auto b : s.value) {
        if (b == '(' || b == ')' || b == '\\') {
            out.push_back('\\');
            out.push_back(static_cast<char>(b));
        } else if (b == '\r') {
            out += "\\r";
        } else if (b == '\n') {
            out += "\\n";
        } else {
            out.push_back(static_cast<char>(b));
        }
    }
    out.push_back(')');
}

void write_real(double d, std::string& out) {
    if (!std::isfinite(d)) d = 0;
    char buffer[64];
    std::snprintf(buffer, sizeof buffer, "%.4f", d);
    std::string s(buffer);
    while (!s.empty() && s.back() == '0')
        s.pop_back();
    if (!s.empty() && s.back() == '.') s.pop_back();
    if (s == "-0" || s.empty()) s = "0";
    out += s;
}

void write_dict(const Dict& d, std::string& out) {
    out += "<<";
    for (const auto& [k, v] : d.entries()) {
        write_name(k, out);
        out.push_back(' ');
        serialize(v, out);
    }
    out += ">>";
}

}  // namespace

void serialize(const Object& object, std::string& out) {
    std::visit(
        [&out](const auto& x) {
            using T = std::decay_t<decltype(x)>;
            if constexpr (std::is_same_v<T, std::monostate>) {
                out += "null";
            } else if constexpr (std::is_same_v<T, bool>) {
                out += x ? "true" : "false";
            } else if constexpr (std::is_same_v<T, std::int64_t>) {
                out += std::to_string(x);
            } else if constexpr (std::is_same_v<T, double>) {
                write_real(x, out);
            } else if constexpr (std::is_same_v<T, String>) {
                write_string(x, out);
            } else if constexpr (std::is_same_v<T, Name>) {
                write_name(x.value, out);
            } else if constexpr (std::is_same_v<T, Array>) {
                out.push_back('[');
                for (std::size_t i = 0; i < x.size(); ++i) {
                    if (i) out.push_back(' ');
                    serialize(x[i], out);
                }
                out.push_back(']');
            } else if constexpr (std::is_same_v<T, Dict>) {
                write_dict(x, out);
            } else if constexpr (std::is_same_v<T, Ref>) {
                out += std::to_string(x.num) + " " + std::to_string(x.gen) + " R";
            } else if constexpr (std::is_same_v<T, Stream>) {
                Dict d = x.dict;
                const std::size_t length = x.data ? x.data->size() : 0;
                d.set("Length", Object(static_cast<std::int64_t>(length)));
                write_dict(d, out);
                out += "\nstream\n";
                if (x.data) out.append(reinterpret_cast<const char*>(x.data->data()), x.data->size());
                out += "\nendstream";
            }
        },
        object.v);
}

std::string serialize(const Object& object) {
    std::string out;
    serialize(object, out);
    return out;
}

std::string serialize_indirect(Ref ref, const Object& object) {
    std::string out = std::to_string(ref.num) + " " + std::to_string(ref.gen) + " obj\n";
    serialize(object, out);
    out += "\nendobj\n";
    return out;
}

bool same_object(const Object& a, const Object& b) {
    if (a.v.index() != b.v.index()) {
        // 1 and 1.0 are the same number.
        const auto na = a.number(), nb = b.number();
        return na && nb && *na == *nb;
    }
    return std::visit(
        [&b](const auto& x) -> bool {
            using T = std::decay_t<decltype(x)>;
            const T& y = std::get<T>(b.v);
            if constexpr (std::is_same_v<T, std::monostate>) {
                return true;
            } else if constexpr (std::is_same_v<T, String>) {
                return x.value == y.value;
            } else if constexpr (std::is_same_v<T, Array>) {
                if (x.size() != y.size()) return false;
                for (std::size_t i = 0; i < x.size(); ++i)
                    if (!same_object(x[i], y[i])) return false;
                return true;
            } else if constexpr (std::is_same_v<T, Dict>) {
                if (x.entries().size() != y.entries().size()) return false;
                for (const auto& [k, v] : x.entries()) {
                    const Object* other = y.get(k);
                    if (other == nullptr || !same_object(v, *other)) return false;
                }
                return true;
            } else if constexpr (std::is_same_v<T, Stream>) {
                return same_object(Object(x.dict), Object(y.dict)) && x.data_offset == y.data_offset &&
                       x.data_length == y.data_length && x.data == y.data;
            } else {
                return x == y;
            }
        },
        a.v);
}

}  // namespace kyso::pdf
