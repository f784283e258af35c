#include "archive/file_hash.hpp"

#include <openssl/evp.h>
#include <openssl/rand.h>

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <memory>
#include <stdexcept>
#include <sys/stat.h>
#include <unistd.h>

namespace kyso::archive::detail {

namespace {

using MdCtx = std::unique_ptr<EVP_MD_CTX, decltype(&EVP_MD_CTX_free)>;

const EVP_MD* fetched(const char* name) {
    // Fetched once per process (DESIGN.md: implicit fetches scale poorly across threads).
    static const std::unique_ptr<EVP_MD, decltype(&EVP_MD_free)> sha256(EVP_MD_fetch(nullptr, "SHA256", nullptr),
                                                                        &EVP_MD_free);
    static const std::unique_ptr<EVP_MD, decltype(&EVP_MD_free)> sha512(EVP_MD_fetch(nullptr, "SHA512", nullptr),
                                                                        &EVP_MD_free);
    const EVP_MD* md = std::strcmp(name, "SHA256") == 0 ? sha256.get() : sha512.get();
    if (!md) throw std::runtime_error(std::string(name) + " is not available from OpenSSL");
    return md;
}

class Fd {
public:
    explicit Fd(int fd) : m_fd(fd) {}
    ~Fd() {
        if (m_fd >= 0) ::close(m_fd);
    }
    Fd(const Fd&) = delete;
    Fd& operator=(const Fd&) = delete;
    int get() const { return m_fd; }

private:
    int m_fd;
};

// Opens a regular file for reading; sets state/problem on failure.
int open_regular(const std::filesystem::path& path, FileState& state, std::string& problem) {
    const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
    if (fd < 0) {
        const int err = errno;
        state = err == ENOENT ? FileState::missing : FileState::unreadable;
        problem = std::strerror(err);
        return -1;
    }
    struct stat st {};
    if (::fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
        ::close(fd);
        state = FileState::unreadable;
        problem = "not a regular file";
        return -1;
    }
    return fd;
}

}  // namespace

HashOutcome hash_file(const std::filesystem::path& path) {
    HashOutcome out;
    const Fd fd(open_regular(path, out.state, out.problem));
    if (fd.get() < 0) return out;
    MdCtx c256(EVP_MD_CTX_new(), &EVP_MD_CTX_free), c512(EVP_MD_CTX_new(), &EVP_MD_CTX_free);
    if (!c256 || !c512 || EVP_DigestInit_ex2(c256.get(), fetched("SHA256"), nullptr) != 1 ||
        EVP_DigestInit_ex2(c512.get(), fetched("SHA512"), nullptr) != 1)
        throw std::runtime_error("digest initialisation failed");
    static constexpr std::size_t kBuffer = 256 * 1024;
    const std::unique_ptr<std::uint8_t[]> buf(new std::uint8_t[kBuffer]);
    for (;;) {
        const ssize_t n = ::read(fd.get(), buf.get(), kBuffer);
        if (n < 0) {
            if (errno == EINTR) continue;
            out.state = FileState::unreadable;
            out.problem = std::strerror(errno);
            return out;
        }
        if (n == 0) break;
        EVP_DigestUpdate(c256.get(), buf.get(), static_cast<std::size_t>(n));
        EVP_DigestUpdate(c512.get(), buf.get(), static_cast<std::size_t>(n));
        out.digests.size += static_cast<std::uint64_t>(n);
    }
    out.digests.sha256.resize(32);
    out.digests.sha512.resize(64);
    unsigned len = 0;
    EVP_DigestFinal_ex(c256.get(), out.digests.sha256.data(), &len);
    EVP_DigestFinal_ex(c512.get(), out.digests.sha512.data(), &len);
    return out;
}

ReadOutcome read_small_file(const std::filesystem::path& path, std::uint64_t limit) {
    ReadOutcome out;
    const Fd fd(open_regular(path, out.state, out.problem));
    if (fd.get() < 0) return out;
    std::uint8_t buf[65536];
    for (;;) {
        const ssize_t n = ::read(fd.get(), buf, sizeof buf);
        if (n < 0) {
            if (errno == EINTR) continue;
            out.state = FileState::unreadable;
            out.problem = std::strerror(errno);
            return out;
        }
        if (n == 0) break;
        if (out.data.size() + static_cast<std::size_t>(n) > limit) {
            out.state = FileState::unreadable;
            out.problem = "larger than " + std::to_string(limit) + " bytes";
            return out;
        }
        out.data.insert(out.data.end(), buf, buf + n);
    }
    return out;
}

}  // namespace kyso::archive::detail

namespace kyso::archive::detail {

Result<void> write_new_file(const std::filesystem::path& path, ByteView data) {
    const Fd fd(::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644));
    if (fd.get() < 0) return fail(Errc::io, "cannot create '" + path.string() + "': " + std::strerror(errno));
    std::size_t done = 0;
    while (done < data.size()) {
        const ssize_t n = ::write(fd.get(), data.data() + done, data.size() - done);
        if (n < 0) {
            if (errno == EINTR) continue;
            return fail(Errc::io, "cannot write '" + path.string() + "': " + std::strerror(errno));
        }
        done += static_cast<std::size_t>(n);
    }
    return {};
}

Bytes random_bytes(std::size_t n) {
    Bytes out(n);
    if (RAND_bytes(out.data(), static_cast<int>(n)) != 1) throw std::runtime_error("the random generator failed");
    return out;
}

}  // namespace kyso::archive::detail
