// kyso — record.manifest: the RFC 4998 data object of one archived record. Canonical UTF-8 text with LF
// line ends:
//   kyso-record-manifest 1
//   salt <64 lowercase hex: 32 random bytes>
//   file <sha256 hex> <sha512 hex> <size decimal> <name>      (one per file, sorted by name bytewise)
// The salt makes the record's leaf hash unguessable, so an exported proof for one patient's record
// reveals nothing usable about its neighbours in the batch.
#pragma once

#include <kyso/core/bytes.hpp>
#include <kyso/core/result.hpp>

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace kyso::archive {

inline constexpr std::string_view kRecordManifestName = "record.manifest";

struct ManifestFile {
    std::string name;  // a base name (see check_file_name)
    Bytes sha256;      // 32 bytes
    Bytes sha512;      // 64 bytes
    std::uint64_t size = 0;
};

struct RecordManifest {
    Bytes salt;  // 32 bytes
    std::vector<ManifestFile> files;
};

// Why `name` may not be a file name inside a record (empty when it may): it must be 1..255 bytes of
// valid UTF-8 without '/', '\\', control characters or "..", and not be "record.manifest".
std::string check_file_name(std::string_view name);

// The canonical text (files sorted by name).
std::string serialize_record_manifest(const RecordManifest& manifest);

// Strict parsing: exactly the canonical form (header, lowercase hex, sorted unique names, final LF).
// Errc::evidence_invalid with the line and the reason.
Result<RecordManifest> parse_record_manifest(std::string_view text);

// Lowercase hex of exactly `bytes` bytes; nothing else accepted.
Result<Bytes> parse_lower_hex(std::string_view text, std::size_t bytes);

}  // namespace kyso::archive
