// kyso archive create / export / verify end to end: a real RFC 3161 TSA on 127.0.0.1, records signed
// by kyso from testdata/samples, independent checks with openssl asn1parse, openssl ts -verify and
// sha256sum -c, and every tamper case with its precise reason and exit code.
#include "integration/archive_cli.hpp"
#include "support/services.hpp"

#include <kyso/archive/evidence_record.hpp>

#include <gtest/gtest.h>

#include <algorithm>
#include <set>
#include <unistd.h>

namespace kyso::test {
namespace {

// Signed inputs: claim_001.xml + claim_001.pdf (one record with --group-by stem), claim_002.xml,
// note_003.txt (unsigned), report_004.pdf.
void make_inputs(const fs::path& in, const fs::path& work) {
    const std::string key = sh(std::string_view("p12:" + pki("hospital-rsa.p12").string())) + " --pass pass:kyso-test";
    fs::create_directories(work / "xml");
    fs::copy_file(fs::path(KYSO_SAMPLES_DIR) / "claims-4750-sample.xml", work / "xml/claim.xml");
    std::string out;
    if (run(cli() + " xml sign " + sh(work / "xml/claim.xml") + " --out " + sh(work / "claim.xml") + " --key " + key +
                " 2>&1",
            &out) != 0)
        throw std::runtime_error("xml sign failed: " + out);
    if (run(cli() + " pdf sign " + sh(fs::path(KYSO_SAMPLES_DIR) / "record-sample.pdf") + " --out " +
                sh(work / "record.pdf") + " --key " + key + " 2>&1",
            &out) != 0)
        throw std::runtime_error("pdf sign failed: " + out);
    fs::create_directories(in);
    fs::copy_file(work / "claim.xml", in / "claim_001.xml");
    fs::copy_file(work / "record.pdf", in / "claim_001.pdf");
    fs::copy_file(work / "claim.xml", in / "claim_002.xml");
    write(in / "note_003.txt", as_bytes("ghi chú của bác sĩ\n"));
    fs::copy_file(work / "record.pdf", in / "report_004.pdf");
}

struct Batch {
    fs::path dir;
    Json created;
    std::vector<std::string> ids;  // record ids, leaf order
    std::string root;
};

Batch create(const TsaServer& tsa, const fs::path& in, const fs::path& out, const std::string& extra = "") {
    std::string text;
    const int rc = run(cli() + " archive create " + sh(in) + " --out " + sh(out) + " --tsa " + sh(tsa.url()) +
                           " --group-by stem --json " + extra,
                       &text);
    if (rc != 0) throw std::runtime_error("archive create failed (" + std::to_string(rc) + "): " + text);
    Batch b;
    b.dir = out;
    b.created = parse_json(text);
    for (const auto& r : b.created["records"])
        b.ids.push_back(r["record_id"].get<std::string>());
    b.root = b.created["batch"]["root"].get<std::string>();
    return b;
}

Verified verify_dir(const fs::path& dir, const std::string& options = cli_trust()) {
    Verified v;
    v.rc = run(cli() + " archive verify " + sh(dir) + " " + options + " --json --no-cache 2>&1", &v.text);
    v.j = parse_json(v.text.substr(v.text.find('{')));
    return v;
}

const Json* record_of(const Json& j, const std::string& id) {
    for (const auto& r : j["archive"]["records"])
        if (r["record_id"] == id) return &r;
    return nullptr;
}

std::string file_status(const Json& j, const std::string& id, const std::string& name) {
    const Json* r = record_of(j, id);
    if (!r) return "no record";
    for (const auto& f : (*r)["files"])
        if (f["path"] == name) return f["status"].get<std::string>();
    return "not reported";
}

// The record id holding the input file named `name`.
std::string id_of(const Batch& b, const std::string& name) {
    for (const auto& r : b.created["records"])
        for (const auto& f : r["files"])
            if (fs::path(f["input"].get<std::string>()).filename() == name) return r["record_id"];
    throw std::runtime_error("no record for " + name);
}

TEST(Archive, RoundTripCreateExportVerify) {
    TsaServer tsa(pki_dir());
    TempDir dir;
    make_inputs(dir / "in", dir / "work");
    const Batch b = create(tsa, dir / "in", dir / "batch");
    ASSERT_EQ(b.ids.size(), 4u);  // claim_001 (xml + pdf), claim_002, note_003, report_004
    EXPECT_TRUE(std::is_sorted(b.ids.begin(), b.ids.end()));
    for (const auto& id : b.ids) {
        EXPECT_EQ(id.size(), 17u);
        EXPECT_EQ(id[0], 'r');
    }
    EXPECT_EQ(record_of(Json{{"archive", {{"records", Json::array()}}}}, "x"), nullptr);
    for (const char* f : {"bagit.txt", "bag-info.txt", "manifest-sha256.txt", "manifest-sha512.txt",
                          "tagmanifest-sha256.txt", "tagmanifest-sha512.txt", "evidence/batch.ers",
                          "evidence/leaves.bin", "evidence/index", "evidence/events.jsonl"})
        EXPECT_TRUE(fs::exists(b.dir / f)) << f;
    EXPECT_EQ(fs::file_size(b.dir / "evidence/leaves.bin"), 32u * 4);
    EXPECT_FALSE(fs::is_empty(b.dir / "evidence/validation-data"));  // the signers' certificates
    // The input paths (the mapping to record ids) are not in the bag.
    std::string grep;
    EXPECT_NE(run("grep -rl " + sh((dir / "in").string()) + " " + sh(b.dir), &grep), 0) << grep;
    // bag-info and the bag itself checked by an independent reading: sha256sum over the payload manifest.
    std::string out;
    EXPECT_EQ(run("cd " + sh(b.dir) +
                      " && sha256sum -c --quiet manifest-sha256.txt && sha512sum -c --quiet "
                      "manifest-sha512.txt && sha256sum -c --quiet tagmanifest-sha256.txt 2>&1",
                  &out),
              0)
        << out;
    EXPECT_NE(read_text(b.dir / "bag-info.txt").find("Payload-Oxum: "), std::string::npos);

    // The batch verifies: every record OK, signatures inside reported per record.
    Verified v = verify_dir(b.dir);
    EXPECT_EQ(v.rc, 0) << v.text;
    EXPECT_EQ(v.j["archive"]["status"], "OK") << v.text;
    EXPECT_EQ(v.j["archive"]["timestamp"]["status"], "TRUSTED");
    EXPECT_FALSE(v.j["archive"]["statement"]["t0"].is_null());
    EXPECT_FALSE(v.j["archive"]["statement"]["renewal_due"].is_null());
    // RFC 3339 UTC strings compare in time order: T0 < D < T1.
    const auto t0 = v.j["archive"]["statement"]["t0"].get<std::string>();
    const auto t1 = v.j["archive"]["statement"]["t1"].get<std::string>();
    const auto due = v.j["archive"]["statement"]["renewal_due"].get<std::string>();
    EXPECT_LT(t0, due);
    EXPECT_LT(due, t1);
    EXPECT_LE(t1, v.j["archive"]["timestamp"]["tsa_not_after"].get<std::string>());
    ASSERT_EQ(v.j["documents"].size(), 4u);
    std::size_t signatures = 0;
    for (const auto& d : v.j["documents"]) {
        EXPECT_EQ(d["format"], "archive-record");
        for (const auto& s : d["signatures"]) {
            EXPECT_EQ(s["indication"], "TOTAL_PASSED") << s.dump();
            // XML and PDF (without a signature time-stamp of its own) inside a proven record: the archive
            // time-stamp is the proof of existence.
            EXPECT_EQ(s["time_source"], "timestamp") << s.dump();
            EXPECT_NE(s["warnings"].dump().find("archive time-stamp"), std::string::npos) << s.dump();
            ++signatures;
        }
    }
    EXPECT_EQ(signatures, 4u);  // claim_001.xml, claim_001.pdf, claim_002.xml, report_004.pdf

    // The batch ER's token is over the root: openssl ts -verify -digest.
    auto er = archive::decode_evidence_record(read(b.dir / "evidence/batch.ers"));
    ASSERT_TRUE(er);
    write(dir / "batch.tst", er->chains[0][0].timestamp);
    EXPECT_EQ(run("openssl ts -verify -digest " + b.root + " -in " + sh(dir / "batch.tst") + " -token_in -CAfile " +
                      sh(pki("root.cert.pem")) + " -untrusted " + sh(pki("ca.cert.pem")) + " 2>&1",
                  &out),
              0)
        << out;

    // Export every record; each package checks with openssl and sha256sum, and verifies on its own.
    for (const auto& id : b.ids) {
        const fs::path pkg = dir / ("pkg-" + id);
        ASSERT_EQ(run(cli() + " archive export " + sh(b.dir) + " " + id + " --out " + sh(pkg) + " 2>&1", &out), 0)
            << out;
        const fs::path ers = pkg / (id + ".ers");
        ASSERT_TRUE(fs::exists(ers));
        EXPECT_EQ(run("openssl asn1parse -inform DER -in " + sh(ers) + " >/dev/null 2>&1"), 0);
        auto rec = archive::decode_evidence_record(read(ers));
        ASSERT_TRUE(rec);
        EXPECT_FALSE(rec->chains[0][0].reduced_tree.empty());
        write(dir / (id + ".tst"), rec->chains[0][0].timestamp);
        EXPECT_EQ(
            run("openssl ts -verify -digest " + b.root + " -in " + sh(dir / (id + ".tst")) + " -token_in -CAfile " +
                    sh(pki("root.cert.pem")) + " -untrusted " + sh(pki("ca.cert.pem")) + " 2>&1",
                &out),
            0)
            << out;
        EXPECT_EQ(run("cd " + sh(pkg) + " && sha256sum -c SHA256SUMS 2>&1", &out), 0) << out;
        // The independent verifier recomputes the reduced tree to the time-stamped root.
        EXPECT_EQ(rfc4998_verify(ers, pkg / "record.manifest", &out), 0) << out;
        EXPECT_NE(out.find(b.root), std::string::npos) << out;
        EXPECT_TRUE(fs::exists(pkg / "README.txt"));
        EXPECT_TRUE(fs::exists(pkg / "record.manifest"));
        // Nothing of other records.
        for (const auto& other : b.ids)
            if (other != id) {
                EXPECT_NE(run("grep -rl " + other + " " + sh(pkg) + " >/dev/null"), 0);
            }
        Verified pv = verify_dir(pkg);
        EXPECT_EQ(pv.rc, 0) << pv.text;
        EXPECT_EQ(pv.j["archive"]["kind"], "package");
        EXPECT_EQ(pv.j["archive"]["proof"]["root"], b.root);
        // Deterministic: a second export gives the same evidence record.
        ASSERT_EQ(
            run(cli() + " archive export " + sh(b.dir) + " " + id + " --out " + sh(dir / "again") + " 2>&1", &out), 0);
        EXPECT_EQ(read(ers), read(dir / "again" / (id + ".ers")));
        fs::remove_all(dir / "again");
    }
    // The exports were logged, and the batch still verifies (tag manifests follow the log).
    EXPECT_NE(read_text(b.dir / "evidence/events.jsonl").find("\"export\""), std::string::npos);
    EXPECT_EQ(verify_dir(b.dir).rc, 0);
    // kyso verify detects a batch and a package.
    ASSERT_EQ(run(cli() + " verify " + sh(b.dir) + " " + cli_trust() + " --json --no-cache", &out), 0) << out;
    EXPECT_TRUE(parse_json(out).contains("archive"));
    ASSERT_EQ(run(cli() + " verify " + sh(dir / ("pkg-" + b.ids[0])) + " " + cli_trust() + " --json --no-cache", &out),
              0)
        << out;
    EXPECT_EQ(parse_json(out)["archive"]["kind"], "package");
}

TEST(Archive, BatchTamperCases) {
    TsaServer tsa(pki_dir());
    TempDir dir;
    make_inputs(dir / "in", dir / "work");
    const Batch b = create(tsa, dir / "in", dir / "batch");
    const std::string c1 = id_of(b, "claim_001.xml"), c2 = id_of(b, "claim_002.xml"), n3 = id_of(b, "note_003.txt");

    {  // One changed byte in one record: only that record fails, the file named.
        const fs::path t = copy_of(b.dir, dir / "changed");
        Bytes data = read(t / "data/records" / c2 / "claim_002.xml");
        data[data.size() / 2] ^= 0x01;
        write(t / "data/records" / c2 / "claim_002.xml", data);
        const Verified v = verify_dir(t);
        EXPECT_EQ(v.rc, 1) << v.text;
        EXPECT_EQ(file_status(v.j, c2, "claim_002.xml"), "CHANGED");
        EXPECT_EQ((*record_of(v.j, c2))["status"], "CHANGED");
        EXPECT_EQ((*record_of(v.j, c1))["status"], "OK");
        EXPECT_EQ((*record_of(v.j, n3))["status"], "OK");
    }
    {  // A deleted record.
        const fs::path t = copy_of(b.dir, dir / "deleted");
        fs::remove_all(t / "data/records" / n3);
        const Verified v = verify_dir(t);
        EXPECT_EQ(v.rc, 1) << v.text;
        EXPECT_EQ((*record_of(v.j, n3))["status"], "MISSING");
        EXPECT_EQ(file_status(v.j, n3, "note_003.txt"), "MISSING");
        EXPECT_EQ((*record_of(v.j, c1))["status"], "OK");
    }
    {  // An extra unlisted file.
        const fs::path t = copy_of(b.dir, dir / "extra");
        write(t / "data/records" / c1 / "added.xml", as_bytes("<x/>"));
        const Verified v = verify_dir(t);
        EXPECT_EQ(v.rc, 1) << v.text;
        EXPECT_EQ(file_status(v.j, c1, "added.xml"), "EXTRA");
    }
    {  // A renamed file: both names reported.
        const fs::path t = copy_of(b.dir, dir / "renamed");
        fs::rename(t / "data/records" / c1 / "claim_001.pdf", t / "data/records" / c1 / "other.pdf");
        const Verified v = verify_dir(t);
        EXPECT_EQ(v.rc, 1) << v.text;
        EXPECT_EQ(file_status(v.j, c1, "claim_001.pdf"), "RENAMED");
        EXPECT_NE(v.text.find("\"renamed_to\": \"other.pdf\""), std::string::npos) << v.text;
        EXPECT_EQ(file_status(v.j, c1, "other.pdf"), "not reported");
    }
    {  // Paths with '..' and absolute paths in a manifest: refused, never opened.
        const fs::path t = copy_of(b.dir, dir / "paths");
        write(dir / "secret", as_bytes("outside the bag"));
        std::string m = read_text(t / "manifest-sha256.txt");
        m += std::string(64, '0') + "  data/../../secret\n" + std::string(64, '0') + "  /etc/passwd\n";
        write(t / "manifest-sha256.txt", as_bytes(m));
        const Verified v = verify_dir(t);
        EXPECT_EQ(v.rc, 1) << v.text;
        const std::string others = v.j["archive"]["other_files"].dump();
        EXPECT_NE(others.find("data/../../secret"), std::string::npos) << others;
        EXPECT_NE(others.find("'..' component"), std::string::npos) << others;
        EXPECT_NE(others.find("absolute path"), std::string::npos) << others;
        EXPECT_NE(others.find("REFUSED"), std::string::npos) << others;
    }
    {  // A reordered leaves.bin.
        const fs::path t = copy_of(b.dir, dir / "leaves");
        Bytes leaves = read(t / "evidence/leaves.bin");
        std::swap_ranges(leaves.begin(), leaves.begin() + 32, leaves.begin() + 32);
        write(t / "evidence/leaves.bin", leaves);
        const Verified v = verify_dir(t);
        EXPECT_EQ(v.rc, 1) << v.text;
        EXPECT_NE(v.j["archive"]["proof"]["problem"].get<std::string>().find("leaves reordered or altered"),
                  std::string::npos)
            << v.text;
    }
    {  // A time-stamp spliced from another batch.
        const Batch other = create(tsa, dir / "in", dir / "other-batch");
        const fs::path t = copy_of(b.dir, dir / "spliced");
        fs::copy_file(other.dir / "evidence/batch.ers", t / "evidence/batch.ers", fs::copy_options::overwrite_existing);
        const Verified v = verify_dir(t);
        EXPECT_EQ(v.rc, 1) << v.text;
        EXPECT_NE(v.j["archive"]["proof"]["problem"].get<std::string>().find("which the time-stamp does not cover"),
                  std::string::npos)
            << v.text;
    }
    {  // A rewritten record.manifest (hashes made to match a changed file) no longer hashes to its leaf.
        const fs::path t = copy_of(b.dir, dir / "manifest");
        std::string m = read_text(t / "data/records" / n3 / "record.manifest");
        m[30] = m[30] == 'a' ? 'b' : 'a';  // inside the salt
        write(t / "data/records" / n3 / "record.manifest", as_bytes(m));
        const Verified v = verify_dir(t);
        EXPECT_EQ(v.rc, 1) << v.text;
        EXPECT_NE((*record_of(v.j, n3))["problems"].dump().find("does not hash to the record's leaf"),
                  std::string::npos)
            << v.text;
    }
    {  // Without the TSA's root as a trust anchor the time-stamp proves nothing: INDETERMINATE (2).
        const Verified v = verify_dir(b.dir, "");
        EXPECT_EQ(v.rc, 2) << v.text;
        EXPECT_EQ(v.j["archive"]["timestamp"]["status"], "UNTRUSTED");
    }
}

TEST(Archive, UnreadableIsNotMissing) {
    TsaServer tsa(pki_dir());
    TempDir dir;
    make_inputs(dir / "in", dir / "work");
    const Batch b = create(tsa, dir / "in", dir / "batch");
    const std::string n3 = id_of(b, "note_003.txt");
    const fs::path victim = b.dir / "data/records" / n3 / "note_003.txt";
    if (::geteuid() == 0) {
        // root reads through chmod 000: a directory in place of the file is an I/O error (EISDIR) instead.
        fs::remove(victim);
        fs::create_directory(victim);
    } else {
        fs::permissions(victim, fs::perms::none);
    }
    const Verified v = verify_dir(b.dir);
    fs::permissions(victim, fs::perms::owner_all, fs::perm_options::add);
    EXPECT_EQ(v.rc, 3) << v.text;
    EXPECT_EQ(file_status(v.j, n3, "note_003.txt"), "UNREADABLE") << v.text;
    EXPECT_EQ((*record_of(v.j, n3))["status"], "UNREADABLE");
    // An unreadable payload manifest is UNREADABLE too (exit 3), not a failed check.
    fs::remove_all(victim);
    write(victim, as_bytes("ghi chú của bác sĩ\n"));
    ASSERT_EQ(verify_dir(b.dir).rc, 0);
    fs::remove(b.dir / "manifest-sha512.txt");
    fs::create_directory(b.dir / "manifest-sha512.txt");
    const Verified m = verify_dir(b.dir);
    EXPECT_EQ(m.rc, 3) << m.text;
    EXPECT_NE(m.j["archive"]["tag_files"].dump().find("UNREADABLE"), std::string::npos) << m.text;
}

TEST(Archive, PackageTamperCases) {
    TsaServer tsa(pki_dir());
    TempDir dir;
    make_inputs(dir / "in", dir / "work");
    const Batch b = create(tsa, dir / "in", dir / "batch");
    std::string out;
    for (const auto& id : b.ids)
        ASSERT_EQ(run(cli() + " archive export " + sh(b.dir) + " " + id + " --out " + sh(dir / id) + " 2>&1", &out), 0)
            << out;
    // Four leaves: leaf 0 has two lists. Leaf 1 is its sibling: their reduced trees hold the same hashes
    // (sorted hashing makes them equivalent proofs), so the swap attack uses leaf 2.
    const std::string first = b.ids[0], second = b.ids[2];
    const auto tampered = [&](const std::string& name, auto mutate) {
        const fs::path t = copy_of(dir / first, dir / name);
        auto er = archive::decode_evidence_record(read(t / (first + ".ers")));
        if (!er) throw std::runtime_error(er.error().message);
        mutate(*er);
        write(t / (first + ".ers"), archive::encode_evidence_record(*er));
        return verify_dir(t);
    };
    {  // An altered sibling hash.
        const Verified v = tampered("sibling", [](archive::EvidenceRecord& er) {
            auto& list = er.chains[0][0].reduced_tree[1];
            list[0][5] ^= 0x40;
        });
        // So does the independent verifier.
        EXPECT_EQ(rfc4998_verify(dir / "sibling" / (first + ".ers"), dir / "sibling/record.manifest", &out), 1) << out;
        EXPECT_EQ(v.rc, 1) << v.text;
        EXPECT_NE(v.j["archive"]["proof"]["problem"].get<std::string>().find("which the time-stamp does not cover"),
                  std::string::npos)
            << v.text;
    }
    {  // The PartialHashtrees in another order.
        const Verified v = tampered("swapped-lists", [](archive::EvidenceRecord& er) {
            auto& t = er.chains[0][0].reduced_tree;
            ASSERT_GE(t.size(), 2u);
            t.push_back(t[0]);
            t.erase(t.begin());
        });
        EXPECT_EQ(v.rc, 1) << v.text;
        EXPECT_FALSE(v.j["archive"]["proof"]["ok"].get<bool>());
    }
    {  // Evidence records swapped between records.
        const fs::path t = copy_of(dir / first, dir / "swapped-ers");
        fs::copy_file(dir / second / (second + ".ers"), t / (first + ".ers"), fs::copy_options::overwrite_existing);
        const Verified v = verify_dir(t);
        EXPECT_EQ(rfc4998_verify(t / (first + ".ers"), t / "record.manifest", &out), 1) << out;
        EXPECT_EQ(v.rc, 1) << v.text;
        EXPECT_NE(v.j["archive"]["proof"]["problem"].get<std::string>().find("not in the first list"),
                  std::string::npos)
            << v.text;
    }
    {  // A time-stamp from another batch spliced into the package's evidence record.
        const Batch other = create(tsa, dir / "in", dir / "other-batch");
        auto foreign = archive::decode_evidence_record(read(other.dir / "evidence/batch.ers"));
        ASSERT_TRUE(foreign);
        const Verified v = tampered("spliced", [&](archive::EvidenceRecord& er) {
            er.chains[0][0].timestamp = foreign->chains[0][0].timestamp;
        });
        EXPECT_EQ(v.rc, 1) << v.text;
        EXPECT_NE(v.j["archive"]["proof"]["problem"].get<std::string>().find("which the time-stamp does not cover"),
                  std::string::npos)
            << v.text;
    }
    {  // A changed file in the package.
        const fs::path t = copy_of(dir / first, dir / "changed");
        const Json* rec = nullptr;
        for (const auto& r : b.created["records"])
            if (r["record_id"] == first) rec = &r;
        ASSERT_NE(rec, nullptr);
        const std::string name = (*rec)["files"][0]["name"];
        Bytes data = read(t / name);
        data[0] ^= 1;
        write(t / name, data);
        const Verified v = verify_dir(t);
        EXPECT_EQ(v.rc, 1) << v.text;
        EXPECT_EQ(file_status(v.j, first, name), "CHANGED") << v.text;
    }
    {  // A malformed evidence record: refused with where it broke.
        const fs::path t = copy_of(dir / first, dir / "garbage");
        Bytes der = read(t / (first + ".ers"));
        der.push_back(0);
        write(t / (first + ".ers"), der);
        const Verified v = verify_dir(t);
        EXPECT_EQ(v.rc, 1) << v.text;
        EXPECT_NE(v.j["archive"]["proof"]["problem"].get<std::string>().find("trailing bytes"), std::string::npos);
    }
}

TEST(Archive, CreateIsAtomic) {
    TsaServer tsa(pki_dir());
    TempDir dir;
    fs::create_directories(dir / "in");
    write(dir / "in/a.txt", as_bytes("a"));
    write(dir / "in/b.txt", as_bytes("b"));
    // An existing non-empty output is refused (exit 4) and left alone.
    fs::create_directories(dir / "taken");
    write(dir / "taken/keep.txt", as_bytes("keep"));
    std::string out;
    EXPECT_EQ(run(cli() + " archive create " + sh(dir / "in") + " --out " + sh(dir / "taken") + " --tsa " +
                      sh(tsa.url()) + " 2>&1",
                  &out),
              4)
        << out;
    EXPECT_NE(out.find("output_exists"), std::string::npos) << out;
    EXPECT_EQ(read_text(dir / "taken/keep.txt"), "keep");
    // A failing TSA leaves nothing behind: no output, no partial directory.
    for (const char* mode : {"reject", "http-500"}) {
        EXPECT_NE(run(cli() + " archive create " + sh(dir / "in") + " --out " + sh(dir / "failed") + " --tsa " +
                          sh(tsa.url(mode)) + " 2>&1",
                      &out),
                  0)
            << out;
        EXPECT_FALSE(fs::exists(dir / "failed"));
        for (const auto& e : fs::directory_iterator(dir.path()))
            EXPECT_EQ(e.path().filename().string().find(".partial-"), std::string::npos) << e.path();
    }
    // An empty existing directory is fine (the bag takes its place).
    fs::create_directories(dir / "empty");
    EXPECT_EQ(run(cli() + " archive create " + sh(dir / "in") + " --out " + sh(dir / "empty") + " --tsa " +
                      sh(tsa.url()) + " --json 2>&1",
                  &out),
              0)
        << out;
    EXPECT_TRUE(fs::exists(dir / "empty/bagit.txt"));
    // Usage: no --tsa.
    EXPECT_EQ(run(cli() + " archive create " + sh(dir / "in") + " --out " + sh(dir / "x") + " 2>&1", &out), 4);
    // An unknown record id is refused before any path is built from it.
    EXPECT_EQ(
        run(cli() + " archive export " + sh(dir / "empty") + " ../../etc --out " + sh(dir / "pkg") + " 2>&1", &out), 4)
        << out;
}

TEST(Archive, GroupingAndFileNames) {
    TsaServer tsa(pki_dir());
    TempDir dir;
    fs::create_directories(dir / "in/episode-a");
    fs::create_directories(dir / "in/episode-b");
    write(dir / "in/episode-a/claim.xml", as_bytes("<a/>"));
    write(dir / "in/episode-a/record.pdf", as_bytes("%PDF-1.4 not really"));
    write(dir / "in/episode-b/bad\nname.txt", as_bytes("b"));    // a control character: not kept as a name
    write(dir / "in/episode-b/record.manifest", as_bytes("c"));  // the reserved name: renamed too
    std::string out;
    ASSERT_EQ(run(cli() + " archive create " + sh(dir / "in") + " --out " + sh(dir / "batch") + " --tsa " +
                      sh(tsa.url()) + " --group-by dir --json",
                  &out),
              0)
        << out;
    const Json j = parse_json(out);
    ASSERT_EQ(j["records"].size(), 2u) << out;
    std::multiset<std::string> names;
    std::vector<std::size_t> sizes;
    for (const auto& r : j["records"]) {
        sizes.push_back(r["files"].size());
        for (const auto& f : r["files"])
            names.insert(f["name"].get<std::string>());
    }
    std::sort(sizes.begin(), sizes.end());
    EXPECT_EQ(sizes, (std::vector<std::size_t>{2, 2}));
    EXPECT_EQ(names.count("claim.xml"), 1u);
    EXPECT_EQ(names.count("record.pdf"), 1u);
    EXPECT_EQ(names.count("record.manifest"), 0u);
    for (const auto& n : names)
        EXPECT_EQ(n.find('\n'), std::string::npos) << n;
    const Verified v = verify_dir(dir / "batch");
    EXPECT_EQ(v.j["archive"]["status"], "OK") << v.text;
    // Default grouping: one record per file.
    ASSERT_EQ(run(cli() + " archive create " + sh(dir / "in") + " --out " + sh(dir / "per-file") + " --tsa " +
                      sh(tsa.url()) + " --json",
                  &out),
              0)
        << out;
    EXPECT_EQ(parse_json(out)["records"].size(), 4u);
}

}  // namespace
}  // namespace kyso::test
