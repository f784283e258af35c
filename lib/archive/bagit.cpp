#include <kyso/archive/bagit.hpp>

#include <algorithm>
#include <cctype>

namespace kyso::archive {

std::string encode_bag_path(std::string_view path) {
    std::string out;
    out.reserve(path.size());
    for (const char c : path) {
        if (c == '%')
            out += "%25";
        else if (c == '\r')
            out += "%0D";
        else if (c == '\n')
            out += "%0A";
        else
            out += c;
    }
    return out;
}

std::string decode_bag_path(std::string_view encoded) {
    std::string out;
    out.reserve(encoded.size());
    for (std::size_t i = 0; i < encoded.size(); ++i) {
        if (encoded[i] == '%' && i + 2 < encoded.size()) {
            std::string code(encoded.substr(i + 1, 2));
            std::transform(code.begin(), code.end(), code.begin(),
                           [](unsigned char c) { return static_cast<char>(std::toupper(c)); });
            if (code == "25" || code == "0D" || code == "0A") {
                out += code == "25" ? '%' : code == "0D" ? '\r' : '\n';
                i += 2;
                continue;
            }
        }
        out += encoded[i];
    }
    return out;
}

std::string check_bag_path(std::string_view path) {
    if (path.empty()) return "an empty path";
    if (path.front() == '/') return "an absolute path";
    if (path.size() >= 2 && path[1] == ':') return "an absolute path (drive letter)";
    if (path.find('\\') != std::string_view::npos) return "a backslash in the path";
    for (const char ch : path) {
        const auto c = static_cast<unsigned char>(ch);
        if (c < 0x20 || c == 0x7f) return "a control character in the path";
    }
    std::size_t start = 0;
    while (start <= path.size()) {
        const std::size_t slash = std::min(path.find('/', start), path.size());
        const std::string_view part = path.substr(start, slash - start);
        if (part.empty()) return "an empty path component";
        if (part == "..") return "a '..' component (outside the bag)";
        if (part == ".") return "a '.' component";
        start = slash + 1;
    }
    return {};
}

std::string serialize_manifest(std::vector<ManifestEntry> entries) {
    std::sort(entries.begin(), entries.end(),
              [](const ManifestEntry& a, const ManifestEntry& b) { return a.path < b.path; });
    std::string out;
    for (const auto& e : entries)
        out += e.hex + "  " + encode_bag_path(e.path) + "\n";
    return out;
}

Result<std::vector<ManifestEntry>> parse_manifest(std::string_view text, std::size_t hex_digits,
                                                  const std::string& name) {
    std::vector<ManifestEntry> out;
    std::size_t line_no = 0;
    for (std::size_t pos = 0; pos < text.size();) {
        std::size_t nl = text.find('\n', pos);
        if (nl == std::string_view::npos) nl = text.size();
        std::string_view line = text.substr(pos, nl - pos);
        pos = nl + 1;
        ++line_no;
        if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
        if (line.empty()) continue;
        const auto bad = [&](const std::string& why) {
            return fail(Errc::evidence_invalid, name + " line " + std::to_string(line_no) + ": " + why);
        };
        if (line.size() < hex_digits + 2) return bad("expected '<checksum> <path>'");
        ManifestEntry e;
        e.hex = std::string(line.substr(0, hex_digits));
        for (char& c : e.hex) {
            if (!std::isxdigit(static_cast<unsigned char>(c))) return bad("the checksum is not hex");
            c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        }
        std::size_t i = hex_digits;
        if (line[i] != ' ' && line[i] != '\t') return bad("the checksum has the wrong length");
        while (i < line.size() && (line[i] == ' ' || line[i] == '\t'))
            ++i;
        if (i == line.size()) return bad("no path");
        e.path = decode_bag_path(line.substr(i));
        e.refusal = check_bag_path(e.path);
        out.push_back(std::move(e));
    }
    return out;
}

std::string serialize_bag_info(const BagInfo& info) {
    std::string out;
    for (const auto& [label, value] : info)
        out += label + ": " + value + "\n";
    return out;
}

Result<BagInfo> parse_bag_info(std::string_view text) {
    BagInfo out;
    std::size_t line_no = 0;
    for (std::size_t pos = 0; pos < text.size();) {
        std::size_t nl = text.find('\n', pos);
        if (nl == std::string_view::npos) nl = text.size();
        std::string_view line = text.substr(pos, nl - pos);
        pos = nl + 1;
        ++line_no;
        if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
        if (line.empty()) continue;
        if (line.front() == ' ' || line.front() == '\t') {
            if (out.empty()) return fail(Errc::evidence_invalid, "bag-info.txt line 1: a continuation with no label");
            out.back().second += " " + std::string(line.substr(line.find_first_not_of(" \t")));
            continue;
        }
        const std::size_t colon = line.find(':');
        if (colon == std::string_view::npos || colon == 0)
            return fail(Errc::evidence_invalid,
                        "bag-info.txt line " + std::to_string(line_no) + ": expected 'Label: value'");
        std::string_view value = line.substr(colon + 1);
        while (!value.empty() && (value.front() == ' ' || value.front() == '\t'))
            value.remove_prefix(1);
        out.emplace_back(std::string(line.substr(0, colon)), std::string(value));
    }
    return out;
}

std::string bag_info_value(const BagInfo& info, std::string_view label) {
    for (const auto& [l, v] : info)
        if (l == label) return v;
    return {};
}

}  // namespace kyso::archive
