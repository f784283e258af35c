// Batches through the CLI (KYSO_CLI): token removal and resume, parallel workers, volume, layout.
#include "integration/helpers.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <map>
#include <random>
#include <set>

#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

namespace kyso::test {
namespace {

std::string sign_cmd(const fs::path& in, const fs::path& out, const std::string& keyspec,
                     const std::string& extra = {}) {
    return cli() + " xml sign " + sh(in) + " --out " + sh(out) + " --key " + sh(std::string_view(keyspec)) +
           " --json " + extra;
}

// `kyso xml verify DIR --trust root --untrusted ca --json`: every one of n documents holds one
// TOTAL_PASSED signature, exit code 0.
void expect_cli_verifies_all(const fs::path& dir, std::size_t n) {
    std::string out;
    const int rc = run(cli() + " xml verify " + sh(dir) + " " + cli_trust() + " --json", &out);
    EXPECT_EQ(rc, 0) << out.substr(0, 4000);
    const Json j = parse_json(out);
    const Json& s = j.at("summary");
    EXPECT_EQ(s.at("documents").get<std::size_t>(), n);
    EXPECT_EQ(s.at("signatures").get<std::size_t>(), n);
    EXPECT_EQ(s.at("total_passed").get<std::size_t>(), n);
    EXPECT_EQ(s.at("total_failed").get<std::size_t>(), 0u);
    EXPECT_EQ(s.at("indeterminate").get<std::size_t>(), 0u);
    EXPECT_EQ(s.at("unreadable").get<std::size_t>(), 0u);
    ASSERT_EQ(j.at("documents").size(), n);
    std::size_t bad = 0;
    for (const auto& d : j.at("documents")) {
        const bool ok = d.at("error").is_null() && d.at("signatures").size() == 1 &&
                        d.at("signatures")[0].at("indication") == "TOTAL_PASSED";
        if (!ok && ++bad <= 3) ADD_FAILURE() << d.dump(2).substr(0, 2000);
    }
    EXPECT_EQ(bad, 0u);
}

// No temporary or partial outputs: no ".kyso-tmp" files, nothing hidden.
void expect_no_temporary_files(const fs::path& dir) {
    for (const auto& p : all_files(dir)) {
        const std::string name = p.filename().string();
        EXPECT_EQ(name.find("kyso-tmp"), std::string::npos) << "temporary file left behind: " << p;
        EXPECT_NE(name.front(), '.') << "hidden file left behind: " << p;
    }
}

// 8. The token is pulled out after 60 signatures of 200; the batch stops cleanly and resumes.
TEST(Batch, TokenRemovedMidBatchLeavesNoPartialOutputAndResumes) {
    token();
    TempDir dir;
    const fs::path in = dir / "in", out = dir / "out";
    constexpr std::size_t kTotal = 200, kAfter = 60;
    gen_claims(in, kTotal, 8);

    std::string text;
    int rc = run("KYSO_FAULT_REMOVE_AFTER=" + std::to_string(kAfter) + " " +
                     sign_cmd(in, out, proxy_uri("hospital-rsa"), "--jobs 2"),
                 &text);
    EXPECT_EQ(rc, 4) << text.substr(0, 4000);
    const Json first = parse_json(text);
    const SignCounts c = sign_counts(first);
    ASSERT_EQ(first.at("results").size(), kTotal);
    // The proxy reserves each of the kAfter signatures before forwarding, so exactly kAfter get through.
    EXPECT_EQ(c.signed_, kAfter) << "KYSO_FAULT_REMOVE_AFTER=" << kAfter << " must allow exactly " << kAfter
                                 << " signatures";
    EXPECT_EQ(c.skipped, 0u);
    EXPECT_EQ(c.errors, kTotal - c.signed_);
    EXPECT_EQ(c.error_codes.size(), 1u);
    EXPECT_EQ(c.error_codes.count("token_not_present") ? c.error_codes.at("token_not_present") : 0u, c.errors);
    EXPECT_EQ(first.at("summary").at("signed").get<std::size_t>(), c.signed_);
    EXPECT_EQ(first.at("summary").at("errors").get<std::size_t>(), c.errors);

    // Outputs: exactly the signed ones, each complete and valid; nothing temporary or partial.
    expect_no_temporary_files(out);
    std::set<fs::path> expected;
    for (const auto& r : first.at("results")) {
        if (r.at("status") == "signed") {
            expected.insert(fs::path(r.at("output").get<std::string>()));
        } else {
            EXPECT_TRUE(r.at("output").is_null()) << r.dump();
        }
    }
    const auto files = all_files(out);
    EXPECT_EQ(std::set<fs::path>(files.begin(), files.end()), expected);
    for (const auto& p : files)
        EXPECT_EQ(verdicts(verify_file(p)), "TOTAL_PASSED") << p;

    // Put the token back (no fault) and run again: the signed ones are skipped, the rest signed.
    rc = run(sign_cmd(in, out, proxy_uri("hospital-rsa"), "--jobs 2"), &text);
    EXPECT_EQ(rc, 0) << text.substr(0, 4000);
    const SignCounts again = sign_counts(parse_json(text));
    EXPECT_EQ(again.skipped, c.signed_);
    EXPECT_EQ(again.signed_, kTotal - c.signed_);
    EXPECT_EQ(again.errors, 0u);
    expect_no_temporary_files(out);
    EXPECT_EQ(all_files(out).size(), kTotal);
    expect_cli_verifies_all(out, kTotal);
}

// 9. Four workers, 1,000 documents, straight through SoftHSM.
TEST(Batch, FourWorkersThousandDocuments) {
    token();
    TempDir dir;
    constexpr std::size_t kTotal = 1000;
    gen_claims(dir / "in", kTotal, 9);
    std::string text;
    const int rc = run(sign_cmd(dir / "in", dir / "out", token().uri("hospital-rsa"), "--jobs 4"), &text);
    EXPECT_EQ(rc, 0) << text.substr(0, 4000);
    const SignCounts c = sign_counts(parse_json(text));
    EXPECT_EQ(c.signed_, kTotal);
    EXPECT_EQ(c.errors, 0u);
    EXPECT_EQ(c.skipped, 0u);
    expect_no_temporary_files(dir / "out");
    EXPECT_EQ(all_files(dir / "out").size(), kTotal);
    expect_cli_verifies_all(dir / "out", kTotal);
}

// 10. Volume: 10,000 envelopes through SoftHSM with two workers.
TEST(Batch, TenThousandEnvelopes) {
    token();
    TempDir dir;
    constexpr std::size_t kTotal = 10000;
    gen_claims(dir / "in", static_cast<int>(kTotal), 10);
    const auto start = std::chrono::steady_clock::now();
    std::string text;
    const int rc = run(sign_cmd(dir / "in", dir / "out", token().uri("hospital-rsa"), "--jobs 2"), &text);
    const auto seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    RecordProperty("sign_seconds", std::to_string(seconds));
    EXPECT_EQ(rc, 0) << text.substr(0, 4000);
    const SignCounts c = sign_counts(parse_json(text));
    EXPECT_EQ(c.signed_, kTotal);
    EXPECT_EQ(c.errors, 0u);
    EXPECT_LT(seconds, 120.0) << "signing 10,000 envelopes took " << seconds << " s";
    expect_no_temporary_files(dir / "out");
    EXPECT_EQ(all_files(dir / "out").size(), kTotal);
    expect_cli_verifies_all(dir / "out", kTotal);
}

// 11. Resume never overwrites an output that is not a signed copy of its input, unless --force.
TEST(Batch, ResumeRefusesForeignOutputUnlessForce) {
    token();
    TempDir dir;
    const fs::path in = dir / "in", out = dir / "out";
    gen_claims(in, 3, 11);
    const std::string key = token().uri("hospital-rsa");

    // A random file where claim_000002's output goes.
    Bytes junk(4096);
    std::mt19937 rng(11);
    for (auto& b : junk)
        b = static_cast<std::uint8_t>(rng());
    write(out / "claim_000002.xml", junk);

    std::string text;
    int rc = run(sign_cmd(in, out, key, "--jobs 2"), &text);
    EXPECT_EQ(rc, 3) << text;
    Json j = parse_json(text);
    SignCounts c = sign_counts(j);
    EXPECT_EQ(c.signed_, 2u);
    EXPECT_EQ(c.errors, 1u);
    EXPECT_EQ(c.error_codes["output_exists"], 1u) << text;
    for (const auto& r : j.at("results")) {
        if (r.at("status") == "error") {
            EXPECT_NE(r.at("input").get<std::string>().find("claim_000002.xml"), std::string::npos) << r.dump();
        }
    }
    EXPECT_EQ(read(out / "claim_000002.xml"), junk) << "the foreign output was overwritten without --force";

    // Another input's signed output in claim_000003's place is not "a signed copy of its input" either.
    fs::copy_file(out / "claim_000001.xml", out / "claim_000003.xml", fs::copy_options::overwrite_existing);
    const Bytes wrong_copy = read(out / "claim_000003.xml");
    rc = run(sign_cmd(in, out, key, "--jobs 2"), &text);
    EXPECT_EQ(rc, 3) << text;
    c = sign_counts(parse_json(text));
    EXPECT_EQ(c.skipped, 1u);
    EXPECT_EQ(c.errors, 2u);
    EXPECT_EQ(c.error_codes["output_exists"], 2u) << text;
    EXPECT_EQ(read(out / "claim_000003.xml"), wrong_copy);

    // --force re-signs everything.
    rc = run(sign_cmd(in, out, key, "--jobs 2 --force"), &text);
    EXPECT_EQ(rc, 0) << text;
    c = sign_counts(parse_json(text));
    EXPECT_EQ(c.signed_, 3u);
    EXPECT_EQ(c.errors, 0u);
    expect_no_temporary_files(out);
    for (const auto* name : {"claim_000001.xml", "claim_000002.xml", "claim_000003.xml"})
        EXPECT_EQ(verdicts(verify_file(out / name)), "TOTAL_PASSED") << name;
    // The outputs are signed copies of their own inputs: a plain rerun skips all three.
    rc = run(sign_cmd(in, out, key, "--jobs 2"), &text);
    EXPECT_EQ(rc, 0) << text;
    EXPECT_EQ(sign_counts(parse_json(text)).skipped, 3u);
}

// 12. A nested input directory keeps its layout under --out; inputs are never modified.
TEST(Batch, NestedInputLayoutIsKept) {
    token();
    TempDir dir;
    gen_claims(dir / "gen", 5, 12);
    const fs::path in = dir / "in", out = dir / "out";
    const std::vector<std::string> layout{"z.xml", "a/x.xml", "a/b/y.xml", "c/d/e/w.xml", "c/v.xml"};
    std::map<std::string, Bytes> originals;
    auto gen = all_files(dir / "gen");
    std::sort(gen.begin(), gen.end());
    ASSERT_EQ(gen.size(), layout.size());
    for (std::size_t i = 0; i < layout.size(); ++i) {
        write(in / layout[i], read(gen[i]));
        originals[layout[i]] = read(gen[i]);
    }
    write(in / "a" / "notes.txt", as_bytes(std::string_view("not xml")));  // not an input

    std::string text;
    const int rc = run(sign_cmd(in, out, token().uri("hospital-rsa"), "--jobs 2"), &text);
    EXPECT_EQ(rc, 0) << text;
    const SignCounts c = sign_counts(parse_json(text));
    EXPECT_EQ(c.signed_, layout.size());
    std::set<fs::path> want, got;
    for (const auto& rel : layout)
        want.insert(out / rel);
    for (const auto& p : all_files(out))
        got.insert(p);
    EXPECT_EQ(got, want);
    for (const auto& rel : layout) {
        EXPECT_EQ(verdicts(verify_file(out / rel)), "TOTAL_PASSED") << rel;
        EXPECT_EQ(read(in / rel), originals[rel]) << "input modified: " << rel;
    }
    expect_cli_verifies_all(out, layout.size());
}

}  // namespace
}  // namespace kyso::test

