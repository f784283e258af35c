#include <kyso/archive/export.hpp>

#include "archive/batch_evidence.hpp"
#include "archive/file_hash.hpp"
#include "archive/partial_dir.hpp"
#include "archive/tag_files.hpp"

#include <kyso/archive/bagit.hpp>
#include <kyso/archive/batch_create.hpp>
#include <kyso/archive/evidence_record.hpp>
#include <kyso/archive/record_manifest.hpp>
#include <kyso/core/atomic_file.hpp>

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <fstream>

namespace kyso::archive {

namespace fs = std::filesystem;
using namespace detail;

bool is_record_id(std::string_view id) {
    return id.size() == 17 && id[0] == 'r' && std::all_of(id.begin() + 1, id.end(), [](char c) {
               return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f');
           });
}

namespace {

constexpr const char* kReadme = R"(Disclosure package of one archived record (kyso archive export)
================================================================

Files
  RECORD.ers        RFC 4998 EvidenceRecord (DER) over record.manifest: a reduced hash tree
                    (SHA-256, sorted-pair hashing, RFC 4998 section 4.2) and an RFC 3161 time-stamp,
                    then its renewals (section 5.2): each later time-stamp of a chain covers the
                    previous one; a later chain (a stronger hash, e.g. SHA-512) starts from
                    H(H(record.manifest) || H(DER of the older chains)), in that order (as EU DSS)
  record.manifest   the record's data object: a random salt, then SHA-256, SHA-512, size and name of
                    each file of the record
  SHA256SUMS        SHA-256 of every file here except RECORD.ers and this README
  the record's files

How a third party checks it
  1. sha256sum -c SHA256SUMS                  the files are those listed in record.manifest
     (and compare the file lines of record.manifest with sha256sum/sha512sum of the files)
  2. sha256sum record.manifest                the leaf hash the evidence record starts from
  3. Any RFC 4998 verifier: the leaf hash must be in the first PartialHashtree of the reduced hash tree;
     hashing each list (with the running value) in binary ascending order must give the time-stamped root.
     openssl asn1parse -inform DER -in RECORD.ers -i    shows the structure.
  4. The time-stamp token is the last SEQUENCE of the ArchiveTimeStamp; extract it (asn1parse -strparse)
     and run: openssl ts -verify -digest <root hex> -in TOKEN.der -token_in -CAfile TSA-ROOT.pem
     The time it proves (genTime) is when the record existed unaltered.
  Or: kyso archive verify DIR --trust TSA-ROOT.pem
)";

Result<Bytes> read_required(const fs::path& p) {
    auto r = read_small_file(p);
    if (r.state != FileState::ok)
        return fail(Errc::io, "cannot read '" + p.string() +
                                  "': " + (r.state == FileState::missing ? std::string("missing") : r.problem));
    return std::move(r.data);
}

}  // namespace

Result<Bytes> record_evidence(const fs::path& batch_dir, const std::string& record_id) {
    if (!is_record_id(record_id))
        return fail(Errc::usage, "'" + record_id + "' is not a record id (r + 16 lowercase hex digits)");
    std::error_code ec;
    if (!fs::is_directory(batch_dir, ec))  // else "leaves.bin is missing" would be all the caller learns
        return fail(Errc::io, "the batch '" + batch_dir.string() + "' does not exist or is not a directory" +
                                  (ec ? ": " + ec.message() : std::string()));
    KYSO_TRY(const BatchEvidence evidence, BatchEvidence::load(batch_dir));
    const auto it = evidence.index().by_id.find(record_id);
    if (it == evidence.index().by_id.end())
        return fail(Errc::usage, "no record '" + record_id + "' in the batch's index");
    const std::size_t i = it->second;
    KYSO_TRY(const Bytes manifest,
             read_required(batch_dir / kRecordsDir / record_id / std::string(kRecordManifestName)));
    if (sha256(manifest) != evidence.index().leaves[i])
        return fail(Errc::evidence_invalid, "record " + record_id + ": record.manifest does not match its leaf hash");
    for (std::size_t c = 1; c < evidence.chains(); ++c)
        if (evidence.renewal_leaf_of(c, i, manifest) != evidence.tree(c).leaf(i))
            return fail(Errc::evidence_invalid, "record " + record_id +
                                                    ": record.manifest does not match its leaf in " + leaves_file(c) +
                                                    " (hash-tree renewal " + std::to_string(c) + ")");
    return encode_evidence_record(evidence.record_evidence(i));
}

