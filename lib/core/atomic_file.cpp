#include <kyso/core/atomic_file.hpp>

#include <fcntl.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <cstring>

namespace kyso {

namespace fs = std::filesystem;

Result<AtomicFile> AtomicFile::create(const fs::path& path) {
    const fs::path dir = path.has_parent_path() ? path.parent_path() : fs::path(".");
    // Beside the output so that the rename is atomic (same file system); the pid lets a later run
    // recognise files of processes that died; O_EXCL makes it ours alone; 0644 under the umask.
    static std::atomic<unsigned long> counter{0};
    const std::string prefix =
        "." + path.filename().string() + std::string(kTemporaryMarker) + std::to_string(::getpid()) + "-";
    bool made_directory = false;
    for (int attempt = 0; attempt < 100; ++attempt) {
        fs::path tmp = dir / (prefix + std::to_string(counter.fetch_add(1)));
        const int fd = ::open(tmp.c_str(), O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
        if (fd >= 0) return AtomicFile(fd, std::move(tmp), path);
        // The directory is created only when missing: in a batch it exists for every file but the
        // first, and asking first would cost a stat per file.
        if (errno == ENOENT && !made_directory) {
            made_directory = true;
            std::error_code ec;
            fs::create_directories(dir, ec);
            if (ec) return fail(Errc::io, "cannot create directory '" + dir.string() + "': " + ec.message());
            continue;
        }
        if (errno != EEXIST) break;
    }
    return fail(Errc::io, "cannot create a temporary file in '" + dir.string() + "': " + std::strerror(errno));
}

AtomicFile::AtomicFile(AtomicFile&& other) noexcept
    : m_fd(other.m_fd),
      m_size(other.m_size),
      m_temporary(std::move(other.m_temporary)),
      m_path(std::move(other.m_path)),
      m_committed(other.m_committed) {
    other.m_fd = -1;
    other.m_committed = true;
}

AtomicFile::~AtomicFile() {
    if (m_fd >= 0) ::close(m_fd);
    if (!m_committed) ::unlink(m_temporary.c_str());
}

Result<void> AtomicFile::write(ByteView data) {
    std::size_t done = 0;
    while (done < data.size()) {
        const ssize_t n = ::write(m_fd, data.data() + done, data.size() - done);
        if (n < 0 && errno == EINTR) continue;
        if (n < 0) return fail(Errc::io, "cannot write '" + m_path.string() + "': " + std::strerror(errno));
        done += static_cast<std::size_t>(n);
    }
    m_size += data.size();
    return {};
}

Result<void> AtomicFile::write_at(std::uint64_t offset, ByteView data) {
    if (offset > m_size || data.size() > m_size - offset)
        return fail(Errc::internal, "write_at outside what was written to '" + m_path.string() + "'");
    std::size_t done = 0;
    while (done < data.size()) {
        const ssize_t n = ::pwrite(m_fd, data.data() + done, data.size() - done, static_cast<off_t>(offset + done));
        if (n < 0 && errno == EINTR) continue;
        if (n < 0) return fail(Errc::io, "cannot write '" + m_path.string() + "': " + std::strerror(errno));
        done += static_cast<std::size_t>(n);
    }
    return {};
}

Result<void> AtomicFile::commit(bool sync) {
    if (sync && ::fsync(m_fd) != 0)
        return fail(Errc::io, "cannot flush '" + m_path.string() + "': " + std::strerror(errno));
    const int rc = ::close(m_fd);
    m_fd = -1;
    if (rc != 0 || ::rename(m_temporary.c_str(), m_path.c_str()) != 0)
        return fail(Errc::io,
                    "cannot move the output into place at '" + m_path.string() + "': " + std::strerror(errno));
    m_committed = true;
    return {};
}

}  // namespace kyso
