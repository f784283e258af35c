// Revocation scenarios of ETSI EN 319 102-1 with the real things on 127.0.0.1: an OCSP responder
// (openssl ocsp), CRLs over HTTP and an RFC 3161 TSA. Each test gets its own CA hierarchy whose
// certificates point at its own servers, revocations at chosen times, and a moved validation time.
#include "integration/helpers.hpp"
#include "support/revocation.hpp"
#include "support/services.hpp"

#include <kyso/trust/revocation.hpp>

#include <gtest/gtest.h>

#include <algorithm>
#include <cctype>

namespace kyso::test {
namespace {

using namespace std::chrono_literals;

class Revocation : public ::testing::Test {
protected:
    TempDir dir;
    OcspServer ocsp{dir / "pki"};
    CrlServer crl{RevocationPki::crl_dir_of(dir / "pki")};
    RevocationPki pki{dir / "pki", ocsp.url(), crl.base_url()};
    TsaServer tsa{pki_dir()};
    const TimePoint t0 = now_utc();
    fs::path cache = dir / "cache";

    void SetUp() override { pki.publish_crls(t0 - 1h, t0 + 24h); }

    // Signs the sample claims file with `leaf` (PKCS#12), with a detached time-stamp when asked.
    fs::path sign(const RevocationPki::Leaf& leaf, bool timestamp, const std::string& name,
                  const std::string& tsa_url = "") {
        fs::create_directories(dir / "in" / name);
        fs::copy_file(fs::path(KYSO_SAMPLES_DIR) / "claims-4750-sample.xml", dir / "in" / name / "c.xml",
                      fs::copy_options::overwrite_existing);
        std::string cmd = cli() + " xml sign " + sh(dir / "in" / name) + " --out " + sh(dir / "out" / name) +
                          " --key " + sh(std::string_view("p12:" + leaf.p12.string())) + " --pass pass:kyso-test";
        if (timestamp) cmd += " --tsa " + sh(std::string_view(tsa_url.empty() ? tsa.url() : tsa_url));
        std::string out;
        if (run(cmd, &out) != 0) throw std::runtime_error("signing failed: " + out);
        return dir / "out" / name / "c.xml";
    }

    std::string trust() const {
        return "--trust " + sh(pki.root_cert()) + " --untrusted " + sh(pki.ca_cert()) + " --trust " +
               sh(pki_dir() / "root.cert.pem") + " --untrusted " + sh(pki_dir() / "ca.cert.pem");
    }

    // Verifies one file; returns the JSON report and the exit code.
    Json verify(const fs::path& file, const std::string& extra = "", int* exit_code = nullptr) {
        std::string out;
        const int rc =
            run(cli() + " xml verify " + sh(file) + " " + trust() + " --cache " + sh(cache) +
                    (extra.find("--timeout") == std::string::npos ? " --timeout 5" : "") + " --json " + extra,
                &out);
        if (exit_code != nullptr) *exit_code = rc;
        return parse_json(out);
    }

