#include <kyso/batch/batch.hpp>

#include <kyso/core/atomic_file.hpp>

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

Result<Bytes> read_file(const fs::path& path) {
    const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) return fail(Errc::io, "cannot open '" + path.string() + "': " + std::strerror(errno));
    struct stat st {};
    // Read straight into the result: one read for a file whose size fstat knows, then the read that
    // sees the end (the file may have grown meanwhile: keep reading until then).
    Bytes data(::fstat(fd, &st) == 0 && st.st_size > 0 ? static_cast<std::size_t>(st.st_size) + 1 : 1 << 16);
    std::size_t used = 0;
    while (true) {
        if (used == data.size()) data.resize(data.size() * 2);
        const ssize_t n = ::read(fd, data.data() + used, data.size() - used);
        if (n < 0 && errno == EINTR) continue;
        if (n < 0) {
            const int e = errno;
            ::close(fd);
            return fail(Errc::io, "cannot read '" + path.string() + "': " + std::strerror(e));
        }
        if (n == 0) break;
        used += static_cast<std::size_t>(n);
    }
    data.resize(used);
    ::close(fd);
    return data;
}

Result<void> write_atomically(const fs::path& path, ByteView data) {
    KYSO_TRY(AtomicFile file, AtomicFile::create(path));
    KYSO_CHECK(file.write(data));
    return file.commit(false);
}

std::size_t remove_stale_temporaries(const fs::path& dir) {
    std::size_t removed = 0;
    std::error_code ec;
    for (const auto& entry : fs::directory_iterator(dir, ec)) {
        const std::string name = entry.path().filename().string();
        const auto marker = name.find(kTemporaryMarker);
        if (name.empty() || name[0] != '.' || marker == std::string::npos) continue;
        const std::string rest = name.substr(marker + kTemporaryMarker.size());
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

fs::path timestamp_path(const fs::path& signed_file) {
    fs::path p = signed_file;
    p += ".tst";
    return p;
}

}  // namespace kyso::batch
