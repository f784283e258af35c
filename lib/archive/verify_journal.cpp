#include <kyso/archive/verify_journal.hpp>

#include "archive/file_hash.hpp"

#include <nlohmann/json.hpp>

#include <cerrno>
#include <chrono>
#include <cstring>
#include <fstream>
#include <unistd.h>

namespace kyso::archive {

namespace fs = std::filesystem;
using Json = nlohmann::ordered_json;

namespace {

constexpr int kVersion = 1;

Json summary_json(const verify::Summary& s) {
    return Json::array({s.documents, s.signatures, s.total_passed, s.total_failed, s.indeterminate, s.unreadable});
}

std::optional<JournalEntry> parse_entry(const std::string& line) {
    const Json j = Json::parse(line, nullptr, false);
    if (!j.is_object() || !j.contains("batch") || !j.contains("summary") || !j["summary"].is_array() ||
        j["summary"].size() != 6)
        return std::nullopt;
    try {
        JournalEntry e;
        e.batch = j.at("batch").get<std::string>();
        e.state = j.at("state").get<std::string>();
        e.outcome.failed = j.at("failed").get<bool>();
        e.outcome.unreadable = j.at("unreadable").get<bool>();
        e.outcome.indeterminate = j.at("indeterminate").get<bool>();
        const Json& s = j["summary"];
        e.outcome.summary = {s[0].get<std::size_t>(), s[1].get<std::size_t>(), s[2].get<std::size_t>(),
                             s[3].get<std::size_t>(), s[4].get<std::size_t>(), s[5].get<std::size_t>()};
        e.exit_code = j.at("exit").get<int>();
        e.output = j.at("output").get<std::string>();
        return e;
    } catch (const Json::exception&) {
        return std::nullopt;
    }
}

}  // namespace

std::string batch_state(const fs::path& batch_dir) {
    const detail::HashOutcome h = detail::hash_file(batch_dir / "tagmanifest-sha256.txt");
    return h.state == detail::FileState::ok ? hex_encode(h.digests.sha256) : std::string();
}

Result<VerifyJournal> VerifyJournal::open(const fs::path& file, const std::string& settings,
                                          std::optional<TimePoint> at) {
    VerifyJournal out;
    out.m_path = file;
    std::error_code ec;
    bool exists = fs::exists(file, ec);
    std::uintmax_t keep = 0;  // bytes of whole lines
    std::ifstream in;
    std::string line;
    if (exists) {
        in.open(file, std::ios::binary);
        if (!in) return fail(Errc::io, "cannot read the journal '" + file.string() + "'");
        const bool whole = static_cast<bool>(std::getline(in, line)) && !in.eof();
        // Empty, or a header torn by a kill before it was synced: a journal that recorded nothing yet.
        if (!whole && (line.empty() || line.rfind("{\"kyso_verify_journal\"", 0) == 0))
            exists = false;
        else if (!whole)
            return fail(Errc::usage, "'" + file.string() + "' is not a verification journal of kyso (no header line)");
    }
    if (exists) {
        Json h = Json::parse(line, nullptr, false);
        const auto text = [&h](const char* key) {
            return h.is_object() && h.contains(key) && h[key].is_string() ? h[key].get<std::string>() : std::string();
        };
        if (!h.is_object() || !h.contains("kyso_verify_journal") || h["kyso_verify_journal"] != kVersion ||
            text("validation_time").empty())
            return fail(Errc::usage, "'" + file.string() + "' is not a verification journal of kyso");
        if (text("settings") != settings)
            return fail(Errc::usage, "the journal '" + file.string() +
                                         "' was made for another verification (other trust anchors, policy, "
                                         "checkpoint or output format): give those, or another journal file");
        auto t = parse_rfc3339(text("validation_time"));
        if (!t) return fail(Errc::usage, "'" + file.string() + "': " + t.error().message);
        if (at && *at != *t)
            return fail(Errc::usage, "the journal '" + file.string() + "' verifies as of " + format_rfc3339(*t) +
                                         ", not " + format_rfc3339(*at) +
                                         ": resume without --at, or use another journal file");
        out.m_time = *t;
        keep = line.size() + 1;
        while (std::getline(in, line)) {
            if (in.eof()) break;  // no newline: torn by a kill
            auto e = parse_entry(line);
            if (!e) break;  // nothing after a damaged line is relied on
            out.m_index[e->batch] = Line{e->state, keep, line.size()};
            keep += line.size() + 1;
        }
    } else {
        // Whole seconds: the time the report prints is the time every batch is judged at.
        out.m_time = std::chrono::floor<std::chrono::seconds>(at.value_or(now_utc()));
    }
    std::error_code ignored;
    const bool on_disk = fs::exists(file, ignored);  // an empty or torn journal is written over
    out.m_file = std::fopen(file.c_str(), exists ? "r+b" : on_disk ? "wb" : "wbx");
    if (out.m_file == nullptr)
        return fail(Errc::io, "cannot open the journal '" + file.string() + "': " + std::strerror(errno));
    out.m_end = keep;
    if (exists) {
        if (::ftruncate(::fileno(out.m_file), static_cast<off_t>(keep)) != 0 ||
            std::fseek(out.m_file, 0, SEEK_END) != 0)
            return fail(Errc::io, "cannot write the journal '" + file.string() + "': " + std::strerror(errno));
    } else {
        const Json h{
            {"kyso_verify_journal", kVersion}, {"validation_time", format_rfc3339(out.m_time)}, {"settings", settings}};
        const std::string header = h.dump() + "\n";
        if (std::fwrite(header.data(), 1, header.size(), out.m_file) != header.size() || std::fflush(out.m_file) != 0 ||
            ::fsync(::fileno(out.m_file)) != 0)
            return fail(Errc::io, "cannot write the journal '" + file.string() + "': " + std::strerror(errno));
        out.m_end = header.size();
    }
    return out;
}

VerifyJournal::VerifyJournal(VerifyJournal&& other) noexcept
    : m_path(std::move(other.m_path)),
      m_file(other.m_file),
      m_end(other.m_end),
      m_time(other.m_time),
      m_index(std::move(other.m_index)) {
    other.m_file = nullptr;
}

VerifyJournal::~VerifyJournal() {
    if (m_file != nullptr) std::fclose(m_file);
}

std::optional<JournalEntry> VerifyJournal::find(const std::string& batch, const std::string& state) const {
    const auto it = m_index.find(batch);
    if (it == m_index.end() || state.empty() || it->second.state != state) return std::nullopt;
    std::string line(it->second.length, '\0');
    std::size_t got = 0;
    while (got < line.size()) {
        const ssize_t n = ::pread(::fileno(m_file), line.data() + got, line.size() - got,
                                  static_cast<off_t>(it->second.offset + got));
        if (n <= 0) return std::nullopt;  // unreadable now: the batch is verified again
        got += static_cast<std::size_t>(n);
    }
    auto e = parse_entry(line);
    if (!e || e->batch != batch || e->state != state) return std::nullopt;
    return e;
}

Result<void> VerifyJournal::add(const JournalEntry& e) {
    const Json j{{"batch", e.batch},
                 {"state", e.state},
                 {"failed", e.outcome.failed},
                 {"unreadable", e.outcome.unreadable},
                 {"indeterminate", e.outcome.indeterminate},
                 {"summary", summary_json(e.outcome.summary)},
                 {"exit", e.exit_code},
                 {"output", e.output}};
    const std::string line = j.dump(-1, ' ', false, Json::error_handler_t::replace) + "\n";
    if (std::fwrite(line.data(), 1, line.size(), m_file) != line.size() || std::fflush(m_file) != 0 ||
        ::fdatasync(::fileno(m_file)) != 0)
        return fail(Errc::io, "cannot write the journal '" + m_path.string() + "': " + std::strerror(errno));
    m_index[e.batch] = Line{e.state, m_end, line.size() - 1};
    m_end += line.size();
    return {};
}

}  // namespace kyso::archive
