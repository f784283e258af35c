// kyso — an output file that appears complete or not at all: written to a temporary file beside its
// final path, flushed and renamed into place on commit, removed when abandoned.
#pragma once

#include <kyso/core/bytes.hpp>
#include <kyso/core/result.hpp>

#include <cstdint>
#include <filesystem>
#include <string_view>

namespace kyso {

// Temporary files are named ".NAME" + kTemporaryMarker + "PID-N".
inline constexpr std::string_view kTemporaryMarker = ".kyso-tmp-";

class AtomicFile {
public:
    // Creates the directory of `path` when needed and a fresh temporary file beside it.
    static Result<AtomicFile> create(const std::filesystem::path& path);
    AtomicFile(AtomicFile&& other) noexcept;
    AtomicFile& operator=(AtomicFile&&) = delete;
    AtomicFile(const AtomicFile&) = delete;
    ~AtomicFile();  // removes the temporary file unless committed

    Result<void> write(ByteView data);
    Result<void> write_at(std::uint64_t offset, ByteView data);  // overwrite bytes already written
    std::uint64_t size() const { return m_size; }
    int fd() const { return m_fd; }
    // sync: fsync before the rename (single outputs); batches sync the file system once instead.
    Result<void> commit(bool sync);

private:
    AtomicFile(int fd, std::filesystem::path temporary, std::filesystem::path path)
        : m_fd(fd), m_temporary(std::move(temporary)), m_path(std::move(path)) {}
    int m_fd = -1;
    std::uint64_t m_size = 0;
    std::filesystem::path m_temporary, m_path;
    bool m_committed = false;
};

}  // namespace kyso
