// Test fixtures: the test PKI and private SoftHSM tokens, made by testdata/make-pki.sh and
// testdata/make-token.sh (the openssl CLI and SoftHSM tools, never kyso's own code).
#pragma once

#include <kyso/core/bytes.hpp>
#include <kyso/keys/signer.hpp>
#include <kyso/verify/context.hpp>

#include <filesystem>
#include <memory>
#include <string>
#include <string_view>

namespace kyso::test {

namespace fs = std::filesystem;

// A directory removed when the object dies.
class TempDir {
public:
    TempDir();
    ~TempDir();
    TempDir(const TempDir&) = delete;
    TempDir& operator=(const TempDir&) = delete;
    const fs::path& path() const { return m_path; }
    fs::path operator/(const std::string& name) const { return m_path / name; }

private:
    fs::path m_path;
};

// The shared test PKI of this process (made once).
const fs::path& pki_dir();
fs::path pki(const std::string& file);  // pki("hospital-rsa.p12")
inline constexpr const char* kP12Pass = "pass:kyso-test";
inline constexpr const char* kPin = "123456";
inline constexpr const char* kSoftHsm = "/usr/lib/softhsm/libsofthsm2.so";

// The process's private SoftHSM token directory (tokens "benhvien" and "khoa-noi"). SoftHSM reads its
// configuration once per process and kyso never finalises a module, so there is one per process (ctest
// runs every test case in its own process). Also prepares the fault-injecting proxy: its log of
// C_Login calls and the file whose existence means "token removed". Throws (the test fails, never
// skips) when SoftHSM cannot be set up.
class Token {
public:
    Token();
    const fs::path& dir() const { return m_dir.path(); }
    fs::path login_log() const { return m_dir.path() / "p11-calls.log"; }
    fs::path removed_flag() const { return m_dir.path() / "token-removed"; }
    std::size_t login_calls() const;  // lines in the proxy's C_Login log
    static std::string fault_module() { return KYSO_P11_FAULT_MODULE; }
    // "pkcs11:token=benhvien;object=OBJ?module-path=...&pin-value=123456"
    std::string uri(const std::string& object, const std::string& token = "benhvien",
                    const std::string& module = kSoftHsm, const std::string& pin = kPin) const;

private:
    TempDir m_dir;
};

const Token& token();

std::unique_ptr<keys::Signer> p12_signer(const std::string& name = "hospital-rsa");
verify::Context trust_context();  // root anchor + intermediate as untrusted

Bytes read(const fs::path& p);
void write(const fs::path& p, ByteView data);
std::string read_text(const fs::path& p);
Bytes sample_claims();  // ../shared/samples/claims-4750-sample.xml

// Runs a shell command; returns its exit status and captures stdout.
int run(const std::string& command, std::string* out = nullptr);

// Single-quotes a word for /bin/sh (for run()).
std::string sh(std::string_view s);
inline std::string sh(const std::string& s) {
    return sh(std::string_view(s));
}
inline std::string sh(const char* s) {
    return sh(std::string_view(s));
}
inline std::string sh(const fs::path& p) {
    return sh(std::string_view(p.string()));
}

}  // namespace kyso::test