namespace kyso::test {
namespace {

// A batch killed with SIGKILL in the middle leaves only complete outputs (plus, at most, temporary
// files of the dead process); the same command again finishes the rest and removes those temporaries.
TEST(Batch, KilledBatchLeavesOnlyCompleteOutputsAndResumes) {
    TempDir dir;
    const fs::path in = dir / "in", out = dir / "out";
    constexpr std::size_t kTotal = 1500;
    gen_claims(in, kTotal, 21);
    const std::string key = "p12:" + pki("hospital-rsa.p12").string();
    const std::string cmd = sign_cmd(in, out, key, "--pass pass:kyso-test --jobs 2");

    const pid_t child = ::fork();
    ASSERT_GE(child, 0);
    if (child == 0) {
        ::execl("/bin/sh", "sh", "-c", ("exec " + cmd + " >/dev/null 2>&1").c_str(), static_cast<char*>(nullptr));
        ::_exit(127);
    }
    // Kill it once a fair part of the batch is on disk, while it is still writing.
    std::size_t done = 0;
    for (int i = 0; i < 3000 && done < kTotal / 5; ++i) {
        ::usleep(2000);
        done = 0;
        std::error_code ec;
        if (fs::exists(out, ec))
            for (const auto& e : fs::directory_iterator(out, ec))
                done += e.path().filename().string()[0] != '.';
    }
    ASSERT_EQ(::kill(child, SIGKILL), 0);
    int status = 0;
    ::waitpid(child, &status, 0);
    ASSERT_TRUE(WIFSIGNALED(status)) << "the batch finished before it could be killed";

    std::size_t complete = 0;
    for (const auto& p : all_files(out)) {
        if (p.filename().string()[0] == '.') continue;  // the dead process's temporaries
        ++complete;
    }
    ASSERT_GT(complete, 0u);
    ASSERT_LT(complete, kTotal);
    expect_cli_verifies_all(out, complete);  // every visible output is complete and valid

    std::string text;
    EXPECT_EQ(run(cmd, &text), 0) << text.substr(0, 2000);
    const SignCounts c = sign_counts(parse_json(text));
    EXPECT_EQ(c.skipped, complete);
    EXPECT_EQ(c.signed_, kTotal - complete);
    EXPECT_EQ(c.errors, 0u);
    expect_no_temporary_files(out);
    expect_cli_verifies_all(out, kTotal);
}

}  // namespace
}  // namespace kyso::test