    static std::string at(TimePoint t) { return "--at " + format_rfc3339(t); }
};

const Json& sig0(const Json& j) {
    return j["documents"][0]["signatures"][0];
}
std::string indication(const Json& j) {
    return sig0(j)["indication"].get<std::string>();
}
std::string sub(const Json& j) {
    return sig0(j)["sub_indication"].is_null() ? "" : sig0(j)["sub_indication"].get<std::string>();
}
bool mentions(const Json& j, const std::string& text) {
    return sig0(j).dump().find(text) != std::string::npos;
}

TEST_F(Revocation, GoodByOcspWithTheCaCheckedByCrl) {
    const auto leaf = pki.issue_leaf("good", t0 - 24h, t0 + 24h * 365);
    const auto file = sign(leaf, false, "good");
    int rc = -1;
    const Json j = verify(file, "", &rc);
    EXPECT_EQ(rc, 0) << j.dump(2);
    EXPECT_EQ(indication(j), "TOTAL_PASSED") << j.dump(2);
    const Json& rev = sig0(j)["revocation"];
    ASSERT_EQ(rev.size(), 2u) << j.dump(2);
    EXPECT_EQ(rev[0]["source"], "ocsp");
    EXPECT_EQ(rev[0]["status"], "good");
    EXPECT_EQ(rev[0]["origin"], "network");
    std::string serial = rev[0]["serial"].get<std::string>();
    std::transform(serial.begin(), serial.end(), serial.begin(), [](unsigned char c) { return std::toupper(c); });
    EXPECT_EQ(serial, leaf.serial_hex);
    EXPECT_EQ(rev[1]["source"], "crl");  // the issuing CA names only the root's CRL
    EXPECT_EQ(rev[1]["status"], "good");
    EXPECT_EQ(j["revocation_lookups"]["fetches"], 2);
}

TEST_F(Revocation, RevokedBeforeTheTimestampFails) {
    const auto leaf = pki.issue_leaf("revoked-before", t0 - 24h, t0 + 24h * 365);
    pki.revoke("revoked-before", t0 - 1h);
    pki.publish_crls(t0 - 1min, t0 + 24h);
    const auto file = sign(leaf, true, "rb");
    int rc = -1;
    const Json j = verify(file, "", &rc);
    EXPECT_EQ(rc, 1);
    EXPECT_EQ(indication(j), "TOTAL_FAILED") << j.dump(2);
    EXPECT_EQ(sub(j), "REVOKED");
    EXPECT_EQ(sig0(j)["time_source"], "timestamp");
    EXPECT_EQ(sig0(j)["revocation"][0]["status"], "revoked");
    EXPECT_EQ(sig0(j)["revocation"][0]["revocation_time"], format_rfc3339(t0 - 1h));
    EXPECT_EQ(sig0(j)["revocation"][0]["revocation_reason"], "keyCompromise");
}

TEST_F(Revocation, RevokedWithoutProofOfExistenceIsIndeterminate) {
    const auto leaf = pki.issue_leaf("revoked-nopoe", t0 - 24h, t0 + 24h * 365);
    pki.revoke("revoked-nopoe", t0 - 1h);
    const Json j = verify(sign(leaf, false, "rn"));
    EXPECT_EQ(indication(j), "INDETERMINATE") << j.dump(2);
    EXPECT_EQ(sub(j), "REVOKED_NO_POE");
}

TEST_F(Revocation, RevokedAfterTheTimestampPasses) {
    const auto leaf = pki.issue_leaf("revoked-after", t0 - 24h, t0 + 24h * 365);
    const auto file = sign(leaf, true, "ra");
    pki.revoke("revoked-after", t0 + 1h, "superseded");
    const Json j = verify(file, at(t0 + 2h));
    EXPECT_EQ(indication(j), "TOTAL_PASSED") << j.dump(2);
    EXPECT_EQ(sig0(j)["revocation"][0]["status"], "revoked");
    EXPECT_TRUE(mentions(j, "after the signature's proof of existence")) << j.dump(2);
    // The same revocation without the time-stamp: nothing proves the signature came first.
    const auto plain = sign(leaf, false, "ra-plain");
    const Json k = verify(plain, at(t0 + 2h));
    EXPECT_EQ(indication(k), "INDETERMINATE") << k.dump(2);
    EXPECT_EQ(sub(k), "REVOKED_NO_POE");
}

TEST_F(Revocation, ExpiredCertificateWithAnEarlierTimestampPasses) {
    const auto leaf = pki.issue_leaf("short", t0 - 24h, t0 + 1h);
    const auto stamped = sign(leaf, true, "es");
    const auto plain = sign(leaf, false, "ep");
    const Json j = verify(stamped, at(t0 + 3h));
    EXPECT_EQ(indication(j), "TOTAL_PASSED") << j.dump(2);
    EXPECT_EQ(sig0(j)["time_source"], "timestamp");
    const Json k = verify(plain, at(t0 + 3h));
    EXPECT_EQ(indication(k), "INDETERMINATE") << k.dump(2);
    EXPECT_EQ(sub(k), "OUT_OF_BOUNDS_NO_POE");
}

// A time-stamp is a proof of existence only while its TSA is not revoked: a revoked TSA taints its
// tokens, whatever their genTime, so the expired signer certificate is no longer covered.
TEST_F(Revocation, RevokedTsaIsNoProofOfExistence) {
    pki.issue_tsa("tsa", t0 - 24h, t0 + 24h * 365, dir / "tsa");
    TsaServer own_tsa(dir / "tsa");
    const auto leaf = pki.issue_leaf("covered", t0 - 24h, t0 + 1h);
    const auto file = sign(leaf, true, "tsa", own_tsa.url());
    Json j = verify(file, at(t0 + 3h));
    EXPECT_EQ(indication(j), "TOTAL_PASSED") << j.dump(2);
    EXPECT_EQ(sig0(j)["time_source"], "timestamp");
    bool tsa_listed = false;  // the TSA's own revocation evidence is part of the signature's
    for (const auto& e : sig0(j)["revocation"])
        tsa_listed = tsa_listed || (e["certificate"].get<std::string>().find("(tsa)") != std::string::npos &&
                                    e["status"] == "good" && e["source"] == "ocsp");
    EXPECT_TRUE(tsa_listed) << j.dump(2);
    pki.revoke("tsa", t0 + 2h, "keyCompromise");
    fs::remove_all(cache);
    j = verify(file, at(t0 + 3h));
    EXPECT_EQ(indication(j), "INDETERMINATE") << j.dump(2);
    EXPECT_EQ(sub(j), "OUT_OF_BOUNDS_NO_POE");
    EXPECT_NE(sig0(j)["time_source"], "timestamp");
    EXPECT_TRUE(mentions(j, "the TSA certificate")) << j.dump(2);
}

// An intermediate that neither the signature nor --untrusted provides is fetched from the leaf's
// AIA caIssuers when asked (--fetch-issuers), kept in the cache, and found there offline.
TEST_F(Revocation, MissingIntermediateFromCaIssuers) {
    const auto leaf = pki.issue_leaf("aia", t0 - 24h, t0 + 24h * 365, true, true, true);
    const auto file = sign(leaf, false, "aia");
    const auto run_verify = [&](const std::string& extra) {
        std::string out;
        run(cli() + " xml verify " + sh(file) + " --trust " + sh(pki.root_cert()) + " --cache " + sh(cache) +
                " --timeout 5 --json " + extra,
            &out);
        return parse_json(out);
    };
    Json j = run_verify("");
    EXPECT_EQ(sub(j), "NO_CERTIFICATE_CHAIN_FOUND") << j.dump(2);
    j = run_verify("--fetch-issuers");
    EXPECT_EQ(indication(j), "TOTAL_PASSED") << j.dump(2);
    ASSERT_EQ(sig0(j)["chain"].size(), 3u) << j.dump(2);
    EXPECT_EQ(sig0(j)["chain"][1], "CN=Kyso Revocation Test Issuing CA");
    // Offline: the intermediate and the revocation evidence come from the cache.
    ocsp.stop();
    crl.stop();
    j = run_verify("--fetch-issuers --offline");
    EXPECT_EQ(indication(j), "TOTAL_PASSED") << j.dump(2);
    fs::remove_all(cache);
    j = run_verify("--fetch-issuers --offline");
    EXPECT_EQ(sub(j), "NO_CERTIFICATE_CHAIN_FOUND") << j.dump(2);
}

TEST_F(Revocation, OcspAnswersThatCannotBeReliedOn) {
    struct Case {
        const char* mode;
        const char* sub;
        const char* why;
    };
    const Case cases[] = {
        {"unknown", "CERTIFICATE_CHAIN_GENERAL_FAILURE", "status unknown"},
        {"try-later", "TRY_LATER", "tryLater"},
        {"wrong-nonce", "TRY_LATER", "nonce differs"},
        {"unauthorized", "TRY_LATER", "id-kp-OCSPSigning"},
        {"http-500", "TRY_LATER", "HTTP 500"},
        {"garbage", "TRY_LATER", "not a DER OCSPResponse"},
    };
    // OCSP only: no CRL to fall back on.
    const auto leaf = pki.issue_leaf("ocsp-only", t0 - 24h, t0 + 24h * 365, true, false);
    const auto file = sign(leaf, false, "oo");
    for (const auto& c : cases) {
        SCOPED_TRACE(c.mode);
        ocsp.set_mode(c.mode);
        fs::remove_all(cache);
        int rc = -1;
        const Json j = verify(file, "", &rc);
        EXPECT_EQ(rc, 2);
        EXPECT_EQ(indication(j), "INDETERMINATE") << j.dump(2);
        EXPECT_EQ(sub(j), c.sub) << j.dump(2);
        EXPECT_TRUE(mentions(j, c.why)) << j.dump(2);
    }
    // A responder that does not answer in time.
    ocsp.set_mode("slow");
    fs::remove_all(cache);
    const Json slow = verify(file, "--timeout 1");
    EXPECT_EQ(sub(slow), "TRY_LATER") << slow.dump(2);
    // Signed by the CA itself, or by the delegated responder, or without a nonce (pre-produced
    // responses carry none; a different nonce is refused above): relied on.
    for (const char* mode : {"ca-signed", "no-nonce", "normal"}) {
        SCOPED_TRACE(mode);
        ocsp.set_mode(mode);
        fs::remove_all(cache);
        const Json j = verify(file);
        EXPECT_EQ(indication(j), "TOTAL_PASSED") << j.dump(2);
    }
}

TEST_F(Revocation, StaleResponseIsNotRelied) {
    const auto leaf = pki.issue_leaf("stale", t0 - 24h, t0 + 24h * 365, true, false);
    const auto file = sign(leaf, false, "st");
    ocsp.set_mode("stale");  // nextUpdate one minute after thisUpdate
    const Json j = verify(file, at(t0 + 1h));
    EXPECT_EQ(indication(j), "INDETERMINATE") << j.dump(2);
    EXPECT_EQ(sub(j), "TRY_LATER");
    EXPECT_TRUE(mentions(j, "not fresh")) << j.dump(2);
    // The same answer is fine for a validation inside its window.
    const Json k = verify(file);
    EXPECT_EQ(indication(k), "TOTAL_PASSED") << k.dump(2);
}

TEST_F(Revocation, CrlFallbackWhenOcspIsDown) {
    const auto leaf = pki.issue_leaf("fallback", t0 - 24h, t0 + 24h * 365);
    const auto other = pki.issue_leaf("fallback-revoked", t0 - 24h, t0 + 24h * 365);
    pki.revoke("fallback-revoked", t0 - 2h, "keyCompromise");
    pki.publish_crls(t0 - 1min, t0 + 24h);
    const auto good_file = sign(leaf, false, "fg");
    const auto revoked_file = sign(other, true, "fr");
    ocsp.stop();
    const Json j = verify(good_file);
    EXPECT_EQ(indication(j), "TOTAL_PASSED") << j.dump(2);
    EXPECT_EQ(sig0(j)["revocation"][0]["source"], "crl");
    EXPECT_TRUE(mentions(j, "OCSP")) << "the failed OCSP attempt is part of the evidence: " << j.dump(2);
    const Json k = verify(revoked_file);
    EXPECT_EQ(indication(k), "TOTAL_FAILED") << k.dump(2);
    EXPECT_EQ(sub(k), "REVOKED");
    EXPECT_EQ(sig0(k)["revocation"][0]["source"], "crl");
    // Both down: nothing to go on.
    crl.stop();
    fs::remove_all(cache);
    const Json none = verify(good_file);
    EXPECT_EQ(indication(none), "INDETERMINATE") << none.dump(2);
    EXPECT_EQ(sub(none), "TRY_LATER");
}

TEST_F(Revocation, OfflineUsesOnlyCachedEvidence) {
    const auto leaf = pki.issue_leaf("offline", t0 - 24h, t0 + 24h * 365);
    const auto file = sign(leaf, false, "off");
    // Nothing cached yet: offline cannot establish the status.
    Json j = verify(file, "--offline");
    EXPECT_EQ(indication(j), "INDETERMINATE") << j.dump(2);
    EXPECT_EQ(sub(j), "TRY_LATER");
    EXPECT_TRUE(mentions(j, "offline")) << j.dump(2);
    EXPECT_EQ(j["revocation_lookups"]["fetches"], 0);
    // Online once fills the cache; then offline, with both servers gone, passes from the cache.
    j = verify(file);
    ASSERT_EQ(indication(j), "TOTAL_PASSED") << j.dump(2);
    ocsp.stop();
    crl.stop();
    j = verify(file, "--offline");
    EXPECT_EQ(indication(j), "TOTAL_PASSED") << j.dump(2);
    EXPECT_EQ(sig0(j)["revocation"][0]["origin"], "cache");
    EXPECT_EQ(j["revocation_lookups"]["fetches"], 0);
    EXPECT_EQ(j["revocation_lookups"]["disk_hits"], 2);
    // A cache entry that was tampered with is not evidence.
    for (const auto& e : fs::recursive_directory_iterator(cache))
        if (e.is_regular_file()) {
            Bytes b = read(e.path());
            b[b.size() / 2] ^= 0x01;
            write(e.path(), b);
        }
    j = verify(file, "--offline");
    EXPECT_EQ(indication(j), "INDETERMINATE") << j.dump(2);
}

TEST_F(Revocation, PadesBtRevokedBeforeAndAfterTheTimestamp) {
    const auto before = pki.issue_leaf("pdf-before", t0 - 24h, t0 + 24h * 365);
    const auto after = pki.issue_leaf("pdf-after", t0 - 24h, t0 + 24h * 365);
    pki.revoke("pdf-before", t0 - 1h);
    fs::create_directories(dir / "pdf");
    const auto sign_pdf = [&](const RevocationPki::Leaf& leaf, const std::string& name) {
        std::string out;
        const fs::path target = dir / "pdf" / (name + ".pdf");
        if (run(cli() + " pdf sign " + sh(fs::path(KYSO_SAMPLES_DIR) / "record-sample.pdf") + " --out " + sh(target) +
                    " --key " + sh(std::string_view("p12:" + leaf.p12.string())) +
                    " --pass pass:kyso-test --level b-t --tsa " + sh(std::string_view(tsa.url())),
                &out) != 0)
            throw std::runtime_error("pdf signing failed: " + out);
        return target;
    };
    const auto f_before = sign_pdf(before, "before");
    const auto f_after = sign_pdf(after, "after");
    pki.revoke("pdf-after", t0 + 1h);
    const auto pdf_verify = [&](const fs::path& f) {
        std::string out;
        run(cli() + " pdf verify " + sh(f) + " " + trust() + " --cache " + sh(cache) + " --json " + at(t0 + 2h), &out);
        return parse_json(out);
    };
    const Json b = pdf_verify(f_before);
    EXPECT_EQ(indication(b), "TOTAL_FAILED") << b.dump(2);
    EXPECT_EQ(sub(b), "REVOKED");
    const Json a = pdf_verify(f_after);
    EXPECT_EQ(indication(a), "TOTAL_PASSED") << a.dump(2);
    EXPECT_EQ(sig0(a)["time_source"], "timestamp");
}

}  // namespace
}  // namespace kyso::test

