// An archive's verification as JSON: at once (archive_dir_json) or streamed batch by batch.
#include <kyso/archive/archive_dir_verify.hpp>

#include <nlohmann/json.hpp>

#include <cerrno>
#include <cstring>

namespace kyso::archive {

namespace {

using Json = nlohmann::ordered_json;

// The "archive" object without its batches.
Json archive_object(const ArchiveDirVerification& v) {
    Json a;
    a["kind"] = "archive";
    a["path"] = v.path;
    a["origin"] = v.origin;
    a["status"] = v.failed() ? "FAILED" : v.unreadable() ? "UNREADABLE" : v.indeterminate() ? "INDETERMINATE" : "OK";
    Json log{{"size", v.log.size}, {"checkpoint_matches", v.log.checkpoint_matches}, {"problems", v.log.problems}};
    if (v.log.checkpoint) {
        const Checkpoint& c = v.log.checkpoint->checkpoint;
        log["checkpoint"] = {{"size", c.size},
                             {"root", to_hex(c.root)},
                             {"time", format_rfc3339(c.time)},
                             {"signer", v.log.checkpoint->certificates.at(0).subject()},
                             {"signer_trusted", v.key_trusted},
                             {"signer_problem", v.key_problem}};
    }
    if (v.auditor_checkpoint) {
        const Checkpoint& c = v.auditor_checkpoint->checkpoint;
        log["auditor_checkpoint"] = {{"size", c.size},
                                     {"root", to_hex(c.root)},
                                     {"time", format_rfc3339(c.time)},
                                     {"consistent", v.log.old_checkpoint_consistent}};
    }
    a["log"] = std::move(log);
    return a;
}

std::string dump(const Json& j) {
    return j.dump(-1, ' ', false, Json::error_handler_t::replace);
}

// A report's leading fields, as Report::to_json writes them, then the documents array opened.
void write_head(std::ostream& out, const Json& head) {
    out << "{\"tool\":" << dump(head["tool"]) << ",\"validation_time\":" << dump(head["validation_time"])
        << ",\"policy\":" << dump(head["policy"]) << ",\"documents\":[";
}

}  // namespace

std::string archive_dir_json(const ArchiveDirVerification& v, int indent) {
    Json j = Json::parse(v.report.to_json(-1));
    Json a = archive_object(v);
    a["batches"] = Json::array();
    for (const ArchiveVerification& b : v.batches)
        a["batches"].push_back(Json::parse(archive_json(b, -1))["archive"]);
    j["archive"] = std::move(a);
    return j.dump(indent);
}

ArchiveDirJsonStream::ArchiveDirJsonStream(std::ostream& out) : m_out(out), m_spill(std::tmpfile()) {}

ArchiveDirJsonStream::~ArchiveDirJsonStream() {
    if (m_spill) std::fclose(m_spill);
}

void ArchiveDirJsonStream::start(const verify::Report& report) {
    write_head(m_out, Json::parse(report.to_json(-1)));
    m_started = true;
}

void ArchiveDirJsonStream::batch(const ArchiveVerification& b) {
    batch_json(archive_json(b, -1));
}

void ArchiveDirJsonStream::batch_json(const std::string& text) {
    const Json j = Json::parse(text);
    if (!m_started) {
        write_head(m_out, j);
        m_started = true;
    }
    for (const auto& d : j["documents"]) {
        m_out << (m_any_document ? ",\n" : "\n") << dump(d);
        m_any_document = true;
    }
    m_out.flush();
    if (m_spill) {
        const std::string a = (m_any_batch ? ",\n" : "\n") + dump(j["archive"]);
        if (std::fwrite(a.data(), 1, a.size(), m_spill) != a.size()) {
            std::fclose(m_spill);
            m_spill = nullptr;
        }
    }
    m_any_batch = true;
}

Result<void> ArchiveDirJsonStream::finish(const ArchiveDirVerification& v) {
    if (!m_started) start(v.report);
    if (!m_spill)
        return fail(Errc::io,
                    "cannot keep the batches' reports in a temporary file: " + std::string(std::strerror(errno)));
    const verify::Summary& s = v.summary;
    const Json summary{{"documents", s.documents},         {"signatures", s.signatures},
                       {"total_passed", s.total_passed},   {"total_failed", s.total_failed},
                       {"indeterminate", s.indeterminate}, {"unreadable", s.unreadable}};
    std::string a = dump(archive_object(v));
    a.pop_back();  // the closing brace: the batches follow
    m_out << (m_any_document ? "\n]" : "]") << ",\"summary\":" << dump(summary) << ",\n\"archive\":" << a
          << ",\"batches\":[";
    std::rewind(m_spill);
    char buf[1 << 16];
    for (std::size_t n; (n = std::fread(buf, 1, sizeof buf, m_spill)) > 0;)
        m_out.write(buf, static_cast<std::streamsize>(n));
    if (std::ferror(m_spill)) return fail(Errc::io, "cannot read back the batches' reports from a temporary file");
    m_out << (m_any_batch ? "\n]}}\n" : "]}}\n");
    m_out.flush();
    return {};
}

}  // namespace kyso::archive
