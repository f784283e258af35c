// kyso — the dated algorithm policy: which digests and signature keys are trusted until which day
// (ETSI TS 119 312 as data), judged at a signature's proof-of-existence time (ETSI EN 319 102-1 §5.2.8).
#pragma once

#include <kyso/core/result.hpp>
#include <kyso/core/time.hpp>

#include <chrono>
#include <filesystem>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace kyso::verify {

// A signature key as the policy judges it: the scheme it signs with and its size.
struct KeyDescription {
    // As the policy file names it: "RSA" (PKCS#1 v1.5), "RSASSA-PSS", "ECDSA", "HMAC", ...
    std::string algorithm;
    int bits = 0;       // RSA: modulus bits; EC: field bits
    std::string curve;  // ECDSA: "P-256", "brainpoolP256r1", ...
};

// What the policy says of one algorithm at one time.
struct AlgorithmAssessment {
    enum class Status {
        trusted,        // trusted at that time
        sunset_passed,  // trusted once, but not after `not_trusted_after`
        never_trusted,  // listed as never acceptable, below the smallest listed size, or not listed at all
    };
    Status status = Status::never_trusted;
    std::string algorithm;  // what was judged, in words: "SHA-1", "RSA-1024", "ECDSA P-192"
    std::string entry;      // the entry that decided ("RSA >= 1024 bits"); empty when none applies
    std::optional<std::chrono::sys_days> not_trusted_after;  // the entry's last trusted day (UTC)
    std::vector<std::string> sources;                        // the entry's sources (keys of the file's "sources")
    std::string note;                                        // the entry's note, or why no entry applies

    bool trusted() const noexcept { return status == Status::trusted; }
    // Whether the entry trusts the algorithm at `t`: never for never_trusted, else before the end of
    // `not_trusted_after` (always when it has no sunset).
    bool trusted_at(TimePoint t) const noexcept;
};

// An immutable policy, shared by every verification of a batch. The file format is described in
// lib/verify/algorithm-policy.json (the built-in policy, also installed as share/kyso/algorithm-policy.json).
class AlgorithmPolicy {
public:
    // Parses and checks a policy file's text. `origin` names it in messages. Errc::usage when malformed.
    static Result<std::shared_ptr<const AlgorithmPolicy>> parse(std::string_view json,
                                                                const std::string& origin = "algorithm policy");
    static Result<std::shared_ptr<const AlgorithmPolicy>> load_file(const std::filesystem::path& path);
    // The policy compiled into the library (kyso-default).
    static std::shared_ptr<const AlgorithmPolicy> builtin();
    // The text of the built-in policy file.
    static std::string_view builtin_text();

    const std::string& name() const noexcept { return m_name; }
    const std::string& version() const noexcept { return m_version; }
    // "kyso-default 2026.11"
    std::string label() const { return m_name + " " + m_version; }
    // The text of one of the file's "sources" (empty when unknown).
    std::string source(const std::string& key) const;

    // A digest algorithm by name ("SHA-1", "sha256", "SHA3-256"; case, '-' and '_' do not matter).
    AlgorithmAssessment digest(std::string_view algorithm, TimePoint at) const;
    // A signature key: RSA and RSASSA-PSS by modulus size (the entry with the largest min_bits not above
    // it), ECDSA by curve, others by name.
    AlgorithmAssessment key(const KeyDescription& key, TimePoint at) const;

private:
    struct Entry {
        std::string algorithm;  // as written in the file
        int min_bits = 0;       // 0: any size
        std::string curve;      // empty: any curve
        bool never = false;
        std::optional<std::chrono::sys_days> last_day;
        std::vector<std::string> sources;
        std::string note;
    };
    AlgorithmPolicy() = default;
    AlgorithmAssessment judge(const Entry& e, std::string algorithm, std::string entry, TimePoint at) const;

    std::string m_name, m_version;
    std::map<std::string, std::string> m_sources;
    std::vector<Entry> m_digests, m_keys;
};

}  // namespace kyso::verify
