// The revocation test services (support/revocation.hpp: testdata/ocsp_server.py, crl_server.py,
// revocation_pki.py), checked with independent tools only: `openssl ocsp` as the client,
// `openssl crl`, `openssl verify`, `openssl x509` and curl, never kyso's own code.
#include "support/fixtures.hpp"
#include "support/revocation.hpp"

#include <gtest/gtest.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

using namespace kyso;
using namespace std::chrono_literals;
using test::CrlServer;
using test::OcspServer;
using test::RevocationPki;
using test::sh;

namespace {

TimePoint now() {
    return std::chrono::floor<std::chrono::seconds>(std::chrono::system_clock::now());
}

TimePoint at(int year, int month, int day, int hour, int minute, int second) {
    std::tm tm{};
    tm.tm_year = year - 1900;
    tm.tm_mon = month - 1;
    tm.tm_mday = day;
    tm.tm_hour = hour;
    tm.tm_min = minute;
    tm.tm_sec = second;
    return TimePoint(std::chrono::seconds(::timegm(&tm)));
}

// T as openssl prints an ASN1_TIME: "Jan  2 03:04:05 2026 GMT".
std::string openssl_time(TimePoint t) {
    const std::time_t tt = t.time_since_epoch().count();
    std::tm tm{};
    ::gmtime_r(&tt, &tm);
    char buf[64];
    std::strftime(buf, sizeof buf, "%b %e %H:%M:%S %Y GMT", &tm);
    return buf;
}

// The rest of the line after LABEL in TEXT ("" when absent).
std::string field(const std::string& text, std::string_view label) {
    const auto pos = text.find(label);
    if (pos == std::string::npos) return {};
    const auto start = pos + label.size();
    return text.substr(start, text.find('\n', start) - start);
}

// An openssl time back to a TimePoint; throws when TEXT is not one.
TimePoint parse_openssl_time(const std::string& text) {
    std::tm tm{};
    const char* end = ::strptime(text.c_str(), "%b %d %H:%M:%S %Y GMT", &tm);
    if (end == nullptr || *end != '\0') throw std::runtime_error("not an openssl time: '" + text + "'");
    return TimePoint(std::chrono::seconds(::timegm(&tm)));
}

bool contains(const std::string& text, std::string_view what) {
    return text.find(what) != std::string::npos;
}

class RevocationInfraTest : public ::testing::Test {
protected:
    RevocationPki& pki() { return m_services.pki; }
    OcspServer& ocsp() { return m_services.ocsp; }
    CrlServer& crl() { return m_services.crl; }

    RevocationPki::Leaf leaf(const std::string& name, bool with_ocsp = true, bool with_crl = true) {
        return pki().issue_leaf(name, now() - 24h, now() + 24h * 365, with_ocsp, with_crl);
    }

    // `openssl ocsp` as the client, against the server's URL: its exit status; stdout+stderr in OUT.
    int ocsp_check(const RevocationPki::Leaf& l, std::string* out, const std::string& extra = "") {
        return test::run("openssl ocsp -issuer " + sh(pki().ca_cert()) + " -cert " + sh(l.cert) + " -url " +
                             sh(ocsp().url()) + " -CAfile " + sh(pki().root_cert()) +
                             " -no_proxy 127.0.0.1 -timeout 5 -resp_text " + extra + " 2>&1",
                         out);
    }

    // curl, never through a proxy: the HTTP status (0 when there was none) and curl's exit status.
    struct Http {
        int status = 0;
        int curl_exit = 0;
    };
    Http curl(const std::string& options, const std::string& url, const test::fs::path& body_out) {
        std::string out;
        Http h;
        h.curl_exit = test::run("curl -sS --noproxy '*' " + options + " -o " + sh(body_out) + " -w '%{http_code}' " +
                                    sh(url) + " 2>/dev/null",
                                &out);
        h.status = std::atoi(out.c_str());
        return h;
    }

    std::string crl_text(const test::fs::path& der) {
        std::string out;
        EXPECT_EQ(test::run("openssl crl -inform DER -in " + sh(der) + " -noout -text 2>&1", &out), 0) << out;
        return out;
    }

