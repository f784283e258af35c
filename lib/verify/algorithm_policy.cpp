#include <kyso/verify/algorithm_policy.hpp>

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <fstream>
#include <set>
#include <sstream>

namespace kyso::verify {

namespace detail {
// The built-in policy file, embedded at build time (generated from lib/verify/algorithm-policy.json).
extern const char kBuiltinAlgorithmPolicy[];
extern const std::size_t kBuiltinAlgorithmPolicySize;
}  // namespace detail

namespace {

using nlohmann::json;
constexpr std::string_view kFormat = "kyso-algorithm-policy/1";

// Names compare without case, '-', '_' or spaces: "SHA-256" = "sha256" = "SHA256".
std::string fold(std::string_view s) {
    std::string out;
    for (const char c : s)
        if (c != '-' && c != '_' && c != ' ') out += static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    return out;
}

std::optional<std::chrono::sys_days> parse_date(const std::string& s) {
    if (s.size() != 10 || s[4] != '-' || s[7] != '-') return std::nullopt;
    for (std::size_t i : {0u, 1u, 2u, 3u, 5u, 6u, 8u, 9u})
        if (!std::isdigit(static_cast<unsigned char>(s[i]))) return std::nullopt;
    const std::chrono::year_month_day ymd{std::chrono::year(std::stoi(s.substr(0, 4))),
                                          std::chrono::month(static_cast<unsigned>(std::stoi(s.substr(5, 2)))),
                                          std::chrono::day(static_cast<unsigned>(std::stoi(s.substr(8, 2))))};
    if (!ymd.ok()) return std::nullopt;
    return std::chrono::sys_days(ymd);
}

// The first instant an entry no longer trusts: the day after its last trusted day, 00:00 UTC.
TimePoint end_of(std::chrono::sys_days last_day) {
    return TimePoint(last_day + std::chrono::days(1));
}

class Checker {
public:
    explicit Checker(std::string origin) : m_origin(std::move(origin)) {}
    Failure bad(const std::string& where, const std::string& what) const {
        return fail(Errc::usage, m_origin + ": " + (where.empty() ? "" : where + ": ") + what);
    }

private:
    std::string m_origin;
};

}  // namespace

bool AlgorithmAssessment::trusted_at(TimePoint t) const noexcept {
    if (status == Status::never_trusted) return false;
    return !not_trusted_after || t < end_of(*not_trusted_after);
}

Result<std::shared_ptr<const AlgorithmPolicy>> AlgorithmPolicy::parse(std::string_view text,
                                                                      const std::string& origin) {
    const Checker check(origin);
    json j;
    try {
        j = json::parse(text.begin(), text.end());
    } catch (const json::exception& e) {
        return check.bad("", std::string("not valid JSON (") + e.what() + ")");
    }
    if (!j.is_object()) return check.bad("", "must be a JSON object");
    static const std::set<std::string> top{"format",  "name",    "version",       "description",
                                           "sources", "digests", "signature_keys"};
    for (const auto& [k, v] : j.items())
        if (!top.count(k)) return check.bad(k, "unknown field");
    const auto text_field = [&](const json& obj, const std::string& key, const std::string& where,
                                bool required) -> Result<std::string> {
        const auto it = obj.find(key);
        if (it == obj.end()) {
            if (required) return check.bad(where, "'" + key + "' is missing");
            return std::string();
        }
        if (!it->is_string() || it->get<std::string>().empty())
            return check.bad(where, "'" + key + "' must be a non-empty string");
        return it->get<std::string>();
    };

    std::shared_ptr<AlgorithmPolicy> p(new AlgorithmPolicy());
    KYSO_TRY(const std::string format, text_field(j, "format", "", true));
    if (format != kFormat) return check.bad("format", "'" + format + "' is not " + std::string(kFormat));
    KYSO_TRY(p->m_name, text_field(j, "name", "", true));
    KYSO_TRY(p->m_version, text_field(j, "version", "", true));
    if (j.contains("description") && !j["description"].is_string()) return check.bad("description", "must be a string");
    if (!j.contains("sources") || !j["sources"].is_object() || j["sources"].empty())
        return check.bad("sources", "must be a non-empty object: source name -> what it is");
    for (const auto& [k, v] : j["sources"].items()) {
        if (!v.is_string() || v.get<std::string>().empty())
            return check.bad("sources." + k, "must be a non-empty string");
        p->m_sources[k] = v.get<std::string>();
    }

    const auto entries = [&](const std::string& list, bool keys, std::vector<Entry>& out) -> Result<void> {
        if (!j.contains(list) || !j[list].is_array()) return check.bad(list, "must be an array");
        std::set<std::string> seen;
        for (std::size_t i = 0; i < j[list].size(); ++i) {
            const json& e = j[list][i];
            const std::string where = list + "[" + std::to_string(i) + "]";
            if (!e.is_object()) return check.bad(where, "must be an object");
            for (const auto& [k, v] : e.items())
                if (k != "algorithm" && k != "not_trusted_after" && k != "source" && k != "note" &&
                    !(keys && (k == "min_bits" || k == "curve")))
                    return check.bad(where, "unknown field '" + k + "'");
            Entry entry;
            KYSO_TRY(entry.algorithm, text_field(e, "algorithm", where, true));
            KYSO_TRY(entry.note, text_field(e, "note", where, false));
            if (keys && e.contains("min_bits")) {
                const json& b = e["min_bits"];
                if (!b.is_number_integer() || b.get<long long>() < 1 || b.get<long long>() > 65536)
                    return check.bad(where, "'min_bits' must be an integer from 1 to 65536");
                entry.min_bits = b.get<int>();
            }
            if (keys && e.contains("curve")) {
                KYSO_TRY(entry.curve, text_field(e, "curve", where, true));
            }
            if (entry.min_bits != 0 && !entry.curve.empty())
                return check.bad(where, "give 'min_bits' or 'curve', not both");
            if (!e.contains("not_trusted_after"))
                return check.bad(where, "'not_trusted_after' is missing (a YYYY-MM-DD date, null or \"never\")");
            const json& d = e["not_trusted_after"];
            if (d.is_string() && d.get<std::string>() == "never") {
                entry.never = true;
            } else if (d.is_string()) {
                entry.last_day = parse_date(d.get<std::string>());
                if (!entry.last_day)
                    return check.bad(where, "'not_trusted_after' '" + d.get<std::string>() +
                                                "' is not a date (YYYY-MM-DD), null or \"never\"");
            } else if (!d.is_null()) {
                return check.bad(where, "'not_trusted_after' must be a YYYY-MM-DD date, null or \"never\"");
            }
            if (!e.contains("source") || !e["source"].is_array() || e["source"].empty())
                return check.bad(where, "'source' must be a non-empty array of names from \"sources\"");
            for (const auto& s : e["source"]) {
                if (!s.is_string() || !p->m_sources.count(s.get<std::string>()))
                    return check.bad(where, "source " + s.dump() + " is not one of \"sources\"");
                entry.sources.push_back(s.get<std::string>());
            }
            const std::string id =
                fold(entry.algorithm) + "/" + std::to_string(entry.min_bits) + "/" + fold(entry.curve);
            if (!seen.insert(id).second) return check.bad(where, "duplicates an earlier entry");
            out.push_back(std::move(entry));
        }
        return {};
    };
    KYSO_CHECK(entries("digests", false, p->m_digests));
    KYSO_CHECK(entries("signature_keys", true, p->m_keys));
    return std::shared_ptr<const AlgorithmPolicy>(std::move(p));
}

Result<std::shared_ptr<const AlgorithmPolicy>> AlgorithmPolicy::load_file(const std::filesystem::path& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) return fail(Errc::io, "algorithm policy '" + path.string() + "' cannot be read");
    std::ostringstream text;
    text << in.rdbuf();
    if (in.bad()) return fail(Errc::io, "algorithm policy '" + path.string() + "' cannot be read");
    return parse(text.str(), "algorithm policy '" + path.string() + "'");
}

