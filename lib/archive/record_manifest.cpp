#include <kyso/archive/record_manifest.hpp>

#include <algorithm>
#include <charconv>

namespace kyso::archive {

namespace {

bool valid_utf8(std::string_view s) {
    std::size_t i = 0;
    while (i < s.size()) {
        const auto c = static_cast<unsigned char>(s[i]);
        std::size_t n = 0;
        std::uint32_t cp = 0;
        if (c < 0x80) {
            ++i;
            continue;
        } else if ((c & 0xE0) == 0xC0) {
            n = 1;
            cp = c & 0x1F;
        } else if ((c & 0xF0) == 0xE0) {
            n = 2;
            cp = c & 0x0F;
        } else if ((c & 0xF8) == 0xF0) {
            n = 3;
            cp = c & 0x07;
        } else {
            return false;
        }
        for (std::size_t k = 1; k <= n; ++k) {
            if (i + k >= s.size()) return false;
            const auto cc = static_cast<unsigned char>(s[i + k]);
            if ((cc & 0xC0) != 0x80) return false;
            cp = (cp << 6) | (cc & 0x3F);
        }
        // Overlong forms, surrogates and values past U+10FFFF are not UTF-8 (RFC 3629 §3).
        if ((n == 1 && cp < 0x80) || (n == 2 && cp < 0x800) || (n == 3 && cp < 0x10000) || cp > 0x10FFFF ||
            (cp >= 0xD800 && cp <= 0xDFFF))
            return false;
        i += n + 1;
    }
    return true;
}

}  // namespace

std::string check_file_name(std::string_view name) {
    if (name.empty()) return "an empty file name";
    if (name.size() > 255) return "a file name longer than 255 bytes";
    if (name == kRecordManifestName) return "the name record.manifest is reserved";
    if (name.find('/') != std::string_view::npos) return "a '/' in a file name";
    if (name.find('\\') != std::string_view::npos) return "a backslash in a file name";
    if (name.find("..") != std::string_view::npos) return "'..' in a file name";
    if (name == ".") return "the file name '.'";
    for (const char ch : name) {
        const auto c = static_cast<unsigned char>(ch);
        if (c < 0x20 || c == 0x7f) return "a control character in a file name";
    }
    if (!valid_utf8(name)) return "a file name that is not UTF-8";
    return {};
}

Result<Bytes> parse_lower_hex(std::string_view text, std::size_t bytes) {
    if (text.size() != 2 * bytes)
        return fail(Errc::evidence_invalid, "expected " + std::to_string(2 * bytes) + " hex digits, found " +
                                                std::to_string(text.size()) + " characters");
    Bytes out(bytes);
    for (std::size_t i = 0; i < text.size(); ++i) {
        const char c = text[i];
        int d = 0;
        if (c >= '0' && c <= '9')
            d = c - '0';
        else if (c >= 'a' && c <= 'f')
            d = c - 'a' + 10;
        else
            return fail(Errc::evidence_invalid, "not lowercase hex");
        out[i / 2] = static_cast<std::uint8_t>(out[i / 2] * 16 + d);
    }
    return out;
}

std::string serialize_record_manifest(const RecordManifest& manifest) {
    std::vector<const ManifestFile*> files;
    for (const auto& f : manifest.files)
        files.push_back(&f);
    std::sort(files.begin(), files.end(),
              [](const ManifestFile* a, const ManifestFile* b) { return a->name < b->name; });
    std::string out = "kyso-record-manifest 1\nsalt " + hex_encode(manifest.salt) + "\n";
    for (const auto* f : files)
        out += "file " + hex_encode(f->sha256) + " " + hex_encode(f->sha512) + " " + std::to_string(f->size) + " " +
               f->name + "\n";
    return out;
}

Result<RecordManifest> parse_record_manifest(std::string_view text) {
    RecordManifest m;
    if (text.empty() || text.back() != '\n')
        return fail(Errc::evidence_invalid, "record.manifest: must end with a line feed");
    std::vector<std::string_view> lines;
    for (std::size_t pos = 0; pos < text.size();) {
        const std::size_t nl = text.find('\n', pos);
        lines.push_back(text.substr(pos, nl - pos));
        pos = nl + 1;
    }
    const auto bad = [](std::size_t line, const std::string& why) {
        return fail(Errc::evidence_invalid, "record.manifest line " + std::to_string(line) + ": " + why);
    };
    if (lines.size() < 3)
        return fail(Errc::evidence_invalid, "record.manifest: a header, a salt and at least one file");
    if (lines[0] != "kyso-record-manifest 1") return bad(1, "expected 'kyso-record-manifest 1'");
    if (lines[1].substr(0, 5) != "salt ") return bad(2, "expected 'salt <64 hex>'");
    auto salt = parse_lower_hex(lines[1].substr(5), 32);
    if (!salt) return bad(2, "salt: " + salt.error().message);
    m.salt = std::move(*salt);
    for (std::size_t i = 2; i < lines.size(); ++i) {
        std::string_view l = lines[i];
        if (l.substr(0, 5) != "file ") return bad(i + 1, "expected 'file <sha256> <sha512> <size> <name>'");
        l.remove_prefix(5);
        ManifestFile f;
        auto s256 = parse_lower_hex(l.substr(0, 64), 32);
        if (!s256 || l.size() < 65 || l[64] != ' ') return bad(i + 1, "bad SHA-256 value");
        l.remove_prefix(65);
        auto s512 = parse_lower_hex(l.substr(0, 128), 64);
        if (!s512 || l.size() < 129 || l[128] != ' ') return bad(i + 1, "bad SHA-512 value");
        l.remove_prefix(129);
        const std::size_t sp = l.find(' ');
        if (sp == std::string_view::npos || sp == 0) return bad(i + 1, "bad size");
        const std::string_view size = l.substr(0, sp);
        if (size.size() > 1 && size[0] == '0') return bad(i + 1, "size with a leading zero");
        const auto [p, ec] = std::from_chars(size.data(), size.data() + size.size(), f.size);
        if (ec != std::errc() || p != size.data() + size.size()) return bad(i + 1, "bad size");
        f.name = std::string(l.substr(sp + 1));
        if (const std::string why = check_file_name(f.name); !why.empty()) return bad(i + 1, "refused: " + why);
        if (!m.files.empty() && !(m.files.back().name < f.name))
            return bad(i + 1, "file names must be unique and sorted bytewise");
        f.sha256 = std::move(*s256);
        f.sha512 = std::move(*s512);
        m.files.push_back(std::move(f));
    }
    return m;
}

}  // namespace kyso::archive
