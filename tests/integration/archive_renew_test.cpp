// kyso archive renew end to end (RFC 4998 §5.2): a time-stamp renewal keeps the original time as proof of
// existence after the first TSA's certificate has expired (the validation time moved past it), where the
// same archive without renewal is INDETERMINATE; a hash-tree renewal to SHA-512 verifies through both
// chains, in kyso and in the independent verifier (testdata/rfc4998_verify.py), which reports the EU DSS
// concatenation order. One TSA call renews every batch.
#include "integration/archive_cli.hpp"
#include "support/services.hpp"

#include <gtest/gtest.h>

#include <algorithm>

namespace kyso::test {
namespace {

// Requests the TSA has answered so far (one log line each).
std::size_t tsa_requests(const TsaServer& tsa) {
    const std::string log = tsa.log();
    return static_cast<std::size_t>(std::count(log.begin(), log.end(), '\n'));
}

Json renew(const TsaServer& tsa, const fs::path& archive, const std::string& extra = "") {
    std::string text;
    const int rc =
        run(cli() + " archive renew " + sh(archive) + " --tsa " + sh(tsa.url()) + " --json " + extra + " 2>&1", &text);
    EXPECT_EQ(rc, 0) << text;
    return rc == 0 ? parse_json(text) : Json();
}

// A time well after the short-lived TSA certificate's notAfter (and before the other certificates').
std::string after_short_tsa_expiry() {
    std::string text;
    if (run("openssl x509 -noout -enddate -dateopt iso_8601 -in " + sh(pki("tsa-short.cert.pem")), &text) != 0)
        throw std::runtime_error("cannot read tsa-short.cert.pem: " + text);
    const int year = std::stoi(text.substr(text.find('=') + 1, 4));  // "notAfter=2028-11-23 00:00:00Z"
    return std::to_string(year + 1) + "-06-01T00:00:00Z";
}

fs::path export_first_record(const fs::path& archive, const Json& verified, const fs::path& out) {
    const Json& batch = verified["archive"]["batches"][0];
    const std::string id = batch["records"][0]["record_id"];
    std::string text;
    EXPECT_EQ(run(cli() + " archive export " + sh(archive / "batches" / batch["batch_id"].get<std::string>()) + " " +
                      id + " --out " + sh(out) + " 2>&1",
                  &text),
              0)
        << text;
    return out / (id + ".ers");
}

}  // namespace

TEST(ArchiveRenewCli, TimestampRenewalKeepsTheOriginalTimeAfterTheFirstTsaExpires) {
    TsaServer tsa(pki_dir());
    TempDir dir;
    const fs::path archive = dir / "archive";
    append(archive, {make_batch(tsa, dir.path(), "a", 3, "short"), make_batch(tsa, dir.path(), "b", 2, "short")});
    const fs::path unrenewed = copy_of(archive, dir / "unrenewed");
    const std::string later = after_short_tsa_expiry();

    // Today both verify; after the short-lived TSA certificate expired only a renewed archive does.
    const Verified before = verify_archive(archive);
    ASSERT_EQ(before.rc, 0) << before.text;
    const std::string t0 = before.j["archive"]["batches"][0]["statement"]["t0"];

    const std::size_t requests = tsa_requests(tsa);
    const Json r = renew(tsa, archive);
    EXPECT_EQ(tsa_requests(tsa), requests + 1) << "one TSA call renews every batch";
    ASSERT_EQ(r["batches"].size(), 2u);
    for (const auto& b : r["batches"]) {
        EXPECT_EQ(b["chain"], 1);
        EXPECT_EQ(b["index"], 2);
    }

    const Verified renewed = verify_archive(archive, "--at " + later);
    EXPECT_EQ(renewed.rc, 0) << renewed.text;
    EXPECT_EQ(renewed.j["archive"]["log"]["problems"].size(), 0u) << "renewal leaves the logged entries as they were";
    for (const auto& b : renewed.j["archive"]["batches"]) {
        EXPECT_EQ(b["status"], "OK") << b.dump();
        ASSERT_EQ(b["timestamps"].size(), 2u);
        EXPECT_EQ(b["timestamps"][0]["tsa"], "CN=Kyso Test TSA (short-lived)");
        // The first time-stamp is judged at the renewal's genTime, when its TSA was still valid.
        EXPECT_EQ(b["timestamps"][0]["checked_at"], b["timestamps"][1]["gen_time"]);
        EXPECT_EQ(b["timestamps"][1]["tsa"], "CN=Kyso Test TSA");
    }
    EXPECT_EQ(renewed.j["archive"]["batches"][0]["statement"]["t0"], t0) << "the original time stays T0";

    const Verified stale = verify_archive(unrenewed, "--at " + later);
    EXPECT_EQ(stale.rc, 2) << stale.text;
    EXPECT_EQ(stale.j["archive"]["status"], "INDETERMINATE");
    EXPECT_TRUE(stale.j["archive"]["batches"][0]["statement"]["t0"].is_null());

    // A record's exported evidence carries the renewal: kyso and the independent verifier accept it then.
    const fs::path ers = export_first_record(archive, renewed.j, dir / "package");
    const Verified package = verify_archive(dir / "package", "--at " + later);
    EXPECT_EQ(package.rc, 0) << package.text;
    EXPECT_EQ(package.j["archive"]["statement"]["t0"], t0);
    std::string out;
    EXPECT_EQ(rfc4998_verify(ers, dir / "package/record.manifest", &out, "--at " + later), 0) << out;
    const Json checked = parse_json(out.substr(out.find('{')));
    EXPECT_EQ(checked["chains"][0].size(), 2u) << out;
}

TEST(ArchiveRenewCli, HashTreeRenewalToSha512VerifiesThroughBothChains) {
    TsaServer tsa(pki_dir());
    TempDir dir;
    const fs::path archive = dir / "archive";
    append(archive, {make_batch(tsa, dir.path(), "a", 3), make_batch(tsa, dir.path(), "b", 1)});

    const std::size_t requests = tsa_requests(tsa);
    const Json r = renew(tsa, archive, "--hash-tree sha512");
    EXPECT_EQ(tsa_requests(tsa), requests + 1);
    for (const auto& b : r["batches"]) {
        EXPECT_EQ(b["chain"], 2);
        EXPECT_EQ(b["index"], 1);
    }
    // Then a time-stamp renewal of the new chain.
    renew(tsa, archive);

    const Verified v = verify_archive(archive);
    ASSERT_EQ(v.rc, 0) << v.text;
    for (const auto& b : v.j["archive"]["batches"]) {
        ASSERT_EQ(b["timestamps"].size(), 3u) << b.dump();
        EXPECT_EQ(b["timestamps"][0]["algorithm"], "SHA-256");
        EXPECT_EQ(b["timestamps"][1]["chain"], 2);
        EXPECT_EQ(b["timestamps"][1]["algorithm"], "SHA-512");
        EXPECT_EQ(b["timestamps"][2]["index"], 2);
        for (const auto& t : b["timestamps"])
            EXPECT_EQ(t["status"], "TRUSTED") << t.dump();
    }

    // The exported evidence record: SHA-512 leaf H(H(manifest) || H(chain 1)), in that (EU DSS) order.
    const fs::path ers = export_first_record(archive, v.j, dir / "package");
    std::string out;
    ASSERT_EQ(rfc4998_verify(ers, dir / "package/record.manifest", &out), 0) << out;
    const Json checked = parse_json(out.substr(out.find('{')));
    EXPECT_EQ(checked["renewal_concatenation"], "unsorted") << out;
    EXPECT_EQ(checked["chains"].size(), 2u);
    const Verified package = verify_archive(dir / "package");
    EXPECT_EQ(package.rc, 0) << package.text;
    EXPECT_EQ(package.j["archive"]["timestamps"].size(), 3u);

    // A record whose manifest no longer leads to its SHA-512 leaf is named (the leaf file re-listed in the
    // tag manifests, so only the renewal's own check can see it).
    const std::string batch_id = v.j["archive"]["batches"][0]["batch_id"];
    const fs::path batch = archive / "batches" / batch_id;
    Bytes leaves = read(batch / "evidence/leaves-2.bin");
    leaves[5] ^= 1;
    write(batch / "evidence/leaves-2.bin", leaves);
    std::string text;
    ASSERT_EQ(run("cd " + sh(batch) +
                      " && sed -i '/leaves-2.bin/d' tagmanifest-sha256.txt tagmanifest-sha512.txt && "
                      "sha256sum evidence/leaves-2.bin >> tagmanifest-sha256.txt && sha512sum evidence/leaves-2.bin >> "
                      "tagmanifest-sha512.txt",
                  &text),
              0)
        << text;
    const Verified tampered = verify_archive(batch);
    EXPECT_EQ(tampered.rc, 1) << tampered.text;
    EXPECT_NE(tampered.text.find("does not lead to the record's leaf in evidence/leaves-2.bin"), std::string::npos)
        << tampered.text;
    EXPECT_FALSE(tampered.j["archive"]["proof"]["ok"].get<bool>());
}

TEST(ArchiveRenewCli, HashTreeRenewalRefusesAChangedRecordAndWritesNothing) {
    TsaServer tsa(pki_dir());
    TempDir dir;
    const fs::path archive = dir / "archive";
    append(archive, {make_batch(tsa, dir.path(), "a", 2)});
    const Verified v = verify_archive(archive);
    ASSERT_EQ(v.rc, 0) << v.text;
    const fs::path batch = archive / "batches" / v.j["archive"]["batches"][0]["batch_id"].get<std::string>();
    const Json& record = v.j["archive"]["batches"][0]["records"][0];
    const std::string id = record["record_id"];
    std::string name;
    for (const auto& f : record["files"])
        if (f["path"] != "record.manifest") name = f["path"];
    ASSERT_FALSE(name.empty()) << record.dump();
    write(batch / "data/records" / id / name, as_bytes("altered\n"));
    const Bytes ers = read(batch / "evidence/batch.ers");
    const std::size_t requests = tsa_requests(tsa);
    std::string text;
    EXPECT_EQ(
        run(cli() + " archive renew " + sh(archive) + " --tsa " + sh(tsa.url()) + " --hash-tree sha512 2>&1", &text), 3)
        << text;
    EXPECT_NE(text.find("record " + id + ": '" + name + "' no longer matches record.manifest"), std::string::npos)
        << text;
    EXPECT_EQ(read(batch / "evidence/batch.ers"), ers);
    EXPECT_FALSE(fs::exists(batch / "evidence/leaves-2.bin"));
    EXPECT_EQ(tsa_requests(tsa), requests) << "nothing is time-stamped before every record was checked";
    // Not an archive nor a batch: a usage error.
    EXPECT_EQ(run(cli() + " archive renew " + sh(dir.path()) + " --tsa " + sh(tsa.url()) + " 2>&1", &text), 4) << text;
}

}  // namespace kyso::test