std::string_view AlgorithmPolicy::builtin_text() {
    return {detail::kBuiltinAlgorithmPolicy, detail::kBuiltinAlgorithmPolicySize};
}

std::shared_ptr<const AlgorithmPolicy> AlgorithmPolicy::builtin() {
    static const std::shared_ptr<const AlgorithmPolicy> policy = [] {
        auto p = parse(builtin_text(), "built-in algorithm policy");
        // The file is checked when it is embedded (cmake/embed_file.cmake) and by the unit tests; a
        // built-in policy that does not parse is a broken build, not a condition to recover from.
        if (!p) std::abort();
        return std::move(*p);
    }();
    return policy;
}

std::string AlgorithmPolicy::source(const std::string& key) const {
    const auto it = m_sources.find(key);
    return it == m_sources.end() ? std::string() : it->second;
}

AlgorithmAssessment AlgorithmPolicy::judge(const Entry& e, std::string algorithm, std::string entry,
                                           TimePoint at) const {
    AlgorithmAssessment a;
    a.algorithm = std::move(algorithm);
    a.entry = std::move(entry);
    a.not_trusted_after = e.last_day;
    a.sources = e.sources;
    a.note = e.note;
    if (e.never)
        a.status = AlgorithmAssessment::Status::never_trusted;
    else if (e.last_day && at >= end_of(*e.last_day))
        a.status = AlgorithmAssessment::Status::sunset_passed;
    else
        a.status = AlgorithmAssessment::Status::trusted;
    return a;
}

