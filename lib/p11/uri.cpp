#include "p11/uri.hpp"

#include <array>
#include <set>

namespace kyso::p11 {

namespace {
const std::set<std::string> kPathAttrs{"token",
                                       "manufacturer",
                                       "serial",
                                       "model",
                                       "object",
                                       "type",
                                       "id",
                                       "library-manufacturer",
                                       "library-description",
                                       "library-version",
                                       "slot-description",
                                       "slot-manufacturer",
                                       "slot-id"};
const std::set<std::string> kQueryAttrs{"module-name", "module-path", "pin-source", "pin-value"};

Result<std::string> decode(std::string_view s, std::string_view whole) {
    std::string out;
    out.reserve(s.size());
    for (std::size_t i = 0; i < s.size(); ++i) {
        if (s[i] != '%') {
            out += s[i];
            continue;
        }
        auto hex = [](char c) -> int {
            if (c >= '0' && c <= '9') return c - '0';
            if (c >= 'a' && c <= 'f') return c - 'a' + 10;
            if (c >= 'A' && c <= 'F') return c - 'A' + 10;
            return -1;
        };
        if (i + 2 >= s.size() || hex(s[i + 1]) < 0 || hex(s[i + 2]) < 0)
            return fail(Errc::keyspec_invalid, "bad percent-encoding in PKCS#11 URI '" + std::string(whole) + "'");
        out += static_cast<char>(hex(s[i + 1]) * 16 + hex(s[i + 2]));
        i += 2;
    }
    return out;
}

Result<void> parse_attrs(std::string_view part, char sep, const std::set<std::string>& known,
                         std::map<std::string, std::string>& out, std::string_view whole, const char* where) {
    while (!part.empty()) {
        const auto end = part.find(sep);
        const std::string_view item = part.substr(0, end);
        part = end == std::string_view::npos ? std::string_view{} : part.substr(end + 1);
        if (item.empty()) continue;
        const auto eq = item.find('=');
        if (eq == std::string_view::npos)
            return fail(Errc::keyspec_invalid,
                        std::string("PKCS#11 URI ") + where + " attribute without '=': '" + std::string(item) + "'");
        const std::string key(item.substr(0, eq));
        // Vendor attributes ("x-...") are allowed and ignored; others must be known (RFC 7512 §2.3).
        if (key.rfind("x-", 0) == 0) continue;
        if (known.count(key) == 0)
            return fail(Errc::keyspec_invalid,
                        "unknown PKCS#11 URI " + std::string(where) + " attribute '" + key + "'");
        KYSO_TRY(auto value, decode(item.substr(eq + 1), whole));
        if (out.count(key) != 0)
            return fail(Errc::keyspec_invalid, "PKCS#11 URI attribute '" + key + "' appears twice");
        out[key] = std::move(value);
    }
    return {};
}
}  // namespace

Result<Uri> parse_uri(std::string_view text) {
    constexpr std::string_view scheme = "pkcs11:";
    if (text.substr(0, scheme.size()) != scheme)
        return fail(Errc::keyspec_invalid, "not a PKCS#11 URI (must start with 'pkcs11:')");
    std::string_view rest = text.substr(scheme.size());
    const auto q = rest.find('?');
    Uri uri;
    KYSO_CHECK(parse_attrs(rest.substr(0, q), ';', kPathAttrs, uri.path, text, "path"));
    if (q != std::string_view::npos)
        KYSO_CHECK(parse_attrs(rest.substr(q + 1), '&', kQueryAttrs, uri.query, text, "query"));
    if (auto it = uri.path.find("id"); it != uri.path.end()) {
        uri.id = Bytes(it->second.begin(), it->second.end());
        uri.path.erase(it);
    }
    if (uri.query.count("pin-value") && uri.query.count("pin-source"))
        return fail(Errc::keyspec_invalid, "PKCS#11 URI has both pin-value and pin-source");
    return uri;
}

std::string percent_encode(std::string_view value) {
    std::string out;
    for (const unsigned char c : value) {
        if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '.' ||
            c == '_' || c == '~') {
            out += static_cast<char>(c);
        } else {
            static constexpr char digits[] = "0123456789ABCDEF";
            out += '%';
            out += digits[c >> 4];
            out += digits[c & 15];
        }
    }
    return out;
}

}  // namespace kyso::p11