    std::string cert_text(const test::fs::path& pem) {
        std::string out;
        EXPECT_EQ(test::run("openssl x509 -in " + sh(pem) + " -noout -text -nameopt utf8,sep_comma_plus 2>&1", &out), 0)
            << out;
        return out;
    }

    test::TempDir m_tmp;
    test::RevocationServices m_services;
};

TEST_F(RevocationInfraTest, CertificatesNameTheServices) {
    const auto l = leaf("alice");
    const std::string text = cert_text(l.cert);
    EXPECT_TRUE(contains(text, "CN=Bác sĩ Nguyễn Thị Hồng Nhung (alice)")) << text;
    EXPECT_TRUE(contains(text, "O=Bệnh viện Đa khoa Kyso")) << text;
    EXPECT_TRUE(contains(text, "X509v3 Key Usage: critical\n                Digital Signature, Non Repudiation"))
        << text;
    EXPECT_TRUE(contains(text, "OCSP - URI:" + ocsp().url() + "\n")) << text;
    EXPECT_TRUE(contains(text, "URI:" + crl().url("ca.crl") + "\n")) << text;
    std::string serial;
    ASSERT_EQ(test::run("openssl x509 -in " + sh(l.cert) + " -noout -serial", &serial), 0);
    EXPECT_EQ(serial, "serial=" + l.serial_hex + "\n");

    // The chain verifies to the root; the PKCS#12 opens with its password and holds leaf + CA.
    std::string out;
    EXPECT_EQ(test::run("openssl verify -CAfile " + sh(pki().root_cert()) + " -untrusted " + sh(l.chain) + " " +
                            sh(l.cert) + " 2>&1",
                        &out),
              0)
        << out;
    EXPECT_EQ(test::run("openssl pkcs12 -in " + sh(l.p12) + " -passin pass:" + RevocationPki::kP12Password +
                            " -nokeys -nodes 2>/dev/null | grep -c 'BEGIN CERTIFICATE'",
                        &out),
              0);
    EXPECT_EQ(out, "2\n");
    EXPECT_NE(test::run("openssl pkcs12 -in " + sh(l.p12) + " -passin pass:wrong -nokeys >/dev/null 2>&1"), 0);
    EXPECT_EQ(test::run("openssl pkey -in " + sh(l.key) + " -noout -text 2>&1 | grep -q 'NIST CURVE: P-256'"), 0);

    // The issuing CA: CRL distribution point root.crl, no OCSP. The responder: OCSPSigning + nocheck.
    const std::string ca = cert_text(pki().ca_cert());
    EXPECT_TRUE(contains(ca, "URI:" + crl().url("root.crl") + "\n")) << ca;
    EXPECT_FALSE(contains(ca, "Authority Information Access")) << ca;
    const std::string responder = cert_text(pki().ocsp_cert());
    EXPECT_TRUE(contains(responder, "X509v3 Extended Key Usage: \n                OCSP Signing")) << responder;
    EXPECT_TRUE(contains(responder, "OCSP No Check")) << responder;
    const std::string unauthorized = cert_text(pki().dir() / "ocsp-unauthorized.cert.pem");
    EXPECT_FALSE(contains(unauthorized, "Extended Key Usage")) << unauthorized;
    EXPECT_TRUE(contains(unauthorized, "Issuer: CN=Kyso Revocation Test Issuing CA")) << unauthorized;

    // Leaves without OCSP or CRL pointers.
    const std::string bare = cert_text(leaf("bare", false, false).cert);
    EXPECT_FALSE(contains(bare, "Authority Information Access")) << bare;
    EXPECT_FALSE(contains(bare, "CRL Distribution Points")) << bare;
    const std::string crl_only = cert_text(leaf("crl-only", false, true).cert);
    EXPECT_FALSE(contains(crl_only, "Authority Information Access")) << crl_only;
    EXPECT_TRUE(contains(crl_only, "URI:" + crl().url("ca.crl"))) << crl_only;
    const std::string ocsp_only = cert_text(leaf("ocsp-only", true, false).cert);
    EXPECT_TRUE(contains(ocsp_only, "OCSP - URI:" + ocsp().url())) << ocsp_only;
    EXPECT_FALSE(contains(ocsp_only, "CRL Distribution Points")) << ocsp_only;

    EXPECT_THROW(leaf("alice"), std::runtime_error);    // exists already
    EXPECT_THROW(leaf("ocsp"), std::runtime_error);     // reserved
    EXPECT_THROW(leaf("../evil"), std::runtime_error);  // not a file name
    EXPECT_THROW(pki().revoke("nobody", now()), std::runtime_error);
    EXPECT_THROW(pki().revoke("alice", now(), "bored"), std::runtime_error);
    EXPECT_THROW(pki().revoke("alice", at(2050, 1, 1, 0, 0, 0)), std::runtime_error);  // no UTCTime
}

TEST_F(RevocationInfraTest, GoodThenRevokedWithTheChosenTimeAndReason) {
    const auto l = leaf("alice");
    std::string out;
    ASSERT_EQ(ocsp_check(l, &out), 0) << out << ocsp().log();
    EXPECT_TRUE(contains(out, "Response verify OK")) << out;
    EXPECT_TRUE(contains(out, l.cert.string() + ": good\n")) << out;
    EXPECT_TRUE(contains(out, "Responder Id: CN = Kyso Revocation Test OCSP Responder")) << out;
    EXPECT_TRUE(contains(out, "OCSP Nonce:")) << out;
    EXPECT_FALSE(contains(out, "WARNING: no nonce")) << out;
    const TimePoint this_update = parse_openssl_time(field(out, "\tThis Update: "));
    const TimePoint next_update = parse_openssl_time(field(out, "\tNext Update: "));
    EXPECT_LE(std::chrono::abs(this_update - now()), 60s);
    EXPECT_EQ(next_update - this_update, 24h);
    EXPECT_TRUE(
        contains(ocsp().log(), "mode=normal serials [" + l.serial_hex + "] -> successful [" + l.serial_hex + " good]"))
        << ocsp().log();

    // The index is read per request: the revocation counts at once, with exactly the time and reason chosen.
    const TimePoint when = at(2026, 3, 4, 5, 6, 7);
    pki().revoke("alice", when, "affiliationChanged");
    ASSERT_EQ(ocsp_check(l, &out), 0) << out << ocsp().log();
    EXPECT_TRUE(contains(out, l.cert.string() + ": revoked\n")) << out;
    EXPECT_EQ(field(out, "\tReason: "), "affiliationChanged") << out;
    EXPECT_EQ(field(out, "\tRevocation Time: "), openssl_time(when)) << out;
    EXPECT_EQ(field(out, "\tRevocation Time: "), "Mar  4 05:06:07 2026 GMT") << out;
    EXPECT_TRUE(contains(ocsp().log(), "-> successful [" + l.serial_hex + " revoked]")) << ocsp().log();

    // Revoking again replaces time and reason; "" gives no reason at all.
    const TimePoint earlier = now() - 24h * 40;
    pki().revoke("alice", earlier, "");
    ASSERT_EQ(ocsp_check(l, &out), 0) << out;
    EXPECT_TRUE(contains(out, ": revoked\n")) << out;
    EXPECT_EQ(field(out, "\tRevocation Time: "), openssl_time(earlier)) << out;
    EXPECT_FALSE(contains(out, "\tReason: ")) << out;
}

TEST_F(RevocationInfraTest, RevocationInTheFutureIsReportedAsSuch) {
    const auto l = leaf("future");
    const TimePoint when = now() + 24h * 30;
    pki().revoke("future", when, "superseded");
    std::string out;
    ASSERT_EQ(ocsp_check(l, &out), 0) << out << ocsp().log();
    EXPECT_TRUE(contains(out, ": revoked\n")) << out;
    EXPECT_EQ(field(out, "\tRevocation Time: "), openssl_time(when)) << out;
    EXPECT_EQ(field(out, "\tReason: "), "superseded") << out;
    EXPECT_GT(parse_openssl_time(field(out, "\tRevocation Time: ")), parse_openssl_time(field(out, "\tThis Update: ")));
}

TEST_F(RevocationInfraTest, SignedModes) {
    const auto l = leaf("alice");
    std::string out;

    ocsp().set_mode("ca-signed");
    ASSERT_EQ(ocsp_check(l, &out), 0) << out << ocsp().log();
    EXPECT_TRUE(contains(out, "Response verify OK")) << out;
    EXPECT_TRUE(contains(out, "Responder Id: CN = Kyso Revocation Test Issuing CA")) << out;
    EXPECT_TRUE(contains(out, ": good\n")) << out;

    ocsp().set_mode("unauthorized");
    EXPECT_NE(ocsp_check(l, &out), 0) << out;
    EXPECT_TRUE(contains(out, "Response Verify Failure")) << out;
    EXPECT_TRUE(contains(out, "missing ocspsigning usage")) << out;
    EXPECT_TRUE(contains(out, "Responder Id: CN = Kyso Revocation Test Responder without OCSPSigning")) << out;
    // Only the signer is wrong: without signature checks the status is there.
    EXPECT_EQ(ocsp_check(l, &out, "-noverify"), 0) << out;
    EXPECT_TRUE(contains(out, ": good\n")) << out;

    ocsp().set_mode("unknown");
    ASSERT_EQ(ocsp_check(l, &out), 0) << out;
    EXPECT_TRUE(contains(out, "Response verify OK")) << out;
    EXPECT_TRUE(contains(out, l.cert.string() + ": unknown\n")) << out;

    ocsp().set_mode("wrong-nonce");
    EXPECT_NE(ocsp_check(l, &out), 0) << out;
    EXPECT_TRUE(contains(out, "Nonce Verify error")) << out;
    // A request without a nonce still gets one back.
    ASSERT_EQ(ocsp_check(l, &out, "-no_nonce"), 0) << out;
    EXPECT_TRUE(contains(out, "OCSP Nonce:")) << out;
    EXPECT_TRUE(contains(out, ": good\n")) << out;

    ocsp().set_mode("no-nonce");
    ASSERT_EQ(ocsp_check(l, &out), 0) << out;
    EXPECT_TRUE(contains(out, "WARNING: no nonce in response")) << out;
    EXPECT_FALSE(contains(out, "OCSP Nonce:")) << out;
    EXPECT_TRUE(contains(out, "Response verify OK")) << out;

    ocsp().set_mode("stale");
    ASSERT_EQ(ocsp_check(l, &out), 0) << out;
    EXPECT_EQ(parse_openssl_time(field(out, "\tNext Update: ")) - parse_openssl_time(field(out, "\tThis Update: ")),
              60s)
        << out;
    EXPECT_TRUE(contains(out, ": good\n")) << out;

    ocsp().set_mode("normal");
    ASSERT_EQ(ocsp_check(l, &out), 0) << out;
    EXPECT_TRUE(contains(out, "Responder Id: CN = Kyso Revocation Test OCSP Responder")) << out;

    const std::string log = ocsp().log();
    for (const char* mode : {"ca-signed", "unauthorized", "unknown", "wrong-nonce", "no-nonce", "stale", "normal"})
        EXPECT_TRUE(contains(log, std::string("mode=") + mode + " serials [" + l.serial_hex + "]")) << mode << log;
    EXPECT_TRUE(
        contains(log, "mode=unknown serials [" + l.serial_hex + "] -> successful [" + l.serial_hex + " unknown]"))
        << log;
}

TEST_F(RevocationInfraTest, UnsignedFaultModes) {
    const auto l = leaf("alice");
    std::string out;

    ocsp().set_mode("try-later");
    EXPECT_NE(ocsp_check(l, &out), 0) << out;
    EXPECT_TRUE(contains(out, "Responder Error: trylater (3)")) << out;

    ocsp().set_mode("http-500");
    EXPECT_NE(ocsp_check(l, &out), 0) << out;
    EXPECT_TRUE(contains(out, "code=500")) << out;

    ocsp().set_mode("garbage");
    EXPECT_NE(ocsp_check(l, &out), 0) << out;
    EXPECT_TRUE(contains(out, "Error querying OCSP responder")) << out;

    // The same with curl: HTTP statuses, and bodies that are (not) DER.
    const auto req = m_tmp / "req.der";
    ASSERT_EQ(test::run("openssl ocsp -issuer " + sh(pki().ca_cert()) + " -cert " + sh(l.cert) + " -reqout " + sh(req) +
                        " >/dev/null 2>&1"),
              0);
    const std::string post = "--data-binary @" + sh(req) + " -H 'Content-Type: application/ocsp-request'";
    const auto body = m_tmp / "body";
    EXPECT_EQ(curl(post, ocsp().url(), body).status, 200);
    EXPECT_NE(test::run("openssl asn1parse -inform DER -in " + sh(body) + " >/dev/null 2>&1"), 0);
    ocsp().set_mode("try-later");
    EXPECT_EQ(curl(post, ocsp().url(), body).status, 200);
    EXPECT_EQ(test::read(body), (Bytes{0x30, 0x03, 0x0a, 0x01, 0x03}));
    ocsp().set_mode("http-500");
    EXPECT_EQ(curl(post, ocsp().url(), body).status, 500);
    ocsp().set_mode("normal");
    EXPECT_EQ(curl(post, ocsp().url(), body).status, 200);
    EXPECT_EQ(test::run("openssl asn1parse -inform DER -in " + sh(body) + " >/dev/null 2>&1"), 0);
    EXPECT_EQ(curl("--data-binary @" + sh(req) + " -H 'Content-Type: text/plain'", ocsp().url(), body).status, 415);
    EXPECT_EQ(curl(post, "http://127.0.0.1:" + std::to_string(ocsp().port()) + "/other", body).status, 404);

    const std::string log = ocsp().log();
    EXPECT_TRUE(contains(log, "\"POST /ocsp HTTP/1.0\" 200 - mode=try-later -> tryLater")) << log;
    EXPECT_TRUE(contains(log, "\"POST /ocsp HTTP/1.0\" 500 - mode=http-500")) << log;
    EXPECT_TRUE(contains(log, "\"POST /ocsp HTTP/1.0\" 200 - mode=garbage")) << log;

    EXPECT_THROW(ocsp().set_mode("no-such-mode"), std::invalid_argument);
    EXPECT_THROW(crl().set_mode("try-later"), std::invalid_argument);
}

TEST_F(RevocationInfraTest, GetRequestsPerRfc6960AppendixA) {
    const auto l = leaf("alice");
    pki().revoke("alice", at(2025, 12, 31, 23, 59, 59), "keyCompromise");
    const auto req = m_tmp / "req.der";
    ASSERT_EQ(test::run("openssl ocsp -issuer " + sh(pki().ca_cert()) + " -cert " + sh(l.cert) + " -no_nonce -reqout " +
                        sh(req) + " >/dev/null 2>&1"),
              0);
    std::string b64;
    ASSERT_EQ(test::run("openssl base64 -A -in " + sh(req), &b64), 0);
    std::string encoded;  // url-encoded: '+', '/' and '=' of base64 are reserved in a path segment
    for (const char c : b64) {
        if (c == '+')
            encoded += "%2B";
        else if (c == '/')
            encoded += "%2F";
        else if (c == '=')
            encoded += "%3D";
        else if (c != '\n')
            encoded += c;
    }
    const auto resp = m_tmp / "resp.der";
    ASSERT_EQ(curl("", ocsp().url() + "/" + encoded, resp).status, 200) << ocsp().log();
    std::string out;
    ASSERT_EQ(test::run("openssl ocsp -respin " + sh(resp) + " -issuer " + sh(pki().ca_cert()) + " -cert " +
                            sh(l.cert) + " -CAfile " + sh(pki().root_cert()) + " -no_nonce 2>&1",
                        &out),
              0)
        << out;
    EXPECT_TRUE(contains(out, "Response verify OK")) << out;
    EXPECT_TRUE(contains(out, ": revoked\n")) << out;
    EXPECT_EQ(field(out, "\tRevocation Time: "), "Dec 31 23:59:59 2025 GMT") << out;
    EXPECT_TRUE(contains(ocsp().log(), "\"GET /ocsp/")) << ocsp().log();
    // Not base64: a malformedRequest (1) OCSPResponse.
    ASSERT_EQ(curl("", ocsp().url() + "/%21%21%21", resp).status, 200);
    EXPECT_EQ(test::read(resp), (Bytes{0x30, 0x03, 0x0a, 0x01, 0x01}));
}

TEST_F(RevocationInfraTest, SlowAnswersAfterTenSeconds) {
    const auto l = leaf("alice");
    ocsp().set_mode("slow");
    std::string out;
    const auto start = std::chrono::steady_clock::now();
    EXPECT_NE(ocsp_check(l, &out, "-timeout 1"), 0) << out;  // the client gives up after 1 s
    EXPECT_LT(std::chrono::steady_clock::now() - start, 8s);
    // A patient client gets the normal answer after ~10 s.
    const auto req = m_tmp / "req.der";
    ASSERT_EQ(test::run("openssl ocsp -issuer " + sh(pki().ca_cert()) + " -cert " + sh(l.cert) + " -reqout " + sh(req) +
                        " >/dev/null 2>&1"),
              0);
    const auto resp = m_tmp / "resp.der";
    const auto sent = std::chrono::steady_clock::now();
    ASSERT_EQ(
        curl("-m 30 --data-binary @" + sh(req) + " -H 'Content-Type: application/ocsp-request'", ocsp().url(), resp)
            .status,
        200);
    EXPECT_GE(std::chrono::steady_clock::now() - sent, 9s);
    ASSERT_EQ(test::run("openssl ocsp -respin " + sh(resp) + " -issuer " + sh(pki().ca_cert()) + " -cert " +
                            sh(l.cert) + " -CAfile " + sh(pki().root_cert()) + " -no_nonce 2>&1",
                        &out),
              0)
        << out;
    EXPECT_TRUE(contains(out, ": good\n")) << out;
}

TEST_F(RevocationInfraTest, CrlsListTheRevokedSerialsWithTheirTimes) {
    const auto good = leaf("good");
    const auto past = leaf("past");
    const auto future = leaf("future");
    const TimePoint past_time = at(2025, 6, 7, 8, 9, 10);
    const TimePoint future_time = now() + 24h * 10;
    pki().revoke("past", past_time, "keyCompromise");
    pki().revoke("future", future_time, "cessationOfOperation");
    const TimePoint this_update = now() - 1h;
    const TimePoint next_update = now() + 24h * 7;
    pki().publish_crls(this_update, next_update);

    const auto ca_crl = m_tmp / "ca.crl";
    ASSERT_EQ(curl("", crl().url("ca.crl"), ca_crl).status, 200) << crl().log();
    EXPECT_EQ(test::read(ca_crl), test::read(pki().crl_dir() / "ca.crl"));
    const std::string text = crl_text(ca_crl);
    EXPECT_TRUE(contains(text, "Issuer: CN = Kyso Revocation Test Issuing CA")) << text;
    EXPECT_EQ(field(text, "Last Update: "), openssl_time(this_update)) << text;
    EXPECT_EQ(field(text, "Next Update: "), openssl_time(next_update)) << text;
    const auto entry = [&](const std::string& serial) {
        const auto pos = text.find("Serial Number: " + serial + "\n");
        return pos == std::string::npos ? std::string() : text.substr(pos, 200);
    };
    EXPECT_EQ(field(entry(past.serial_hex), "Revocation Date: "), openssl_time(past_time)) << text;
    EXPECT_TRUE(contains(entry(past.serial_hex), "Key Compromise")) << text;
    EXPECT_EQ(field(entry(future.serial_hex), "Revocation Date: "), openssl_time(future_time)) << text;
    EXPECT_TRUE(contains(entry(future.serial_hex), "Cessation Of Operation")) << text;
    EXPECT_EQ(entry(good.serial_hex), "") << text;

    // Signed by the issuing CA; `openssl verify` with both CRLs agrees per leaf.
    std::string out;
    EXPECT_EQ(
        test::run("openssl crl -inform DER -in " + sh(ca_crl) + " -CAfile " + sh(pki().ca_cert()) + " -noout 2>&1",
                  &out),
        0)
        << out;
    EXPECT_TRUE(contains(out, "verify OK")) << out;
    ASSERT_EQ(test::run("openssl crl -inform DER -in " + sh(pki().crl_dir() / "ca.crl") + " -out " +
                        sh(m_tmp / "ca.crl.pem") + " && openssl crl -inform DER -in " +
                        sh(pki().crl_dir() / "root.crl") + " -out " + sh(m_tmp / "root.crl.pem")),
              0);
    const auto verify = [&](const RevocationPki::Leaf& l) {
        std::string o;
        test::run("openssl verify -crl_check_all -CAfile " + sh(pki().root_cert()) + " -untrusted " +
                      sh(pki().ca_cert()) + " -CRLfile " + sh(m_tmp / "ca.crl.pem") + " -CRLfile " +
                      sh(m_tmp / "root.crl.pem") + " " + sh(l.cert) + " 2>&1",
                  &o);
        return o;
    };
    EXPECT_TRUE(contains(verify(good), ": OK")) << verify(good);
    EXPECT_TRUE(contains(verify(past), "certificate revoked")) << verify(past);
    EXPECT_TRUE(contains(crl().log(), "\"GET /ca.crl HTTP/1.1\" 200 - mode=normal")) << crl().log();
}

TEST_F(RevocationInfraTest, RootCrlCoversTheIssuingCa) {
    const auto l = leaf("alice");
    pki().publish_crls(now() - 1h, now() + 24h);
    const auto root_crl = m_tmp / "root.crl";
    ASSERT_EQ(curl("", crl().url("root.crl"), root_crl).status, 200) << crl().log();
    std::string text = crl_text(root_crl);
    EXPECT_TRUE(contains(text, "Issuer: CN = Kyso Revocation Test Root CA")) << text;
    EXPECT_TRUE(contains(text, "No Revoked Certificates.")) << text;
    std::string out;
    EXPECT_EQ(
        test::run("openssl crl -inform DER -in " + sh(root_crl) + " -CAfile " + sh(pki().root_cert()) + " -noout 2>&1",
                  &out),
        0)
        << out;
    EXPECT_TRUE(contains(out, "verify OK")) << out;
    std::string ca_serial;
    ASSERT_EQ(test::run("openssl x509 -in " + sh(pki().ca_cert()) + " -noout -serial", &ca_serial), 0);
    ca_serial = ca_serial.substr(ca_serial.find('=') + 1);  // keeps the '\n'

    const std::string first_number = field(text, "X509v3 CRL Number: \n");
    const TimePoint when = at(2026, 1, 15, 12, 0, 0);
    pki().revoke("ca", when, "CACompromise");
    pki().publish_crls(now() - 1h, now() + 24h);
    ASSERT_EQ(curl("", crl().url("root.crl"), root_crl).status, 200);
    text = crl_text(root_crl);
    const auto pos = text.find("Serial Number: " + ca_serial);
    ASSERT_NE(pos, std::string::npos) << ca_serial << text;
    EXPECT_EQ(field(text.substr(pos), "Revocation Date: "), openssl_time(when)) << text;
    EXPECT_TRUE(contains(text.substr(pos), "CA Compromise")) << text;
    EXPECT_NE(field(text, "X509v3 CRL Number: \n"), first_number) << text;
    // The OCSP responder answers for leaves only: the CA's own status is in root.crl.
    ASSERT_EQ(ocsp_check(l, &out), 0) << out;
    EXPECT_TRUE(contains(out, ": good\n")) << out;
}

TEST_F(RevocationInfraTest, CrlServerFaults) {
    pki().publish_crls(now() - 1h, now() + 24h);
    const auto body = m_tmp / "body";
    EXPECT_EQ(curl("", crl().url("missing.crl"), body).status, 404);
    crl().set_mode("http-500");
    EXPECT_EQ(curl("", crl().url("ca.crl"), body).status, 500);
    crl().set_mode("garbage");
    EXPECT_EQ(curl("", crl().url("ca.crl"), body).status, 200);
    EXPECT_NE(test::run("openssl crl -inform DER -in " + sh(body) + " -noout 2>/dev/null"), 0);
    EXPECT_NE(test::run("openssl crl -inform PEM -in " + sh(body) + " -noout 2>/dev/null"), 0);
    crl().set_mode("normal");
    ASSERT_EQ(curl("", crl().url("ca.crl"), body).status, 200);
    EXPECT_EQ(test::run("openssl crl -inform DER -in " + sh(body) + " -noout 2>/dev/null"), 0);
    const std::string log = crl().log();
    EXPECT_TRUE(contains(log, "\"GET /ca.crl HTTP/1.1\" 500 - mode=http-500")) << log;
    EXPECT_TRUE(contains(log, "\"GET /ca.crl HTTP/1.1\" 200 - mode=garbage")) << log;
}

// The listening sockets of the kernel's table for PORT, as "ADDRESS:PORT" in /proc/net/tcp{,6} form.
std::vector<std::string> listeners(int port) {
    char want[8];
    std::snprintf(want, sizeof want, ":%04X", static_cast<unsigned>(port));
    std::vector<std::string> found;
    for (const char* table : {"/proc/net/tcp", "/proc/net/tcp6"}) {
        std::ifstream in(table);
        std::string line;
        std::getline(in, line);  // header
        while (std::getline(in, line)) {
            std::istringstream fields(line);
            std::string slot, local, remote, state;
            fields >> slot >> local >> remote >> state;
            if (state == "0A" && local.size() > 5 && local.compare(local.size() - 5, 5, want) == 0)
                found.push_back(local);
        }
    }
    return found;
}

// Both servers listen on 127.0.0.1 alone (checked in the kernel's socket table, without sending
// anything anywhere else).
TEST_F(RevocationInfraTest, ServersListenOnLoopbackOnly) {
    for (const int port : {ocsp().port(), crl().port()}) {
        const auto found = listeners(port);
        ASSERT_EQ(found.size(), 1U) << port;
        char want[32];
        std::snprintf(want, sizeof want, "0100007F:%04X", static_cast<unsigned>(port));  // 127.0.0.1
        EXPECT_EQ(found.front(), want);
    }
    ocsp().stop();
    EXPECT_TRUE(listeners(ocsp().port()).empty());
}

TEST_F(RevocationInfraTest, StoppedServersRefuseConnections) {
    const auto l = leaf("alice");
    pki().publish_crls(now() - 1h, now() + 24h);
    const auto body = m_tmp / "body";
    std::string out;
    ASSERT_EQ(curl("", crl().url("ca.crl"), body).status, 200);
    ASSERT_EQ(ocsp_check(l, &out), 0) << out;

    crl().stop();
    ocsp().stop();
    crl().stop();  // idempotent
    const auto down = curl("", crl().url("ca.crl"), body);
    EXPECT_EQ(down.status, 0);
    EXPECT_EQ(down.curl_exit, 7);  // CURLE_COULDNT_CONNECT
    // openssl retries a refused connection until its timeout, so it says "connect timeout".
    EXPECT_NE(ocsp_check(l, &out, "-timeout 1"), 0) << out;
    EXPECT_TRUE(contains(out, "Error querying OCSP responder")) << out;
    EXPECT_EQ(curl("--data-binary x -H 'Content-Type: application/ocsp-request'", ocsp().url(), body).curl_exit, 7);
}

}  // namespace
