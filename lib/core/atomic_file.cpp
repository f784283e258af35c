#include <kyso/core/atomic_file.hpp>

#include <fcntl.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <cstdio>
#include <cstring>

namespace kyso {

namespace fs = std::filesystem;

namespace {

// An O_TMPFILE inode is given its name with linkat() through /proc/self/fd (open(2)); without /proc
// the named temporary file is used.
bool can_link_unnamed() {
    static const bool yes = ::access("/proc/self/fd", X_OK) == 0;
    return yes;
}

fs::path directory_of(const fs::path& path) {
    return path.has_parent_path() ? path.parent_path() : fs::path(".");
}

// A temporary name beside `path`: ".NAME.kyso-tmp-PID-N". The pid lets a later run recognise files of
// processes that died (batch::remove_stale_temporaries).
fs::path next_temporary(const fs::path& path) {
    static std::atomic<unsigned long> counter{0};
    return directory_of(path) / ("." + path.filename().string() + std::string(kTemporaryMarker) +
                                 std::to_string(::getpid()) + "-" + std::to_string(counter.fetch_add(1)));
}

// O_EXCL makes it ours alone; 0644 under the umask.
int open_named_temporary(const fs::path& path, fs::path& tmp) {
    for (int attempt = 0; attempt < 100; ++attempt) {
        tmp = next_temporary(path);
        const int fd = ::open(tmp.c_str(), O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
        if (fd >= 0 || errno != EEXIST) return fd;
    }
    return -1;
}

}  // namespace

Result<AtomicFile> AtomicFile::create(const fs::path& path) {
    const fs::path dir = directory_of(path);
    // The directory is created only when missing: in a batch it exists for every file but the first,
    // and asking first would cost a stat per file.
    bool made_directory = false;
    const auto make_directory = [&]() -> Result<bool> {
        if (errno != ENOENT || made_directory) return false;
        made_directory = true;
        std::error_code ec;
        fs::create_directories(dir, ec);
        if (ec) return fail(Errc::io, "cannot create directory '" + dir.string() + "': " + ec.message());
        return true;
    };
    // An unnamed file first: it has no directory entry until commit, so a killed process leaves
    // nothing behind, and the directory is locked once per output (the link) instead of twice
    // (create, rename), which matters when workers write into one directory.
    for (bool unnamed = can_link_unnamed(); unnamed;) {
        const int fd = ::open(dir.c_str(), O_RDWR | O_TMPFILE | O_CLOEXEC, 0644);
        if (fd >= 0) return AtomicFile(fd, {}, path);
        KYSO_TRY(const bool retry, make_directory());
        // EOPNOTSUPP, EISDIR (kernel without O_TMPFILE), or any other refusal: the named temporary
        // gives the same result or the error to report.
        unnamed = retry;
    }
    for (;;) {
        fs::path tmp;
        const int fd = open_named_temporary(path, tmp);
        if (fd >= 0) return AtomicFile(fd, std::move(tmp), path);
        KYSO_TRY(const bool retry, make_directory());
        if (!retry) break;
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
    if (!m_committed && !m_temporary.empty()) ::unlink(m_temporary.c_str());
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
    const auto failed = [&](const char* what) {
        return fail(Errc::io, std::string(what) + " '" + m_path.string() + "': " + std::strerror(errno));
    };
    if (sync && ::fsync(m_fd) != 0) return failed("cannot flush");
    // Without sync the caller makes the output durable later (a batch syncs its file system once at
    // the end): writing back starts now, so that the final sync waits for the last files only
    // instead of the whole batch. Advisory: where it is not supported nothing is lost.
    if (!sync) ::sync_file_range(m_fd, 0, 0, SYNC_FILE_RANGE_WRITE);
    const bool unnamed = m_temporary.empty();
    if (unnamed) KYSO_CHECK(link_unnamed());
    const int rc = ::close(m_fd);
    m_fd = -1;
    if (rc != 0) {
        const auto error = failed("cannot close");
        if (unnamed && m_temporary.empty()) ::unlink(m_path.c_str());  // linked as the output itself
        return error;
    }
    if (!m_temporary.empty() && ::rename(m_temporary.c_str(), m_path.c_str()) != 0)
        return failed("cannot move the output into place at");
    m_committed = true;
    m_temporary.clear();
    return {};
}

// Gives the unnamed file its final name. linkat() never replaces, so an existing output is replaced
// the usual way: the file is linked under a temporary name and renamed over it by commit().
Result<void> AtomicFile::link_unnamed() {
    char proc[32];
    std::snprintf(proc, sizeof proc, "/proc/self/fd/%d", m_fd);
    if (::linkat(AT_FDCWD, proc, AT_FDCWD, m_path.c_str(), AT_SYMLINK_FOLLOW) == 0) return {};
    if (errno != EEXIST)
        return fail(Errc::io,
                    "cannot move the output into place at '" + m_path.string() + "': " + std::strerror(errno));
    for (int attempt = 0; attempt < 100; ++attempt) {
        fs::path tmp = next_temporary(m_path);
        if (::linkat(AT_FDCWD, proc, AT_FDCWD, tmp.c_str(), AT_SYMLINK_FOLLOW) == 0) {
            m_temporary = std::move(tmp);
            return {};
        }
        if (errno != EEXIST) break;
    }
    return fail(Errc::io,
                "cannot create a temporary file in '" + directory_of(m_path).string() + "': " + std::strerror(errno));
}

}  // namespace kyso
