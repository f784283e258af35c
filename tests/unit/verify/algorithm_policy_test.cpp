// The dated algorithm policy (lib/verify/algorithm_policy.cpp): the shipped file, its checks, and the
// dates at their boundaries.
#include "support/fixtures.hpp"

#include <kyso/verify/algorithm_policy.hpp>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

using namespace kyso;
using verify::AlgorithmAssessment;
using verify::AlgorithmPolicy;
using Status = AlgorithmAssessment::Status;

namespace {

TimePoint t(const char* rfc3339) {
    return *parse_rfc3339(rfc3339);
}
std::string day(const AlgorithmAssessment& a) {
    return a.not_trusted_after ? format_rfc3339(TimePoint(*a.not_trusted_after)).substr(0, 10) : "none";
}

// A small valid policy, as JSON to be changed by each test.
nlohmann::json small() {
    return nlohmann::json::parse(R"({
      "format": "kyso-algorithm-policy/1",
      "name": "test-policy",
      "version": "1",
      "sources": {"here": "this test"},
      "digests": [
        {"algorithm": "SHA-1", "not_trusted_after": "2030-06-30", "source": ["here"]},
        {"algorithm": "SHA-256", "not_trusted_after": null, "source": ["here"]}
      ],
      "signature_keys": [
        {"algorithm": "RSA", "min_bits": 2048, "not_trusted_after": null, "source": ["here"]},
        {"algorithm": "HMAC", "not_trusted_after": "never", "source": ["here"], "note": "shared secret"}
      ]
    })");
}

std::string parse_error(const nlohmann::json& j) {
    auto p = AlgorithmPolicy::parse(j.dump(), "test.json");
    if (p) return "(parsed)";
    EXPECT_EQ(p.error().code, Errc::usage);
    return p.error().message;
}

}  // namespace

TEST(AlgorithmPolicy, BuiltinIsTheShippedFile) {
    const auto p = AlgorithmPolicy::builtin();
    ASSERT_TRUE(p);
    EXPECT_EQ(p->name(), "kyso-default");
    EXPECT_EQ(p->version(), "2026.11");
    EXPECT_EQ(p->label(), "kyso-default 2026.11");
    // Embedded byte for byte at build time: the library needs no data directory.
    EXPECT_EQ(std::string(AlgorithmPolicy::builtin_text()),
              test::read_text(test::fs::path(KYSO_SOURCE_DIR) / "lib/verify/algorithm-policy.json"));
    EXPECT_NE(p->source("dss-crypto-suite").find("dss-crypto-suite.xml"), std::string::npos);
    EXPECT_EQ(p->source("no-such-source"), "");
    // The same object every time (one parse per process).
    EXPECT_EQ(AlgorithmPolicy::builtin().get(), p.get());
}

