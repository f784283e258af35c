#include "support/fixtures.hpp"

#include <gtest/gtest.h>

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <mutex>
#include <random>
#include <sstream>
#include <sys/wait.h>
#include <unistd.h>

namespace kyso::test {

TempDir::TempDir() {
    std::string tmpl = (fs::temp_directory_path() / "kyso-test-XXXXXX").string();
    if (::mkdtemp(tmpl.data()) == nullptr) throw std::runtime_error("mkdtemp failed");
    m_path = tmpl;
}
TempDir::~TempDir() {
    std::error_code ec;
    fs::remove_all(m_path, ec);
}

int run(const std::string& command, std::string* out) {
    FILE* p = ::popen(command.c_str(), "r");
    if (p == nullptr) return -1;
    std::string text;
    char buf[4096];
    std::size_t n = 0;
    while ((n = std::fread(buf, 1, sizeof buf, p)) > 0)
        text.append(buf, n);
    const int status = ::pclose(p);
    if (out) *out = std::move(text);
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

std::string sh(std::string_view s) {
    std::string out = "'";
    for (const char c : s) {
        if (c == '\'')
            out += "'\\''";
        else
            out += c;
    }
    return out + "'";
}

const fs::path& pki_dir() {
    // Shared by every test process of the build: make-pki.sh is idempotent and builds in a temporary
    // directory that it renames into place, so concurrent test processes are safe.
    static const fs::path dir = [] {
        const fs::path d = KYSO_TEST_PKI_DIR;
        const std::string cmd = "bash '" KYSO_SOURCE_DIR "/testdata/make-pki.sh' '" + d.string() + "' >/dev/null 2>&1";
        if (run(cmd) != 0) throw std::runtime_error("testdata/make-pki.sh failed");
        return d;
    }();
    return dir;
}

fs::path pki(const std::string& file) {
    return pki_dir() / file;
}

Token::Token() {
    const std::string cmd = "bash '" KYSO_SOURCE_DIR "/testdata/make-token.sh' '" + pki_dir().string() + "' '" +
                            (m_dir.path() / "t").string() + "' >/dev/null 2>&1";
    if (run(cmd) != 0) throw std::runtime_error("testdata/make-token.sh failed: SoftHSM could not be set up");
    ::setenv("SOFTHSM2_CONF", (m_dir.path() / "t" / "softhsm2.conf").c_str(), 1);
    ::setenv("KYSO_FAULT_MODULE", kSoftHsm, 1);
    ::setenv("KYSO_FAULT_LOG", login_log().c_str(), 1);
    ::setenv("KYSO_FAULT_REMOVED_FILE", removed_flag().c_str(), 1);
}

std::size_t Token::login_calls() const {
    std::ifstream in(login_log());
    std::size_t n = 0;
    for (std::string line; std::getline(in, line);)
        if (line.rfind("C_Login", 0) == 0) ++n;
    return n;
}

const Token& token() {
    static const Token t;
    return t;
}

std::string Token::uri(const std::string& object, const std::string& token, const std::string& module,
                       const std::string& pin) const {
    return "pkcs11:token=" + token + ";object=" + object + "?module-path=" + module + "&pin-value=" + pin;
}

std::unique_ptr<keys::Signer> p12_signer(const std::string& name) {
    keys::OpenOptions o;
    o.passphrase_spec = kP12Pass;
    auto s = keys::open_signer("p12:" + pki(name + ".p12").string(), o);
    if (!s) throw std::runtime_error("cannot open test PKCS#12: " + s.error().message);
    return std::move(*s);
}

verify::Context trust_context() {
    verify::Context c;
    auto root = keys::Certificate::load_file(pki("root.cert.pem").string());
    auto ca = keys::Certificate::load_file(pki("ca.cert.pem").string());
    if (!root || !ca) throw std::runtime_error("cannot load the test PKI");
    c.trust_anchors = *root;
    c.untrusted = *ca;
    return c;
}

Bytes read(const fs::path& p) {
    std::ifstream in(p, std::ios::binary);
    if (!in) throw std::runtime_error("cannot read " + p.string());
    std::stringstream ss;
    ss << in.rdbuf();
    const std::string s = ss.str();
    return Bytes(s.begin(), s.end());
}

std::string read_text(const fs::path& p) {
    const Bytes b = read(p);
    return std::string(b.begin(), b.end());
}

void write(const fs::path& p, ByteView data) {
    fs::create_directories(p.parent_path());
    std::ofstream out(p, std::ios::binary);
    out.write(reinterpret_cast<const char*>(data.data()), static_cast<std::streamsize>(data.size()));
}

Bytes sample_claims() {
    return read(fs::path(KYSO_SAMPLES_DIR) / "claims-4750-sample.xml");
}

}  // namespace kyso::test
