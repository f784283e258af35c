// Revocation evidence captured at ingest (evidence/validation-data/*.ocsp, *.crl) and used years later,
// when the responders are gone: a real OCSP responder and CRL server on 127.0.0.1, a CA hierarchy whose
// certificates point at them, and the loopback TSA.
#include "integration/helpers.hpp"
#include "support/revocation.hpp"
#include "support/services.hpp"

#include <gtest/gtest.h>

namespace kyso::test {
namespace {

using namespace std::chrono_literals;

class ArchiveRevocation : public ::testing::Test {
protected:
    TempDir dir;
    OcspServer ocsp{dir / "pki"};
    CrlServer crl{RevocationPki::crl_dir_of(dir / "pki")};
    RevocationPki rpki{dir / "pki", ocsp.url(), crl.base_url()};
    TsaServer tsa{pki_dir()};
    const TimePoint t0 = now_utc();

    void SetUp() override { rpki.publish_crls(t0 - 1h, t0 + 24h); }

    // The sample claims file signed with `leaf` (PKCS#12; the chain is carried in KeyInfo), in IN/NAME/.
    fs::path sign(const RevocationPki::Leaf& leaf, const std::string& name) {
        const fs::path in = dir / "in" / name;
        fs::create_directories(in);
        fs::copy_file(fs::path(KYSO_SAMPLES_DIR) / "claims-4750-sample.xml", in / "c.xml");
        std::string out;
        if (run(cli() + " xml sign " + sh(in) + " --out " + sh(dir / "signed" / name) + " --key " +
                    sh(std::string_view("p12:" + leaf.p12.string())) + " --pass pass:kyso-test 2>&1",
                &out) != 0)
            throw std::runtime_error("signing failed: " + out);
        return dir / "signed" / name;
    }

    struct Created {
        int rc = -1;
        Json j;
        std::string err;
    };
    Created create(const fs::path& in, const fs::path& out, const std::string& extra = "") {
        Created c;
        const fs::path err = dir / "create.err";
        c.rc = run(cli() + " archive create " + sh(in) + " --out " + sh(out) + " --tsa " + sh(tsa.url()) + " --trust " +
                       sh(rpki.root_cert()) + " --untrusted " + sh(rpki.ca_cert()) + " --no-cache --timeout 5 --json " +
                       extra + " 2>" + sh(err),
                   &c.err);
        if (c.rc == 0) c.j = parse_json(c.err);
        const Bytes text = read(err);
        c.err.assign(text.begin(), text.end());
        return c;
    }

    Json verify(const fs::path& batch, TimePoint at, int& rc, const std::string& extra = "") {
        std::string out;
        rc = run(cli() + " archive verify " + sh(batch) + " --trust " + sh(rpki.root_cert()) + " " + cli_trust() +
                     " --no-cache --timeout 5 --json --at " + format_rfc3339(at) + " " + extra,
                 &out);
        return parse_json(out);
    }