TEST(AlgorithmPolicy, BuiltinDigestDatesAndTheirBoundaries) {
    const auto p = AlgorithmPolicy::builtin();
    // SHA-1: the DSS suite ends it at 2012-08-01, so the last trusted day is 2012-07-31 (UTC).
    auto a = p->digest("SHA-1", t("2012-07-31T23:59:59Z"));
    EXPECT_EQ(a.status, Status::trusted);
    EXPECT_EQ(day(a), "2012-07-31");
    a = p->digest("SHA-1", t("2012-08-01T00:00:00Z"));
    EXPECT_EQ(a.status, Status::sunset_passed);
    EXPECT_EQ(a.algorithm, "SHA-1");
    EXPECT_EQ(a.entry, "SHA-1");
    EXPECT_EQ(a.sources, (std::vector<std::string>{"dss-crypto-suite", "dss-constraint-5"}));
    EXPECT_TRUE(a.trusted_at(t("2012-07-31T12:00:00Z")));
    EXPECT_FALSE(a.trusted_at(t("2012-08-01T00:00:00Z")));
    // Names as OpenSSL and XML-DSig spell them.
    for (const char* name : {"sha1", "SHA1", "Sha-1", "sha_1"})
        EXPECT_EQ(p->digest(name, t("2026-11-22T00:00:00Z")).status, Status::sunset_passed) << name;
    EXPECT_EQ(day(p->digest("md5", t("2026-11-22T00:00:00Z"))), "2004-07-31");
    a = p->digest("SHA-224", t("2028-12-31T23:59:59Z"));
    EXPECT_EQ(a.status, Status::trusted);
    EXPECT_EQ(p->digest("sha224", t("2029-01-01T00:00:00Z")).status, Status::sunset_passed);
    for (const char* name : {"SHA-256", "sha384", "SHA512", "SHA3-256", "sha3-384", "SHA3-512"}) {
        a = p->digest(name, t("2100-01-01T00:00:00Z"));
        EXPECT_EQ(a.status, Status::trusted) << name;
        EXPECT_FALSE(a.not_trusted_after) << name;
        EXPECT_TRUE(a.trusted_at(t("2200-01-01T00:00:00Z")));
    }
    // Not listed: never trusted, whatever the time.
    for (const char* name : {"SHA3-224", "GOST R 34.11-94", ""}) {
        a = p->digest(name, t("2000-01-01T00:00:00Z"));
        EXPECT_EQ(a.status, Status::never_trusted) << name;
        EXPECT_EQ(a.entry, "");
        EXPECT_FALSE(a.trusted_at(t("2000-01-01T00:00:00Z")));
        EXPECT_NE(a.note.find("does not list"), std::string::npos);
    }
}

TEST(AlgorithmPolicy, BuiltinRsaSizes) {
    const auto p = AlgorithmPolicy::builtin();
    const TimePoint now = t("2026-11-22T00:00:00Z");
    const auto rsa = [&](int bits, const char* alg = "RSA") { return p->key({alg, bits, {}}, now); };
    auto a = rsa(512);
    EXPECT_EQ(a.status, Status::never_trusted);
    EXPECT_NE(a.note.find("from 786 bits"), std::string::npos) << a.note;
    EXPECT_EQ(day(rsa(786)), "2010-07-31");
    a = rsa(1024);
    EXPECT_EQ(a.status, Status::sunset_passed);
    EXPECT_EQ(a.algorithm, "RSA-1024");
    EXPECT_EQ(a.entry, "RSA >= 1024 bits");
    EXPECT_EQ(day(a), "2019-09-30");
    EXPECT_EQ(rsa(1535).entry, "RSA >= 1024 bits");
    EXPECT_EQ(rsa(1536).entry, "RSA >= 1536 bits");
    EXPECT_EQ(rsa(1899).entry, "RSA >= 1536 bits");
    a = rsa(2048);
    EXPECT_EQ(a.status, Status::trusted);
    EXPECT_EQ(a.entry, "RSA >= 1900 bits");
    EXPECT_EQ(day(a), "2028-12-31");
    EXPECT_EQ(p->key({"RSA", 2048, {}}, t("2029-01-01T00:00:00Z")).status, Status::sunset_passed);
    EXPECT_EQ(rsa(3072).entry, "RSA >= 3000 bits");
    EXPECT_EQ(rsa(4096).entry, "RSA >= 3000 bits");
    // RSASSA-PSS keeps 3000+ bits with no sunset; 2048 is legacy like PKCS#1 v1.5.
    a = p->key({"RSASSA-PSS", 3072, {}}, t("2100-01-01T00:00:00Z"));
    EXPECT_EQ(a.status, Status::trusted);
    EXPECT_FALSE(a.not_trusted_after);
    EXPECT_EQ(day(rsa(2048, "RSASSA-PSS")), "2028-12-31");
    EXPECT_EQ(rsa(1024, "rsassa-pss").status, Status::sunset_passed);
}

