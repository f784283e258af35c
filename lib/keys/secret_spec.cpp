#include <kyso/keys/signer.hpp>

#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <iostream>

namespace kyso::keys {

namespace {
// The first line, without its line ending, as OpenSSL's pass-phrase convention reads it.
std::string first_line(std::string text) {
    const auto eol = text.find_first_of("\r\n");
    if (eol != std::string::npos) {
        secure_wipe(text.data() + eol, text.size() - eol);
        text.resize(eol);
    }
    return text;
}

Result<SecretString> read_fd(int fd, const std::string& what) {
    std::string data;
    char buf[256];
    while (true) {
        const ssize_t n = ::read(fd, buf, sizeof buf);
        if (n < 0 && errno == EINTR) continue;
        if (n < 0) return fail(Errc::usage, "cannot read the secret from " + what + ": " + std::strerror(errno));
        if (n == 0) break;
        data.append(buf, static_cast<std::size_t>(n));
        if (data.find('\n') != std::string::npos) break;
    }
    secure_wipe(buf, sizeof buf);
    return SecretString(first_line(std::move(data)));
}
}  // namespace

Result<SecretString> resolve_secret_spec(std::string_view spec) {
    const auto colon = spec.find(':');
    const std::string kind(spec.substr(0, colon));
    const std::string arg = colon == std::string_view::npos ? std::string{} : std::string(spec.substr(colon + 1));
    if (kind == "pass" && colon != std::string_view::npos) return SecretString(arg);
    if (kind == "env" && colon != std::string_view::npos) {
        const char* v = std::getenv(arg.c_str());
        if (v == nullptr) return fail(Errc::pin_required, "environment variable " + arg + " is not set");
        return SecretString(v);
    }
    if (kind == "file" && colon != std::string_view::npos) {
        std::ifstream in(arg, std::ios::binary);
        if (!in) return fail(Errc::pin_required, "cannot read the secret file '" + arg + "'");
        std::string line;
        std::getline(in, line);
        return SecretString(first_line(std::move(line)));
    }
    if (kind == "fd" && colon != std::string_view::npos) {
        char* end = nullptr;
        const long fd = std::strtol(arg.c_str(), &end, 10);
        if (arg.empty() || *end != '\0' || fd < 0) return fail(Errc::usage, "bad descriptor in 'fd:" + arg + "'");
        return read_fd(static_cast<int>(fd), "descriptor " + arg);
    }
    if (spec == "stdin") return read_fd(0, "standard input");
    return fail(Errc::usage,
                "unknown secret source '" + std::string(spec) + "' (use pass:TEXT, env:VAR, file:PATH, fd:N or stdin)");
}

}  // namespace kyso::keys