AlgorithmAssessment AlgorithmPolicy::digest(std::string_view algorithm, TimePoint at) const {
    const std::string key = fold(algorithm);
    for (const auto& e : m_digests)
        if (fold(e.algorithm) == key) return judge(e, e.algorithm, e.algorithm, at);
    AlgorithmAssessment a;
    a.algorithm = algorithm.empty() ? "an unnamed digest" : std::string(algorithm);
    a.note = "the policy does not list it";
    return a;
}

AlgorithmAssessment AlgorithmPolicy::key(const KeyDescription& k, TimePoint at) const {
    std::string shown = k.algorithm.empty() ? "an unnamed key type" : k.algorithm;
    if (!k.curve.empty())
        shown += " " + k.curve;
    else if (k.bits > 0)
        shown += "-" + std::to_string(k.bits);
    const std::string algorithm = fold(k.algorithm);
    const Entry* by_size = nullptr;
    const Entry* any_size = nullptr;
    int smallest = 0;
    bool has_curves = false;
    for (const auto& e : m_keys) {
        if (fold(e.algorithm) != algorithm) continue;
        if (!e.curve.empty()) {
            has_curves = true;
            if (!k.curve.empty() && fold(e.curve) == fold(k.curve))
                return judge(e, shown, e.algorithm + " " + e.curve, at);
        } else if (e.min_bits == 0) {
            any_size = &e;
        } else {
            smallest = smallest == 0 ? e.min_bits : std::min(smallest, e.min_bits);
            if (k.bits >= e.min_bits && (by_size == nullptr || e.min_bits > by_size->min_bits)) by_size = &e;
        }
    }
    if (by_size != nullptr)
        return judge(*by_size, shown, by_size->algorithm + " >= " + std::to_string(by_size->min_bits) + " bits", at);
    if (any_size != nullptr) return judge(*any_size, shown, any_size->algorithm, at);
    AlgorithmAssessment a;
    a.algorithm = shown;
    if (smallest != 0)
        a.note = "the policy lists " + k.algorithm + " keys from " + std::to_string(smallest) + " bits only";
    else if (has_curves)
        a.note = "the policy does not list the curve " + (k.curve.empty() ? std::string("(none given)") : k.curve);
    else
        a.note = "the policy does not list it";
    return a;
}

}  // namespace kyso::verify
