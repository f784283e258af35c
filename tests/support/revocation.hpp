// Revocation services for tests, run for real on 127.0.0.1: an OCSP responder that answers with
// OpenSSL's own responder code (testdata/ocsp_server.py), a CRL distribution point
// (testdata/crl_server.py), and a throwaway CA hierarchy made with the openssl CLI
// (testdata/revocation_pki.py) whose certificates point at them.
//
// Servers start first (ephemeral ports), then the PKI that names their URLs; both servers read the
// PKI's files per request, so issuing, revoking and publishing take effect at once:
//
//     TempDir tmp;
//     OcspServer ocsp(tmp / "pki");
//     CrlServer crl(RevocationPki::crl_dir_of(tmp / "pki"));
//     RevocationPki pki(tmp / "pki", ocsp.url(), crl.base_url());
//     auto leaf = pki.issue_leaf("alice", not_before, not_after);
//     pki.revoke("alice", when);                  // past or future
//     pki.publish_crls(this_update, next_update);  // ca.crl, root.crl
//
// RevocationServices does exactly that.
#pragma once

#include "support/fixtures.hpp"
#include "support/services.hpp"

#include <kyso/core/time.hpp>

#include <array>
#include <filesystem>
#include <string>
#include <string_view>

namespace kyso::test {

namespace fs = std::filesystem;

// The behaviours of OcspServer (testdata/ocsp_server.py), chosen at run time:
//   "normal"        signed by the delegated responder (extendedKeyUsage OCSPSigning, ocsp-nocheck),
//                   nonce echoed, nextUpdate = thisUpdate + 1 day
//   "ca-signed"     signed by the issuing CA's key itself
//   "unauthorized"  signed by a certificate of the same CA without id-kp-OCSPSigning
//   "unknown"       status unknown for every certificate
//   "try-later"     responseStatus tryLater (3), no responseBytes
//   "wrong-nonce"   valid signed response with a nonce other than the request's
//   "no-nonce"      valid signed response without a nonce
//   "stale"         nextUpdate = thisUpdate + 1 minute
//   "http-500"      HTTP 500        "garbage"  HTTP 200 with a body that is not DER
//   "slow"          sleeps 10 s, then answers as "normal"
inline constexpr std::array<std::string_view, 11> kOcspModes = {"normal",    "ca-signed",   "unauthorized", "unknown",
                                                                "try-later", "wrong-nonce", "no-nonce",     "stale",
                                                                "http-500",  "garbage",     "slow"};
// The behaviours of CrlServer: the file as it is, HTTP 500, HTTP 200 with a body that is not a CRL,
// the file after 10 s.
inline constexpr std::array<std::string_view, 4> kCrlModes = {"normal", "http-500", "garbage", "slow"};

// An RFC 6960 OCSP responder for the issuing CA of the RevocationPki in PKI_DIR (which may not exist
// yet: it is read per request; before the PKI is complete the answer is HTTP 500). Each request is
// answered by a fresh `openssl ocsp -index PKI_DIR/db/issuing/index.txt -reqin ...`. POST to url()
// (application/ocsp-request) or GET url() + "/" + url-encoded base64 of the request (RFC 6960 A.1).
// Start, stop and failure to start as ServerProcess.
class OcspServer {
public:
    explicit OcspServer(const fs::path& pki_dir);

    std::string url() const;  // "http://127.0.0.1:PORT/ocsp"
    int port() const { return m_server.port(); }
    // One of kOcspModes; takes effect from the next request on. Anything else throws
    // std::invalid_argument.
    void set_mode(std::string_view mode);
    // The server's stderr: one line per request with the mode, the serials asked about and the
    // statuses given.
    std::string log() const { return m_server.log(); }
    void stop() { m_server.stop(); }  // from now on url() refuses connections

private:
    TempDir m_state;  // port file, log, ocsp.mode
    ServerProcess m_server;
};

// Serves the files of CRL_DIR (read per request; the directory may be empty or not exist yet) at
// url(name), application/pkix-crl; 404 for a file that is not there.
class CrlServer {
public:
    explicit CrlServer(const fs::path& crl_dir);

