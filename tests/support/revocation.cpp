#include "support/revocation.hpp"

#include <algorithm>
#include <fstream>
#include <stdexcept>
#include <utility>

namespace kyso::test {

namespace {

constexpr const char* kPython = "/usr/bin/python3";

// Writes MODE into DIR/FILE through a rename: a request running at the same moment reads the old
// mode or the new one, never half a word.
template <std::size_t N>
void write_mode(const fs::path& dir, const char* file, std::string_view mode,
                const std::array<std::string_view, N>& modes) {
    if (std::find(modes.begin(), modes.end(), mode) == modes.end())
        throw std::invalid_argument("unknown " + std::string(file) + " mode '" + std::string(mode) + "'");
    const fs::path tmp = dir / (std::string(file) + ".tmp");
    {
        std::ofstream out(tmp, std::ios::trunc);
        out << mode << '\n';
        if (!out.flush()) throw std::runtime_error("cannot write " + tmp.string());
    }
    fs::rename(tmp, dir / file);
}

std::string epoch(TimePoint t) {
    return std::to_string(t.time_since_epoch().count());
}

}  // namespace

OcspServer::OcspServer(const fs::path& pki_dir)
    : m_server("ocsp_server.py", {"--pki", fs::absolute(pki_dir).string(), "--state", m_state.path().string()},
               m_state.path()) {}

std::string OcspServer::url() const {
    return "http://127.0.0.1:" + std::to_string(port()) + "/ocsp";
}

void OcspServer::set_mode(std::string_view mode) {
    write_mode(m_state.path(), "ocsp.mode", mode, kOcspModes);
}

CrlServer::CrlServer(const fs::path& crl_dir)
    : m_server("crl_server.py", {"--dir", fs::absolute(crl_dir).string(), "--state", m_state.path().string()},
               m_state.path()) {}

std::string CrlServer::base_url() const {
    return "http://127.0.0.1:" + std::to_string(port());
}

std::string CrlServer::url(std::string_view file) const {
    return base_url() + "/" + std::string(file);
}

void CrlServer::set_mode(std::string_view mode) {
    write_mode(m_state.path(), "crl.mode", mode, kCrlModes);
}

RevocationPki::RevocationPki(const fs::path& dir, std::string ocsp_url, std::string crl_base_url)
    : m_dir(fs::absolute(dir)) {
    fs::create_directories(m_dir);
    script("init " + sh(m_dir) + " --ocsp-url " + sh(ocsp_url) + " --crl-base-url " + sh(crl_base_url));
}

std::string RevocationPki::script(const std::string& args) const {
    const std::string cmd =
        std::string(kPython) + " " + sh(fs::path(KYSO_SOURCE_DIR) / "testdata" / "revocation_pki.py") + " " + args;
    std::string out;
    // stderr goes to a file so that stdout stays the script's answer alone.
    const fs::path err = m_dir / "db" / "last-error.txt";
    fs::create_directories(err.parent_path());
    if (run(cmd + " 2>" + sh(err), &out) != 0) {
        std::string message;
        try {
            message = read_text(err);
        } catch (const std::exception&) {
        }
        throw std::runtime_error("testdata/revocation_pki.py failed: " + cmd + "\n" + message);
    }
    return out;
}

RevocationPki::Leaf RevocationPki::issue_leaf(const std::string& name, TimePoint not_before, TimePoint not_after,
                                              bool with_ocsp, bool with_crl, bool with_ca_issuers) {
    return issue(name, not_before, not_after,
                 std::string(with_ocsp ? "" : " --no-ocsp") + (with_crl ? "" : " --no-crl") +
                     (with_ca_issuers ? " --ca-issuers" : ""));
}

RevocationPki::Leaf RevocationPki::issue_tsa(const std::string& name, TimePoint not_before, TimePoint not_after,
                                             const fs::path& tsa_dir) {
    Leaf leaf = issue(name, not_before, not_after, " --tsa");
    fs::create_directories(tsa_dir);
    fs::copy_file(leaf.key, tsa_dir / "tsa.key.pem", fs::copy_options::overwrite_existing);
    fs::copy_file(leaf.cert, tsa_dir / "tsa.cert.pem", fs::copy_options::overwrite_existing);
    fs::copy_file(ca_cert(), tsa_dir / "ca.cert.pem", fs::copy_options::overwrite_existing);
    return leaf;
}

RevocationPki::Leaf RevocationPki::issue(const std::string& name, TimePoint not_before, TimePoint not_after,
                                         const std::string& flags) {
    std::string serial = script("issue " + sh(m_dir) + " " + sh(name) + " --not-before " + epoch(not_before) +
                                " --not-after " + epoch(not_after) + flags);
    while (!serial.empty() && (serial.back() == '\n' || serial.back() == '\r'))
        serial.pop_back();
    if (serial.empty() || serial.find_first_not_of("0123456789ABCDEF") != std::string::npos)
        throw std::runtime_error("revocation_pki.py issue printed no serial number: '" + serial + "'");
    return Leaf{m_dir / (name + ".key.pem"), m_dir / (name + ".cert.pem"), m_dir / (name + ".chain.pem"),
                m_dir / (name + ".p12"), std::move(serial)};
}

void RevocationPki::revoke(const std::string& name, TimePoint when, std::string_view reason) {
    script("revoke " + sh(m_dir) + " " + sh(name) + " --time " + epoch(when) + " --reason " + sh(reason));
}

void RevocationPki::publish_crls(TimePoint this_update, TimePoint next_update) {
    script("crl " + sh(m_dir) + " --this-update " + epoch(this_update) + " --next-update " + epoch(next_update));
}

}  // namespace kyso::test