Result<void> append_event(const fs::path& batch_dir, const std::string& json_line) {
    {
        std::ofstream out(batch_dir / kEvents, std::ios::app | std::ios::binary);
        out << json_line;
        out.flush();
        if (!out) return fail(Errc::io, "cannot append to '" + (batch_dir / kEvents).string() + "'");
    }
    // The tag manifests cover events.jsonl: rewrite its lines in both.
    return update_tag_manifests(batch_dir, kEvents);
}

Result<ExportResult> export_record(const fs::path& batch_dir, const std::string& record_id, const fs::path& out_arg) {
    KYSO_TRY(const Bytes ers, record_evidence(batch_dir, record_id));
    const fs::path out = out_arg.lexically_normal();
    std::error_code ec;
    if (fs::exists(out, ec) && !(fs::is_directory(out, ec) && fs::is_empty(out, ec)))
        return fail(Errc::output_exists, "the output '" + out.string() + "' exists and is not an empty directory");
    const fs::path record_dir = batch_dir / kRecordsDir / record_id;
    KYSO_TRY(const Bytes manifest_text, read_required(record_dir / std::string(kRecordManifestName)));
    KYSO_TRY(const RecordManifest manifest, parse_record_manifest(as_chars(manifest_text)));

    KYSO_TRY(PartialDir partial, PartialDir::beside(out));
    const fs::path& dir = partial.path();

    ExportResult result;
    result.record_id = record_id;
    std::string sums;
    for (const auto& f : manifest.files) {
        const auto h = hash_file(record_dir / f.name);
        if (h.state != FileState::ok)
            return fail(Errc::io, "cannot read '" + (record_dir / f.name).string() +
                                      "': " + (h.state == FileState::missing ? std::string("missing") : h.problem));
        if (h.digests.sha256 != f.sha256 || h.digests.sha512 != f.sha512)
            return fail(Errc::evidence_invalid,
                        "record " + record_id + ": '" + f.name + "' does not match record.manifest");
        if (!fs::copy_file(record_dir / f.name, dir / f.name, ec))
            return fail(Errc::io, "cannot copy '" + f.name + "': " + ec.message());
        sums += hex_encode(f.sha256) + "  " + f.name + "\n";
        result.files.push_back(f.name);
    }
    KYSO_CHECK(write_new_file(dir / std::string(kRecordManifestName), manifest_text));
    sums += to_hex(sha256(manifest_text)) + "  " + std::string(kRecordManifestName) + "\n";
    KYSO_CHECK(write_new_file(dir / (record_id + ".ers"), ers));
    KYSO_CHECK(write_new_file(dir / "SHA256SUMS", as_bytes(sums)));
    std::string readme = kReadme;
    for (std::size_t p; (p = readme.find("RECORD.ers")) != std::string::npos;)
        readme.replace(p, 10, record_id + ".ers");
    KYSO_CHECK(write_new_file(dir / "README.txt", as_bytes(readme)));
    for (const char* extra : {"README.txt", "SHA256SUMS", "record.manifest"})
        result.files.push_back(extra);
    result.files.push_back(record_id + ".ers");
    std::sort(result.files.begin(), result.files.end());

    if (::rename(dir.c_str(), out.c_str()) != 0)
        return fail(errno == ENOTEMPTY || errno == EEXIST ? Errc::output_exists : Errc::io,
                    "cannot move the package into '" + out.string() + "': " + std::strerror(errno));
    partial.release();
    result.dir = out;
    KYSO_TRY(const auto idx, load_batch_index(batch_dir));
    result.root_hex = to_hex(merkle_root(idx.leaves));
    nlohmann::json ev{
        {"time", format_rfc3339(now_utc())}, {"event", "export"}, {"tool", tool_label()}, {"record", record_id}};
    if (auto logged = append_event(batch_dir, ev.dump() + "\n"); !logged) result.warning = logged.error().message;
    return result;
}

}  // namespace kyso::archive
