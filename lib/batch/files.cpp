#include <kyso/batch/batch.hpp>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <signal.h>

#include <atomic>
#include <cerrno>
#include <cstdlib>
#include <cstring>

namespace kyso::batch {

namespace fs = std::filesystem;

namespace {
constexpr const char* kTempMarker = ".kyso-tmp-";
}  // namespace

Result<Bytes> read_file(const fs::path& path) {
    const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) return fail(Errc::io, "cannot open '" + path.string() + "': " + std::strerror(errno));
    struct stat st {};
    Bytes data;
    if (::fstat(fd, &st) == 0 && st.st_size > 0) data.reserve(static_cast<std::size_t>(st.st_size));
    char buf[1 << 16];
    while (true) {
        const ssize_t n = ::read(fd, buf, sizeof buf);
        if (n < 0 && errno == EINTR) continue;
        if (n < 0) {
            const int e = errno;
            ::close(fd);
            return fail(Errc::io, "cannot read '" + path.string() + "': " + std::strerror(e));
        }
        if (n == 0) break;
        data.insert(data.end(), buf, buf + n);
    }
    ::close(fd);
    return data;
}

Result<void> write_atomically(const fs::path& path, ByteView data) {
    std::error_code ec;
    const fs::path dir = path.has_parent_path() ? path.parent_path() : fs::path(".");
    fs::create_directories(dir, ec);
    if (ec) return fail(Errc::io, "cannot create directory '" + dir.string() + "': " + ec.message());
    // The temporary file lives beside the output so that the rename is atomic (same file system). Its
    // name carries the pid (stale ones are recognised later) and a per-process counter; O_EXCL makes
    // it ours alone; mode 0644 under the umask, like any other file the user creates.
    static std::atomic<unsigned long> counter{0};
    std::string tmpl;
    int fd = -1;
    for (int attempt = 0; attempt < 100 && fd < 0; ++attempt) {
        tmpl = (dir / ("." + path.filename().string() + kTempMarker + std::to_string(::getpid()) + "-" +
                       std::to_string(counter.fetch_add(1))))
                   .string();
        fd = ::open(tmpl.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
        if (fd < 0 && errno != EEXIST) break;
    }
    if (fd < 0)
        return fail(Errc::io, "cannot create a temporary file in '" + dir.string() + "': " + std::strerror(errno));
    std::size_t done = 0;
    while (done < data.size()) {
        const ssize_t n = ::write(fd, data.data() + done, data.size() - done);
        if (n < 0 && errno == EINTR) continue;
        if (n < 0) {
            const int e = errno;
            ::close(fd);
            ::unlink(tmpl.c_str());
            return fail(Errc::io, "cannot write '" + path.string() + "': " + std::strerror(e));
        }
        done += static_cast<std::size_t>(n);
    }
    if (::close(fd) != 0 || ::rename(tmpl.c_str(), path.c_str()) != 0) {
        const int e = errno;
        ::unlink(tmpl.c_str());
        return fail(Errc::io, "cannot move the output into place at '" + path.string() + "': " + std::strerror(e));
    }
    return {};
}

std::size_t remove_stale_temporaries(const fs::path& dir) {
    std::size_t removed = 0;
    std::error_code ec;
    for (const auto& entry : fs::directory_iterator(dir, ec)) {
        const std::string name = entry.path().filename().string();
        const auto marker = name.find(kTempMarker);
        if (name.empty() || name[0] != '.' || marker == std::string::npos) continue;
        const std::string rest = name.substr(marker + std::strlen(kTempMarker));
        const auto dash = rest.find('-');
        if (dash == std::string::npos || dash == 0) continue;
        char* end = nullptr;
        const long pid = std::strtol(rest.c_str(), &end, 10);
        if (end != rest.c_str() + dash || pid <= 0) continue;
        // Only files of processes that are gone: a running kyso may be writing to the same directory.
        if (::kill(static_cast<pid_t>(pid), 0) == 0 || errno != ESRCH) continue;
        if (fs::remove(entry.path(), ec)) ++removed;
    }
    return removed;
}

}  // namespace kyso::batch
