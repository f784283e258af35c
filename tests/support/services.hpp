// Network services for tests, run for real on 127.0.0.1: an RFC 3161 time-stamping authority
// (testdata/tsa_server.py, tokens made by `openssl ts -reply`). The OCSP responder and the CRL server
// are in support/revocation.hpp.
#pragma once

#include "support/fixtures.hpp"

#include <filesystem>
#include <string>
#include <string_view>
#include <sys/types.h>
#include <vector>

namespace kyso::test {

namespace fs = std::filesystem;

// One of the HTTP servers of testdata/ (built on testdata/servicelib.py) as a child process:
// `/usr/bin/python3 testdata/SCRIPT ARGS... --port-file DIR/port --port 0`, its stderr in
// DIR/<SCRIPT without .py>.log. The constructor returns once the server listens on its ephemeral
// 127.0.0.1 port and throws std::runtime_error (the test fails, never skips) if it cannot start within
// 10 s. stop() and the destructor stop it (SIGTERM, then SIGKILL) and reap it; the child also gets
// SIGTERM if the thread that started it dies first (PR_SET_PDEATHSIG), so create it on the test's own
// thread. DIR must outlive the object.
class ServerProcess {
public:
    ServerProcess(const std::string& script, const std::vector<std::string>& args, const fs::path& dir);
    ~ServerProcess();
    ServerProcess(const ServerProcess&) = delete;
    ServerProcess& operator=(const ServerProcess&) = delete;

    int port() const { return m_port; }
    bool running() const { return m_pid > 0; }
    std::string log() const;  // the server's stderr so far: one line per request
    void stop() noexcept;     // idempotent; the port stays known (and now refuses connections)

private:
    std::string m_script;
    fs::path m_log;
    pid_t m_pid = -1;
    int m_port = 0;
};

// testdata/tsa_server.py as a child process on an ephemeral 127.0.0.1 port, signing with
// PKI_DIR/tsa.{key,cert}.pem (chain ca.cert.pem). The constructor returns once the server listens
// and throws std::runtime_error (the test fails, never skips) if it cannot start within 10 s. The
// destructor stops (SIGTERM, then SIGKILL) and reaps it; the child also gets SIGTERM if the thread
// that started it dies first (PR_SET_PDEATHSIG), so create it on the test's own thread.
//
// Modes, chosen by URL path (see testdata/tsa_server.py):
//   ""                normal token, policy 1.3.6.1.4.1.99999.1.1, ESSCertIDv2 (SHA-256)
//   "reject"          TimeStampResp status rejection (2), failInfo badAlg
//   "wrong-imprint"   token over a different imprint      "wrong-nonce"  token with another nonce
//   "other-policy"    token under 1.3.6.1.4.1.99999.1.2
//   "noncritical-eku" signed by tsa-noncritical.cert.pem (extendedKeyUsage timeStamping not critical)
//   "wrong-esscertid" ESSCertIDv2 certHash does not match the signer (signature itself valid)
//   "no-esscertid"    no ESS signing-certificate attribute at all
//   "basic-auth"      normal, but 401 unless HTTP basic auth kTsaUser:kTsaPassword
//   "slow"            answers normally after 10 s           "http-500"  HTTP 500
class TsaServer {
public:
    explicit TsaServer(const fs::path& pki_dir);
    // "http://127.0.0.1:PORT/" + mode; mode may be given with or without its leading '/'.
    std::string url(std::string_view mode = "") const;
    int port() const { return m_server.port(); }
    std::string log() const { return m_server.log(); }  // the server's stderr so far: one line per request

    static constexpr const char* kPolicy = "1.3.6.1.4.1.99999.1.1";
    static constexpr const char* kOtherPolicy = "1.3.6.1.4.1.99999.1.2";
    static constexpr const char* kTsaUser = "kyso";
    static constexpr const char* kTsaPassword = "kyso-test";

private:
    TempDir m_dir;  // port file and log
    ServerProcess m_server;
};

}  // namespace kyso::test