TEST(AlgorithmPolicy, BuiltinCurvesAndNeverTrusted) {
    const auto p = AlgorithmPolicy::builtin();
    const TimePoint now = t("2026-11-22T00:00:00Z");
    auto a = p->key({"ECDSA", 192, "P-192"}, now);
    EXPECT_EQ(a.status, Status::sunset_passed);
    EXPECT_EQ(a.algorithm, "ECDSA P-192");
    EXPECT_EQ(day(a), "2012-07-31");
    EXPECT_EQ(day(p->key({"ECDSA", 224, "P-224"}, now)), "2021-09-30");
    EXPECT_EQ(p->key({"ECDSA", 224, "P-224"}, t("2021-09-30T23:59:59Z")).status, Status::trusted);
    for (const char* curve : {"P-256", "P-384", "P-521", "brainpoolP256r1", "brainpoolP512r1", "p256"}) {
        a = p->key({"ECDSA", 256, curve}, t("2100-01-01T00:00:00Z"));
        EXPECT_EQ(a.status, Status::trusted) << curve;
    }
    a = p->key({"ECDSA", 256, "secp256k1"}, now);
    EXPECT_EQ(a.status, Status::never_trusted);
    EXPECT_NE(a.note.find("curve secp256k1"), std::string::npos) << a.note;
    EXPECT_EQ(p->key({"ECDSA", 256, {}}, now).status, Status::never_trusted);
    a = p->key({"HMAC", 0, {}}, t("2000-01-01T00:00:00Z"));
    EXPECT_EQ(a.status, Status::never_trusted);
    EXPECT_EQ(a.entry, "HMAC");
    EXPECT_NE(a.note.find("shared secret"), std::string::npos);
    EXPECT_EQ(a.sources, std::vector<std::string>{"kyso"});
    for (const char* alg : {"ED25519", "DSA", "GOST"})
        EXPECT_EQ(p->key({alg, 256, {}}, now).status, Status::never_trusted);
}

TEST(AlgorithmPolicy, CustomFileDecides) {
    auto j = small();
    auto p = AlgorithmPolicy::parse(j.dump());
    ASSERT_TRUE(p) << p.error().message;
    EXPECT_EQ((*p)->label(), "test-policy 1");
    EXPECT_EQ((*p)->digest("sha1", t("2030-06-30T23:59:59Z")).status, Status::trusted);
    EXPECT_EQ((*p)->digest("sha1", t("2030-07-01T00:00:00Z")).status, Status::sunset_passed);
    // Only what the file lists: the built-in MD5 entry is not consulted.
    EXPECT_EQ((*p)->digest("MD5", t("2001-01-01T00:00:00Z")).status, Status::never_trusted);
    EXPECT_EQ((*p)->key({"RSA", 2047, {}}, t("2026-01-01T00:00:00Z")).status, Status::never_trusted);
    EXPECT_EQ((*p)->key({"RSA", 2048, {}}, t("2099-01-01T00:00:00Z")).status, Status::trusted);
    // An entry without a size or curve covers every size of its algorithm.
    j["signature_keys"].push_back({{"algorithm", "ECDSA"}, {"not_trusted_after", "2031-01-01"}, {"source", {"here"}}});
    p = AlgorithmPolicy::parse(j.dump());
    ASSERT_TRUE(p) << p.error().message;
    const auto a = (*p)->key({"ECDSA", 384, "P-384"}, t("2026-01-01T00:00:00Z"));
    EXPECT_EQ(a.status, Status::trusted);
    EXPECT_EQ(a.entry, "ECDSA");
    EXPECT_EQ(day(a), "2031-01-01");
}

