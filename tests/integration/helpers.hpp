// Shared helpers of the integration tests (token_test, batch_test, profiles_test): running the CLI,
// generating inputs, reading JSON results and the fault proxy's C_Login log.
#pragma once

#include "support/fixtures.hpp"

#include <kyso/verify/report.hpp>
#include <kyso/xml/verify.hpp>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <cstddef>
#include <fstream>
#include <map>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace kyso::test {

using Json = nlohmann::json;

inline std::string cli() {
    return sh(std::string_view(KYSO_CLI));
}

// The verify options of the CLI for the test PKI.
inline std::string cli_trust() {
    return "--trust " + sh(pki("root.cert.pem")) + " --untrusted " + sh(pki("ca.cert.pem"));
}

// testdata/gen_claims.py --out DIR --count N --seed S (the system python3, standard library only).
inline void gen_claims(const fs::path& dir, int count, int seed) {
    const std::string cmd = "/usr/bin/python3 " + sh(std::string_view(KYSO_SOURCE_DIR "/testdata/gen_claims.py")) +
                            " --out " + sh(dir) + " --count " + std::to_string(count) + " --seed " +
                            std::to_string(seed) + " >/dev/null";
    if (run(cmd) != 0) throw std::runtime_error("gen_claims.py failed: " + cmd);
}

// Parses the CLI's stdout; a test that gets no JSON fails here.
inline Json parse_json(const std::string& text) {
    Json j = Json::parse(text, nullptr, /*allow_exceptions=*/false);
    if (j.is_discarded()) throw std::runtime_error("the CLI did not print valid JSON:\n" + text.substr(0, 2000));
    return j;
}

// Counts of a signing JSON's "results".
struct SignCounts {
    std::size_t signed_ = 0, skipped = 0, errors = 0;
    std::map<std::string, std::size_t> error_codes;
};
inline SignCounts sign_counts(const Json& j) {
    SignCounts c;
    for (const auto& r : j.at("results")) {
        const std::string status = r.at("status").get<std::string>();
        if (status == "signed")
            ++c.signed_;
        else if (status == "skipped")
            ++c.skipped;
        else if (status == "error") {
            ++c.errors;
            ++c.error_codes[r.at("error").at("code").get<std::string>()];
        } else {
            throw std::runtime_error("unknown status '" + status + "' in the signing JSON");
        }
    }
    return c;
}

// Every regular file under dir, hidden ones included (temporary files start with '.').
inline std::vector<fs::path> all_files(const fs::path& dir) {
    std::vector<fs::path> out;
    if (!fs::exists(dir)) return out;
    for (const auto& e : fs::recursive_directory_iterator(dir))
        if (e.is_regular_file()) out.push_back(e.path());
    return out;
}

// Lines "C_Login user_type=U rv=..." of the fault proxy's log.
struct LoginLog {
    std::vector<std::string> lines;
    std::size_t count(unsigned user_type) const {
        const std::string prefix = "C_Login user_type=" + std::to_string(user_type) + " ";
        std::size_t n = 0;
        for (const auto& l : lines)
            if (l.rfind(prefix, 0) == 0) ++n;
        return n;
    }
    std::size_t count_ok(unsigned user_type) const {
        const std::string prefix = "C_Login user_type=" + std::to_string(user_type) + " rv=0x00000000";
        std::size_t n = 0;
        for (const auto& l : lines)
            if (l == prefix) ++n;
        return n;
    }
    std::string text() const {
        std::string s;
        for (const auto& l : lines)
            s += l + "\n";
        return s;
    }
};
inline LoginLog login_log() {
    LoginLog log;
    std::ifstream in(token().login_log());
    for (std::string line; std::getline(in, line);)
        if (line.rfind("C_Login", 0) == 0) log.lines.push_back(line);
    return log;
}

// A PKCS#11 URI through the fault proxy (which forwards to SoftHSM).
inline std::string proxy_uri(const std::string& object, const std::string& pin = kPin) {
    return token().uri(object, "benhvien", Token::fault_module(), pin);
}

// Library verification of one file with the test PKI.
inline verify::DocumentReport verify_file(const fs::path& p) {
    return xml::verify(read(p), trust_context(), xml::VerifyOptions{}, p.string());
}

// "TOTAL_PASSED" for a document with exactly n signatures that all passed, else a description.
inline std::string verdicts(const verify::DocumentReport& r) {
    if (r.error) return "error " + std::string(errc_name(r.error->code)) + ": " + r.error->message;
    std::string s;
    for (const auto& sig : r.signatures) {
        if (!s.empty()) s += ",";
        s += std::string(verify::indication_name(sig.indication));
        if (sig.sub_indication != verify::SubIndication::none)
            s += "/" + std::string(verify::sub_indication_name(sig.sub_indication));
        for (const auto& e : sig.errors)
            s += " [" + e + "]";
    }
    return s.empty() ? "no signatures" : s;
}

}  // namespace kyso::test