    std::string base_url() const;                  // "http://127.0.0.1:PORT"
    std::string url(std::string_view file) const;  // base_url() + "/" + file
    int port() const { return m_server.port(); }
    void set_mode(std::string_view mode);  // one of kCrlModes, else std::invalid_argument
    std::string log() const { return m_server.log(); }
    void stop() { m_server.stop(); }  // "down": connections are refused

private:
    TempDir m_state;  // port file, log, crl.mode
    ServerProcess m_server;
};

// A throwaway CA hierarchy made by testdata/revocation_pki.py (the openssl CLI, never kyso's code):
//   root.{key,cert}.pem  "Kyso Revocation Test Root CA", RSA-2048, self-signed, 2000..2060
//   ca.{key,cert}.pem    "Kyso Revocation Test Issuing CA", RSA-2048, CRL distribution point
//                        CRL_BASE_URL/root.crl, no OCSP
//   ocsp.{key,cert}.pem   the delegated responder: RSA-2048, extendedKeyUsage OCSPSigning, ocsp-nocheck
//   ocsp-unauthorized.{key,cert}.pem   EC P-256, the same without extendedKeyUsage
//                        (both issued by the issuing CA, 2000..2060)
//   NAME.{key,cert,chain}.pem, NAME.p12   leaves of issue_leaf()
//   crl/ca.crl, crl/root.crl              the DER CRLs of publish_crls() (serve crl_dir())
//   db/openssl.cnf, db/{root,issuing}/index.txt   the `openssl ca` databases
// Every failure throws std::runtime_error with the script's message.
class RevocationPki {
public:
    // Makes the CA hierarchy in DIR (created if needed; must not hold a PKI already). Takes 1-3 s:
    // three RSA-2048 keys (root, issuing CA, responder), generated in parallel.
    RevocationPki(const fs::path& dir, std::string ocsp_url, std::string crl_base_url);

    struct Leaf {
        fs::path key, cert, chain, p12;  // PEM (PKCS#8), PEM, PEM (leaf + issuing CA), PKCS#12
        std::string serial_hex;          // upper-case hex, as openssl's index.txt writes it
    };
    static constexpr const char* kP12Password = "kyso-test";

    // A leaf of the issuing CA: EC P-256; subject C=VN, ST=Hà Nội, O=Bệnh viện Đa khoa Kyso,
    // CN=Bác sĩ Nguyễn Thị Hồng Nhung (NAME); keyUsage critical digitalSignature, nonRepudiation;
    // AIA OCSP -> ocsp_url and CRL distribution point -> crl_base_url + "/ca.crl", each optional;
    // with_ca_issuers: AIA caIssuers -> crl_base_url + "/ca.cer" (the issuing CA, DER).
    // NAME: letters, digits, '.', '_', '-'; not one of root, ca, ocsp, ocsp-unauthorized, crl, db.
    Leaf issue_leaf(const std::string& name, TimePoint not_before, TimePoint not_after, bool with_ocsp = true,
                    bool with_crl = true, bool with_ca_issuers = false);
    // A time-stamping unit of the issuing CA (keyUsage digitalSignature, extendedKeyUsage critical
    // timeStamping), with the same OCSP and CRL pointers as a leaf, and TSA_DIR/{tsa.key,tsa.cert,
    // ca.cert}.pem for TsaServer(TSA_DIR).
    Leaf issue_tsa(const std::string& name, TimePoint not_before, TimePoint not_after, const fs::path& tsa_dir);
    // Marks NAME revoked at WHEN (past or future; 1950..2049, openssl's index holds a UTCTime) with
    // REASON: an RFC 5280 CRLReason name (keyCompromise, CACompromise, affiliationChanged, superseded,
    // cessationOfOperation, certificateHold, removeFromCRL, unspecified) or "" for none. Revoking
    // again replaces time and reason. NAME "ca" revokes the issuing CA (published by root.crl).
    void revoke(const std::string& name, TimePoint when, std::string_view reason = "keyCompromise");
    // crl_dir()/ca.crl (the leaves, signed by the issuing CA) and crl_dir()/root.crl (the issuing CA,
    // signed by the root), DER, each with a new CRL number.
    void publish_crls(TimePoint this_update, TimePoint next_update);

    fs::path root_cert() const { return m_dir / "root.cert.pem"; }
    fs::path ca_cert() const { return m_dir / "ca.cert.pem"; }
    fs::path ocsp_cert() const { return m_dir / "ocsp.cert.pem"; }  // the delegated responder
    fs::path dir() const { return m_dir; }
    fs::path crl_dir() const { return crl_dir_of(m_dir); }
    static fs::path crl_dir_of(const fs::path& pki_dir) { return pki_dir / "crl"; }

private:
    std::string script(const std::string& args) const;  // runs revocation_pki.py; its stdout
    Leaf issue(const std::string& name, TimePoint not_before, TimePoint not_after, const std::string& flags);

    fs::path m_dir;
};

// The three above, set up in the right order in a private temporary directory.
struct RevocationServices {
    TempDir tmp;
    OcspServer ocsp{tmp / "pki"};
    CrlServer crl{RevocationPki::crl_dir_of(tmp / "pki")};
    RevocationPki pki{tmp / "pki", ocsp.url(), crl.base_url()};
};

}  // namespace kyso::test
