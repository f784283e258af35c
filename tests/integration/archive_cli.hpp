// Archive CLI steps shared by the archive integration tests: small batches sealed by the loopback TSA,
// appended under a log signed with the PKCS#12 test key, an archive verified as JSON.
#pragma once

#include "integration/helpers.hpp"
#include "support/services.hpp"

#include <gtest/gtest.h>

namespace kyso::test {

inline const std::string kKey =
    "--key " + sh(std::string_view("p12:" + pki("hospital-rsa.p12").string())) + " --pass pass:kyso-test";

// A batch of `n` small records (text files) whose content depends on `tag`.
inline fs::path make_batch(const TsaServer& tsa, const fs::path& work, const std::string& tag, int n = 2,
                           const std::string& mode = "") {
    const fs::path in = work / ("in-" + tag), out = work / ("batch-" + tag);
    fs::create_directories(in);
    for (int i = 0; i < n; ++i)
        write(in / ("note_" + std::to_string(i) + ".txt"), as_bytes("hồ sơ " + tag + " " + std::to_string(i) + "\n"));
    std::string text;
    if (run(cli() + " archive create " + sh(in) + " --out " + sh(out) + " --tsa " + sh(tsa.url(mode)) + " 2>&1",
            &text) != 0)
        throw std::runtime_error("archive create failed: " + text);
    return out;
}

inline fs::path copy_of(const fs::path& dir, const fs::path& to) {
    fs::copy(dir, to, fs::copy_options::recursive);
    return to;
}

inline Json append(const fs::path& archive, const std::vector<fs::path>& batches, int expected_rc = 0) {
    std::string cmd = cli() + " archive append " + sh(archive);
    for (const auto& b : batches)
        cmd += " " + sh(b);
    std::string text;
    const int rc = run(cmd + " --origin bv-test " + kKey + " --json 2>&1", &text);
    EXPECT_EQ(rc, expected_rc) << text;
    return rc == 0 ? parse_json(text) : Json();
}

struct Verified {
    int rc = -1;
    Json j;
    std::string text;
};

inline Verified verify_archive(const fs::path& archive, const std::string& extra = "") {
    Verified v;
    v.rc = run(cli() + " archive verify " + sh(archive) + " " + cli_trust() + " --no-cache --json " + extra + " 2>&1",
               &v.text);
    const auto brace = v.text.find('{');
    if (brace != std::string::npos) v.j = parse_json(v.text.substr(brace));
    return v;
}

// testdata/rfc4998_verify.py (an independent RFC 4998 verifier: Python standard library, asn1crypto and
// openssl ts -verify): its exit status for an evidence record over a data object. `extra`: e.g. --at.
inline int rfc4998_verify(const fs::path& er, const fs::path& data, std::string* out, const std::string& extra = "") {
    return run("/usr/bin/python3 " + sh(std::string_view(KYSO_SOURCE_DIR "/testdata/rfc4998_verify.py")) + " --er " +
                   sh(er) + " --data " + sh(data) + " --tsa-ca " + sh(pki("root.cert.pem")) + " --untrusted " +
                   sh(pki("ca.cert.pem")) + " --json " + extra + " 2>&1",
               out);
}

}  // namespace kyso::test
