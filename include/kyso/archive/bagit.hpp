// kyso — the BagIt (RFC 8493) text files of an archive batch: manifests, tag manifests, bag-info.
#pragma once

#include <kyso/core/result.hpp>

#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace kyso::archive {

inline constexpr std::string_view kBagitTxt = "BagIt-Version: 1.0\nTag-File-Character-Encoding: UTF-8\n";

// RFC 8493 §2.1.3: in manifest paths CR, LF and '%' are written %0D, %0A and %25.
std::string encode_bag_path(std::string_view path);
std::string decode_bag_path(std::string_view encoded);

// Why a manifest path must not be opened (empty when it may): absolute, a backslash, a "." or ".."
// component, an empty component, a control character. Such paths are refused, never followed.
std::string check_bag_path(std::string_view path);

struct ManifestEntry {
    std::string hex;      // lowercase checksum
    std::string path;     // decoded, relative to the bag
    std::string refusal;  // set when the path is refused (check_bag_path)
};

// "<hex>  <encoded path>\n" lines sorted by path.
std::string serialize_manifest(std::vector<ManifestEntry> entries);
// `hex_digits`: 64 for sha256, 128 for sha512. A line that is not "<hex> <path>" fails the whole
// manifest (Errc::evidence_invalid, naming the line); a bad path is kept with its refusal.
Result<std::vector<ManifestEntry>> parse_manifest(std::string_view text, std::size_t hex_digits,
                                                  const std::string& name);

// bag-info.txt "Label: value" lines (RFC 8493 §2.2.2; continuation lines begin with whitespace).
using BagInfo = std::vector<std::pair<std::string, std::string>>;
std::string serialize_bag_info(const BagInfo& info);
Result<BagInfo> parse_bag_info(std::string_view text);
std::string bag_info_value(const BagInfo& info, std::string_view label);  // first match or ""

}  // namespace kyso::archive
