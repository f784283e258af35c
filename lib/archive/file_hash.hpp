// Streaming SHA-256 + SHA-512 of a file with a fixed buffer (private): archive files are hashed
// without reading them whole into memory.
#pragma once

#include <kyso/core/bytes.hpp>
#include <kyso/core/result.hpp>

#include <cstdint>
#include <filesystem>

namespace kyso::archive::detail {

struct FileDigests {
    Bytes sha256, sha512;
    std::uint64_t size = 0;
};

enum class FileState { ok, missing, unreadable };

struct HashOutcome {
    FileState state = FileState::ok;
    FileDigests digests;
    std::string problem;  // for unreadable: the I/O error in words
};

// ENOENT on the path itself is `missing`; any other error (permission, a directory in place of the
// file, a read error) is `unreadable` — an I/O error is never reported as a missing file.
HashOutcome hash_file(const std::filesystem::path& path);

// The whole of a small file (tag files, manifests, evidence), with the same missing/unreadable split.
struct ReadOutcome {
    FileState state = FileState::ok;
    Bytes data;
    std::string problem;
};
ReadOutcome read_small_file(const std::filesystem::path& path, std::uint64_t limit = 64u << 20);

}  // namespace kyso::archive::detail

namespace kyso::archive::detail {

// Writes a new file (O_EXCL) inside a directory being built; Errc::io naming the path on failure.
Result<void> write_new_file(const std::filesystem::path& path, ByteView data);

// Random bytes from the OpenSSL DRBG (salts, record and batch ids).
Bytes random_bytes(std::size_t n);

// The files of a bag, by their place in it (private).
inline constexpr const char* kBatchErs = "evidence/batch.ers";
inline constexpr const char* kLeavesBin = "evidence/leaves.bin";
inline constexpr const char* kIndex = "evidence/index";
inline constexpr const char* kEvents = "evidence/events.jsonl";
inline constexpr const char* kValidationData = "evidence/validation-data";
inline constexpr const char* kRecordsDir = "data/records";

}  // namespace kyso::archive::detail
