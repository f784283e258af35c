// kyso — an output file that appears complete or not at all. It is written to an unnamed file
// (O_TMPFILE) in the directory of its final path and linked there on commit, so an abandoned or killed
// write leaves nothing behind. Where unnamed files are not available (no /proc, a file system without
// O_TMPFILE) it is written to a named temporary file beside the final path, renamed into place on
// commit and removed when abandoned.
#pragma once

#include <kyso/core/bytes.hpp>
#include <kyso/core/result.hpp>

#include <cstdint>
#include <filesystem>
#include <string_view>

namespace kyso {

// Named temporary files are ".NAME" + kTemporaryMarker + "PID-N".
inline constexpr std::string_view kTemporaryMarker = ".kyso-tmp-";

class AtomicFile {
public:
    // Creates the directory of `path` when needed and a fresh unnamed (or temporary) file in it.
    static Result<AtomicFile> create(const std::filesystem::path& path);
    AtomicFile(AtomicFile&& other) noexcept;
    AtomicFile& operator=(AtomicFile&&) = delete;
    AtomicFile(const AtomicFile&) = delete;
    ~AtomicFile();  // discards the file unless committed

    Result<void> write(ByteView data);
    Result<void> write_at(std::uint64_t offset, ByteView data);  // overwrite bytes already written
    std::uint64_t size() const { return m_size; }
    int fd() const { return m_fd; }
    // Puts the file in place, replacing an existing one atomically. sync: fsync first (single
    // outputs); otherwise writing back is only started, and batches sync the file system once at the end.
    Result<void> commit(bool sync);

private:
    AtomicFile(int fd, std::filesystem::path temporary, std::filesystem::path path)
        : m_fd(fd), m_temporary(std::move(temporary)), m_path(std::move(path)) {}
    Result<void> link_unnamed();
    int m_fd = -1;
    std::uint64_t m_size = 0;
    std::filesystem::path m_temporary;  // empty while the file is unnamed
    std::filesystem::path m_path;
    bool m_committed = false;
};

}  // namespace kyso