    static std::size_t count_files(const fs::path& d, const std::string& ext) {
        std::size_t n = 0;
        for (const auto& e : fs::directory_iterator(d))
            n += e.path().extension() == ext ? 1 : 0;
        return n;
    }
};

const Json& signature_of(const Json& j) {
    return j["documents"].at(0)["signatures"].at(0);
}

TEST_F(ArchiveRevocation, StatusCapturedAtIngestDecidesYearsLaterWithTheRespondersGone) {
    const auto leaf = rpki.issue_leaf("good", t0 - 24h, t0 + 24h * 365);
    const fs::path in = sign(leaf, "good");
    const Created with = create(in, dir / "batch");
    ASSERT_EQ(with.rc, 0) << with.err;
    // The leaf by OCSP, the issuing CA by the root's CRL (its only source).
    EXPECT_EQ(with.j["batch"]["revocation_evidence"], 2) << with.j.dump(2);
    EXPECT_TRUE(with.j["batch"]["revocation_missing"].empty()) << with.j.dump(2);
    const fs::path vd = dir / "batch" / "evidence" / "validation-data";
    EXPECT_EQ(count_files(vd, ".ocsp"), 1u);
    EXPECT_EQ(count_files(vd, ".crl"), 1u);
    // The signer's (kyso xml sign carries only it), the issuing CA's and the root's: the whole path.
    EXPECT_EQ(count_files(vd, ".cer"), 3u);
    // The same record sealed without the evidence, for comparison.
    const Created without = create(in, dir / "batch-bare", "--no-revocation");
    ASSERT_EQ(without.rc, 0) << without.err;
    EXPECT_EQ(without.j["batch"]["revocation_evidence"], 0);

    ocsp.stop();
    crl.stop();
    // Three years on: the leaf has expired, the OCSP response and the CRL are long past nextUpdate, and
    // nobody answers. The archive time-stamp is the proof of existence, the captured status decides.
    const TimePoint later = t0 + 24h * 365 * 3;
    int rc = -1;
    const Json j = verify(dir / "batch", later, rc);
    EXPECT_EQ(rc, 0) << j.dump(2);
    const Json& sig = signature_of(j);
    EXPECT_EQ(sig["indication"], "TOTAL_PASSED") << sig.dump(2);
    ASSERT_EQ(sig["revocation"].size(), 2u) << sig.dump(2);
    EXPECT_EQ(sig["revocation"][0]["source"], "ocsp");
    EXPECT_EQ(sig["revocation"][0]["status"], "good");
    EXPECT_EQ(sig["revocation"][0]["origin"], "archive");
    EXPECT_EQ(sig["revocation"][1]["source"], "crl");
    EXPECT_EQ(sig["revocation"][1]["origin"], "archive");
    // --offline changes nothing: the evidence is in the batch.
    int offline_rc = -1;
    const Json offline = verify(dir / "batch", later, offline_rc, "--offline");
    EXPECT_EQ(offline_rc, 0) << offline.dump(2);

    // Without captured evidence (nor the issuing CA: given here) the status cannot be established any more.
    int bare_rc = -1;
    const Json bare = verify(dir / "batch-bare", later, bare_rc, "--untrusted " + sh(rpki.ca_cert()));
    EXPECT_EQ(bare_rc, 2) << bare.dump(2);
    EXPECT_EQ(signature_of(bare)["indication"], "INDETERMINATE");
    EXPECT_EQ(signature_of(bare)["sub_indication"], "TRY_LATER");
}

TEST_F(ArchiveRevocation, RevokedBeforeIngestFailsFromTheCapturedResponse) {
    const auto leaf = rpki.issue_leaf("gone", t0 - 24h, t0 + 24h * 365);
    rpki.revoke("gone", t0 - 1h);
    const fs::path in = sign(leaf, "gone");
    const Created c = create(in, dir / "batch");
    ASSERT_EQ(c.rc, 0) << c.err;
    EXPECT_EQ(c.j["batch"]["revocation_evidence"], 2) << c.j.dump(2);
    ocsp.stop();
    crl.stop();
    int rc = -1;
    const Json j = verify(dir / "batch", t0 + 24h * 400, rc);
    EXPECT_EQ(rc, 1) << j.dump(2);
    const Json& sig = signature_of(j);
    EXPECT_EQ(sig["indication"], "TOTAL_FAILED") << sig.dump(2);
    EXPECT_EQ(sig["sub_indication"], "REVOKED");
    EXPECT_EQ(sig["revocation"][0]["status"], "revoked");
    EXPECT_EQ(sig["revocation"][0]["origin"], "archive");
}

TEST_F(ArchiveRevocation, NoResponderAtIngestIsAWarningNamingTheCertificates) {
    const auto leaf = rpki.issue_leaf("offline", t0 - 24h, t0 + 24h * 365);
    const fs::path in = sign(leaf, "offline");
    ocsp.stop();
    crl.stop();
    const Created c = create(in, dir / "batch");
    ASSERT_EQ(c.rc, 0) << c.err;
    EXPECT_EQ(c.j["batch"]["revocation_evidence"], 0);
    ASSERT_EQ(c.j["batch"]["revocation_missing"].size(), 2u) << c.j.dump(2);
    EXPECT_NE(c.j["batch"]["revocation_missing"][0].get<std::string>().find("offline"), std::string::npos)
        << c.j.dump(2);
    EXPECT_NE(c.err.find("kyso: warning: no revocation evidence captured for"), std::string::npos) << c.err;
    EXPECT_EQ(count_files(dir / "batch" / "evidence" / "validation-data", ".ocsp"), 0u);
    // The issuer unknown (no --trust, no --untrusted): named as such, nothing fetched.
    const Created unknown_issuer = [&] {
        Created u;
        const fs::path err = dir / "u.err";
        u.rc = run(cli() + " archive create " + sh(in) + " --out " + sh(dir / "batch-u") + " --tsa " + sh(tsa.url()) +
                       " --no-cache --timeout 5 --json 2>" + sh(err),
                   &u.err);
        if (u.rc == 0) u.j = parse_json(u.err);
        return u;
    }();
    ASSERT_EQ(unknown_issuer.rc, 0);
    bool named = false;
    for (const auto& m : unknown_issuer.j["batch"]["revocation_missing"])
        named = named || m.get<std::string>().find("its issuer is neither in the documents") != std::string::npos;
    EXPECT_TRUE(named) << unknown_issuer.j.dump(2);
}

}  // namespace
}  // namespace kyso::test
