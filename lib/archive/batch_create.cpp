#include <kyso/archive/batch_create.hpp>

#include "archive/file_hash.hpp"
#include "archive/partial_dir.hpp"
#include "archive/validation_data.hpp"

#include <kyso/archive/bagit.hpp>
#include <kyso/archive/evidence_record.hpp>
#include <kyso/archive/record_manifest.hpp>
#include <kyso/core/version.hpp>

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <fcntl.h>
#include <map>
#include <set>
#include <unistd.h>

namespace kyso::archive {

namespace fs = std::filesystem;
using namespace detail;

std::string tool_label() {
    return "kyso " + std::string(version());
}

namespace {

std::string random_id(char prefix) {
    return std::string(1, prefix) + hex_encode(random_bytes(8));
}

struct InputGroup {
    std::string key;
    std::vector<fs::path> files;
};

Result<std::vector<fs::path>> walk_inputs(const std::vector<std::string>& args) {
    std::vector<fs::path> out;
    for (const auto& arg : args) {
        std::error_code ec;
        const fs::path p(arg);
        if (fs::is_directory(p, ec)) {
            std::vector<fs::path> found;
            for (auto it = fs::recursive_directory_iterator(p, ec); !ec && it != fs::recursive_directory_iterator();
                 it.increment(ec)) {
                const std::string name = it->path().filename().string();
                if (!name.empty() && name[0] == '.') {
                    if (it->is_directory()) it.disable_recursion_pending();
                    continue;
                }
                if (it->is_regular_file()) found.push_back(it->path());
            }
            if (ec) return fail(Errc::io, "cannot read directory '" + arg + "': " + ec.message());
            std::sort(found.begin(), found.end());
            out.insert(out.end(), found.begin(), found.end());
        } else if (fs::is_regular_file(p, ec)) {
            out.push_back(p);
        } else {
            return fail(Errc::io, "input '" + arg + "' does not exist or is not a regular file");
        }
    }
    if (out.empty()) return fail(Errc::usage, "no input files to archive");
    return out;
}

std::vector<InputGroup> group(const std::vector<fs::path>& files, GroupBy by) {
    std::map<std::string, InputGroup> groups;
    std::vector<std::string> order;
    for (std::size_t i = 0; i < files.size(); ++i) {
        const fs::path& f = files[i];
        std::string key;
        if (by == GroupBy::file) {
            key = std::to_string(i);
        } else if (by == GroupBy::dir) {
            key = f.parent_path().lexically_normal().string();
        } else {
            const std::string name = f.filename().string();
            key = (f.parent_path().lexically_normal() / name.substr(0, name.find('.'))).string();
        }
        auto [it, inserted] = groups.try_emplace(key);
        if (inserted) order.push_back(key);
        it->second.key = key;
        it->second.files.push_back(f);
    }
    std::vector<InputGroup> out;
    for (const auto& k : order)
        out.push_back(std::move(groups[k]));
    return out;
}

// The name a file keeps inside its record: its base name when it passes check_file_name, else
// "file-N" (plus a plain extension), made unique within the record.
std::string name_in_record(const fs::path& source, std::size_t n, std::set<std::string>& used) {
    std::string name = source.filename().string();
    if (!check_file_name(name).empty()) {
        std::string ext = source.extension().string();
        const bool plain = ext.size() <= 10 && std::all_of(ext.begin() + (ext.empty() ? 0 : 1), ext.end(), [](char c) {
                               return std::isalnum(static_cast<unsigned char>(c));
                           });
        name = "file-" + std::to_string(n + 1) + (plain ? ext : "");
    }
    std::string unique = name;
    for (int k = 2; used.count(unique); ++k)
        unique = std::to_string(k) + "-" + name;
    used.insert(unique);
    return unique;
}

bool is_signed_format(const fs::path& p, bool& pdf) {
    std::string e = p.extension().string();
    std::transform(e.begin(), e.end(), e.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    pdf = e == ".pdf";
    return e == ".pdf" || e == ".xml";
}

Result<void> copy_into(const fs::path& from, const fs::path& to) {
    std::error_code ec;
    if (!fs::copy_file(from, to, fs::copy_options::none, ec))
        return fail(Errc::io, "cannot copy '" + from.string() + "' into the batch: " + ec.message());
    return {};
}

std::string today_utc(TimePoint t) {
    return format_rfc3339(t).substr(0, 10);
}

std::string event_line(const std::string& event, TimePoint t, nlohmann::json details) {
    details["time"] = format_rfc3339(t);
    details["event"] = event;
    details["tool"] = tool_label();
    return details.dump() + "\n";
}

// Every regular file under `dir` as bag-relative paths (for the tag manifests).
std::vector<std::string> files_under(const fs::path& bag, const std::string& dir) {
    std::vector<std::string> out;
    for (const auto& e : fs::recursive_directory_iterator(bag / dir))
        if (e.is_regular_file()) out.push_back(e.path().lexically_relative(bag).generic_string());
    std::sort(out.begin(), out.end());
    return out;
}

Result<void> write_manifests(const fs::path& bag, const std::string& prefix, const std::vector<std::string>& paths) {
    std::vector<ManifestEntry> s256, s512;
    for (const auto& p : paths) {
        const auto h = hash_file(bag / p);
        if (h.state != FileState::ok) return fail(Errc::io, "cannot hash '" + (bag / p).string() + "': " + h.problem);
        s256.push_back({hex_encode(h.digests.sha256), p, {}});
        s512.push_back({hex_encode(h.digests.sha512), p, {}});
    }
    KYSO_CHECK(write_new_file(bag / (prefix + "-sha256.txt"), as_bytes(serialize_manifest(s256))));
    return write_new_file(bag / (prefix + "-sha512.txt"), as_bytes(serialize_manifest(s512)));
}

Result<void> sync_dir(const fs::path& dir) {
    const int fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd < 0) return fail(Errc::io, "cannot open '" + dir.string() + "': " + std::strerror(errno));
    const int rc = ::syncfs(fd);
    ::close(fd);
    if (rc != 0) return fail(Errc::io, "cannot sync '" + dir.string() + "': " + std::strerror(errno));
    return {};
}

}  // namespace

Result<CreateResult> create_batch(const CreateOptions& options) {
    if (options.tsa.url.empty()) return fail(Errc::usage, "archive create needs a time-stamping authority (--tsa URL)");
    if (options.out.empty()) return fail(Errc::usage, "archive create needs --out DIR");
    std::error_code ec;
    const fs::path out = options.out.lexically_normal();
    if (fs::exists(out, ec) && !(fs::is_directory(out, ec) && fs::is_empty(out, ec)))
        return fail(Errc::output_exists, "the output '" + out.string() + "' exists and is not an empty directory");
    KYSO_TRY(const auto files, walk_inputs(options.inputs));
    const auto groups = group(files, options.group_by);

    KYSO_TRY(PartialDir partial, PartialDir::beside(out));
    const fs::path& bag = partial.path();
    const TimePoint started = now_utc();

    CreateResult result;
    result.batch_id = random_id('b');
    fs::create_directories(bag / kRecordsDir);
    fs::create_directories(bag / kValidationData);

    struct Leaf {
        std::string id;
        Hash hash;
        CreatedRecord record;
    };
    std::vector<Leaf> leaves;
    std::set<std::string> ids;
    std::vector<std::string> payload;
    std::set<std::string> certificates;
    std::vector<keys::Certificate> embedded;
    for (const auto& g : groups) {
        std::string id;
        do
            id = random_id('r');
        while (!ids.insert(id).second);
        const fs::path dir = bag / kRecordsDir / id;
        fs::create_directory(dir, ec);
        if (ec) return fail(Errc::io, "cannot create '" + dir.string() + "': " + ec.message());
        RecordManifest manifest;
        manifest.salt = random_bytes(32);
        CreatedRecord rec;
        rec.record_id = id;
        std::set<std::string> used{std::string(kRecordManifestName)};
        for (std::size_t i = 0; i < g.files.size(); ++i) {
            const std::string name = name_in_record(g.files[i], i, used);
            KYSO_CHECK(copy_into(g.files[i], dir / name));
            const auto h = hash_file(dir / name);
            if (h.state != FileState::ok)
                return fail(Errc::io, "cannot read '" + g.files[i].string() + "': " + h.problem);
            manifest.files.push_back({name, h.digests.sha256, h.digests.sha512, h.digests.size});
            payload.push_back(std::string(kRecordsDir) + "/" + id + "/" + name);
            result.payload_octets += h.digests.size;
            rec.sources.push_back(g.files[i].string());
            rec.names.push_back(name);
            bool pdf = false;
            if (is_signed_format(name, pdf)) {
                const auto data = read_small_file(dir / name, std::uint64_t{1} << 31);
                if (data.state == FileState::ok)
                    for (auto& der : embedded_certificates(data.data, pdf))
                        if (certificates.insert(to_hex(sha256(der))).second) {
                            KYSO_CHECK(write_new_file(bag / kValidationData / (to_hex(sha256(der)) + ".cer"), der));
                            if (auto c = keys::Certificate::from_der(der)) embedded.push_back(std::move(*c));
                        }
            }
        }
        const std::string text = serialize_record_manifest(manifest);
        KYSO_CHECK(write_new_file(dir / std::string(kRecordManifestName), as_bytes(text)));
        payload.push_back(std::string(kRecordsDir) + "/" + id + "/" + std::string(kRecordManifestName));
        result.payload_octets += text.size();
        leaves.push_back({id, sha256(as_bytes(text)), std::move(rec)});
    }
    result.payload_files = payload.size();
    // Revocation evidence, fetched before the time-stamp so that it is older than T0.
    if (options.revocation) {
        auto captured = capture_revocation(embedded, options.issuers, *options.revocation, now_utc());
        for (const auto& e : captured.evidence)
            KYSO_CHECK(write_new_file(bag / kValidationData / (to_hex(sha256(e.der)) + e.extension), e.der));
        for (const auto& der : captured.certificates)
            if (certificates.insert(to_hex(sha256(der))).second)
                KYSO_CHECK(write_new_file(bag / kValidationData / (to_hex(sha256(der)) + ".cer"), der));
        result.revocation_files = captured.evidence.size();
        result.revocation_missing = std::move(captured.missing);
    }
    result.validation_files = certificates.size() + result.revocation_files;

    // Leaves in record-id order (bytewise): the tree order evidence/index records.
    std::sort(leaves.begin(), leaves.end(), [](const Leaf& a, const Leaf& b) { return a.id < b.id; });
    std::vector<Hash> hashes;
    Bytes leaves_bin;
    std::string index;
    for (std::size_t i = 0; i < leaves.size(); ++i) {
        hashes.push_back(leaves[i].hash);
        leaves_bin.insert(leaves_bin.end(), leaves[i].hash.begin(), leaves[i].hash.end());
        index += leaves[i].id + " " + std::to_string(i) + " " + to_hex(leaves[i].hash) + "\n";
        leaves[i].record.leaf_index = i;
        result.records.push_back(leaves[i].record);
    }
    result.root = merkle_root(hashes);

    KYSO_TRY(const trust::Timestamp ts, trust::request_timestamp(view(result.root), options.tsa));
    result.gen_time = ts.gen_time;
    EvidenceRecord er;
    ArchiveTimeStamp ats;
    ats.timestamp = ts.token;
    er.chains.push_back({std::move(ats)});
    KYSO_CHECK(write_new_file(bag / kBatchErs, encode_evidence_record(er)));
    KYSO_CHECK(write_new_file(bag / kLeavesBin, leaves_bin));
    KYSO_CHECK(write_new_file(bag / kIndex, as_bytes(index)));
    std::string events = event_line("ingest", started,
                                    {{"batch", result.batch_id},
                                     {"records", leaves.size()},
                                     {"files", result.payload_files},
                                     {"octets", result.payload_octets},
                                     {"validation_data", result.validation_files},
                                     {"revocation_evidence", result.revocation_files},
                                     {"revocation_missing", result.revocation_missing.size()}});
    events += event_line("timestamp", ts.gen_time,
                         {{"root", to_hex(result.root)},
                          {"digest", "sha256"},
                          {"tsa_serial", ts.serial_hex},
                          {"tsa_policy", ts.policy},
                          {"tsa", ts.tsa_certificate ? ts.tsa_certificate->subject() : std::string()}});
    KYSO_CHECK(write_new_file(bag / kEvents, as_bytes(events)));

    KYSO_CHECK(write_new_file(bag / "bagit.txt", as_bytes(kBagitTxt)));
    BagInfo info{{"Payload-Oxum", std::to_string(result.payload_octets) + "." + std::to_string(result.payload_files)},
                 {"Bagging-Date", today_utc(started)},
                 {"External-Identifier", result.batch_id}};
    if (!options.source_organization.empty()) info.emplace_back("Source-Organization", options.source_organization);
    info.emplace_back("Kyso-Version", std::string(version()));
    KYSO_CHECK(write_new_file(bag / "bag-info.txt", as_bytes(serialize_bag_info(info))));
    std::sort(payload.begin(), payload.end());
    KYSO_CHECK(write_manifests(bag, "manifest", payload));
    std::vector<std::string> tags{"bag-info.txt", "bagit.txt", "manifest-sha256.txt", "manifest-sha512.txt"};
    for (auto& p : files_under(bag, "evidence"))
        tags.push_back(std::move(p));
    KYSO_CHECK(write_manifests(bag, "tagmanifest", tags));

    KYSO_CHECK(sync_dir(bag));
    // rename(2) replaces an empty directory atomically; anything else at `out` by now makes it fail.
    if (::rename(bag.c_str(), out.c_str()) != 0)
        return fail(errno == ENOTEMPTY || errno == EEXIST ? Errc::output_exists : Errc::io,
                    "cannot move the batch into '" + out.string() + "': " + std::strerror(errno));
    partial.release();
    result.dir = out;
    return result;
}

}  // namespace kyso::archive