namespace kyso::test {
namespace {

keys::Certificate load_cert(const fs::path& p) {
    auto certs = keys::Certificate::load_file(p.string());
    if (!certs || certs->empty()) throw std::runtime_error("cannot read " + p.string());
    return certs->front();
}

// The library's checker directly: a CRL whose cRLNumber is lower than one already seen from the same CA
// is a replay and is not relied on, even when its own dates would make it usable.
TEST(RevocationChecker, ReplayedOlderCrlIsRefused) {
    RevocationServices s;
    const TimePoint t0 = now_utc();
    const auto leaf = s.pki.issue_leaf("crl-only", t0 - 24h, t0 + 24h * 365, false, true);
    s.pki.publish_crls(t0 - 1min, t0 + 48h);  // number 1: long-lived
    const Bytes old_crl = read(s.pki.crl_dir() / "ca.crl");
    s.pki.publish_crls(t0 - 1min, t0 + 1h);  // number 2: short-lived
    const auto cert = load_cert(leaf.cert);
    const auto ca = load_cert(s.pki.ca_cert());
    trust::RevocationChecker checker(trust::RevocationOptions{});
    const auto first = checker.check(cert, ca, t0);
    ASSERT_EQ(first.status, trust::CertStatus::good);
    EXPECT_EQ(first.source, "crl");
    write(s.pki.crl_dir() / "ca.crl", old_crl);  // the distribution point now serves the older CRL
    const auto later = checker.check(cert, ca, t0 + 2h);
    EXPECT_EQ(later.status, trust::CertStatus::unavailable);
    std::string problems;
    for (const auto& p : later.problems)
        problems += p + "\n";
    EXPECT_NE(problems.find("replayed CRL"), std::string::npos) << problems;
    // A checker that never saw the newer one takes the older CRL at face value (its dates are fine).
    trust::RevocationChecker fresh_checker(trust::RevocationOptions{});
    EXPECT_EQ(fresh_checker.check(cert, ca, t0 + 2h).status, trust::CertStatus::good);
}

}  // namespace
}  // namespace kyso::test