TEST(AlgorithmPolicy, MalformedFilesAreUsageErrorsThatSayWhere) {
    EXPECT_NE(parse_error(nlohmann::json()).find("must be a JSON object"), std::string::npos);
    {
        auto p = AlgorithmPolicy::parse("{\"name\": ", "broken.json");
        ASSERT_FALSE(p);
        EXPECT_EQ(p.error().code, Errc::usage);
        EXPECT_NE(p.error().message.find("broken.json: not valid JSON"), std::string::npos) << p.error().message;
    }
    const auto expect = [](nlohmann::json j, const std::string& fragment) {
        const std::string m = parse_error(j);
        EXPECT_NE(m.find("test.json"), std::string::npos) << m;
        EXPECT_NE(m.find(fragment), std::string::npos) << "wanted '" << fragment << "' in: " << m;
    };
    auto j = small();
    j.erase("name");
    expect(j, "'name' is missing");
    j = small();
    j["version"] = "";
    expect(j, "'version' must be a non-empty string");
    j = small();
    j["format"] = "kyso-algorithm-policy/2";
    expect(j, "is not kyso-algorithm-policy/1");
    j = small();
    j["digest"] = nlohmann::json::array();  // a typo of a top-level field
    expect(j, "digest: unknown field");
    j = small();
    j["sources"] = nlohmann::json::object();
    expect(j, "sources: must be a non-empty object");
    j = small();
    j.erase("signature_keys");
    expect(j, "signature_keys: must be an array");
    for (const char* bad : {"2012-02-30", "2012-7-31", "31-07-2012", "2012-07-31T00:00:00Z", "soon"}) {
        j = small();
        j["digests"][0]["not_trusted_after"] = bad;
        expect(j, "digests[0]: 'not_trusted_after' '" + std::string(bad) + "' is not a date");
    }
    j = small();
    j["digests"][0]["not_trusted_after"] = 2012;
    expect(j, "digests[0]: 'not_trusted_after' must be");
    j = small();
    j["digests"][1].erase("not_trusted_after");
    expect(j, "digests[1]: 'not_trusted_after' is missing");
    j = small();
    j["digests"][0]["not_trusted_afer"] = "2012-07-31";  // a typo
    expect(j, "digests[0]: unknown field 'not_trusted_afer'");
    j = small();
    j["digests"][0].erase("source");
    expect(j, "digests[0]: 'source' must be a non-empty array");
    j = small();
    j["digests"][0]["source"] = {"elsewhere"};
    expect(j, "digests[0]: source \"elsewhere\" is not one of \"sources\"");
    j = small();
    j["digests"].push_back({{"algorithm", "sha1"}, {"not_trusted_after", nullptr}, {"source", {"here"}}});
    expect(j, "digests[2]: duplicates an earlier entry");
    j = small();
    j["digests"][0]["min_bits"] = 160;  // sizes are for keys
    expect(j, "digests[0]: unknown field 'min_bits'");
    j = small();
    j["signature_keys"][0]["curve"] = "P-256";
    expect(j, "signature_keys[0]: give 'min_bits' or 'curve', not both");
    for (const nlohmann::json& bits :
         {nlohmann::json(0), nlohmann::json(-1), nlohmann::json(1.5), nlohmann::json("2048")}) {
        j = small();
        j["signature_keys"][0]["min_bits"] = bits;
        expect(j, "signature_keys[0]: 'min_bits' must be an integer");
    }
    j = small();
    j["signature_keys"][1]["algorithm"] = "";
    expect(j, "signature_keys[1]: 'algorithm' must be a non-empty string");
}

TEST(AlgorithmPolicy, LoadFile) {
    test::TempDir dir;
    auto missing = AlgorithmPolicy::load_file(dir / "none.json");
    ASSERT_FALSE(missing);
    EXPECT_EQ(missing.error().code, Errc::io);
    test::write(dir / "bad.json", as_bytes(std::string("[1, 2]")));
    auto bad = AlgorithmPolicy::load_file(dir / "bad.json");
    ASSERT_FALSE(bad);
    EXPECT_EQ(bad.error().code, Errc::usage);
    EXPECT_NE(bad.error().message.find((dir / "bad.json").string()), std::string::npos) << bad.error().message;
    test::write(dir / "good.json", as_bytes(small().dump(2)));
    auto good = AlgorithmPolicy::load_file(dir / "good.json");
    ASSERT_TRUE(good) << good.error().message;
    EXPECT_EQ((*good)->name(), "test-policy");
    // The shipped file loads from disk too (it is installed as share/kyso/algorithm-policy.json).
    auto shipped = AlgorithmPolicy::load_file(test::fs::path(KYSO_SOURCE_DIR) / "lib/verify/algorithm-policy.json");
    ASSERT_TRUE(shipped) << shipped.error().message;
    EXPECT_EQ((*shipped)->label(), "kyso-default 2026.11");
}
