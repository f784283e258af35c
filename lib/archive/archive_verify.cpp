#include <kyso/archive/archive_verify.hpp>

#include "archive/batch_evidence.hpp"
#include "archive/evidence_chain.hpp"
#include "archive/file_hash.hpp"
#include "verify/crypto_constraints.hpp"
#include "verify/poe.hpp"

#include <kyso/archive/bagit.hpp>
#include <kyso/archive/batch_create.hpp>
#include <kyso/archive/evidence_record.hpp>
#include <kyso/archive/export.hpp>
#include <kyso/archive/merkle.hpp>
#include <kyso/archive/record_manifest.hpp>
#include <kyso/batch/verify.hpp>
#include <kyso/pdf/verify.hpp>
#include <kyso/trust/revocation.hpp>
#include <kyso/trust/timestamp.hpp>
#include <kyso/verify/algorithm_policy.hpp>

#include <algorithm>
#include <atomic>
#include <cctype>
#include <map>
#include <set>
#include <thread>

namespace kyso::archive {

namespace fs = std::filesystem;
using namespace detail;

std::string_view file_status_name(FileStatus s) noexcept {
    switch (s) {
        case FileStatus::ok:
            return "OK";
        case FileStatus::missing:
            return "MISSING";
        case FileStatus::extra:
            return "EXTRA";
        case FileStatus::changed:
            return "CHANGED";
        case FileStatus::renamed:
            return "RENAMED";
        case FileStatus::unreadable:
            return "UNREADABLE";
        case FileStatus::refused:
            return "REFUSED";
    }
    return "?";
}

namespace {

bool bad_status(FileStatus s) {
    return s != FileStatus::ok && s != FileStatus::unreadable;
}

bool any_bad(const std::vector<FileCheck>& files) {
    return std::any_of(files.begin(), files.end(), [](const FileCheck& f) { return bad_status(f.status); });
}

bool any_unreadable(const std::vector<FileCheck>& files) {
    return std::any_of(files.begin(), files.end(),
                       [](const FileCheck& f) { return f.status == FileStatus::unreadable; });
}

// Expected digests of a listed file.
struct Expected {
    std::string sha256, sha512;
};

struct Hashed {
    FileState state = FileState::ok;
    std::string sha256, sha512, problem;
};

Hashed hash_hex(const fs::path& p) {
    const auto h = hash_file(p);
    Hashed out{h.state, {}, {}, h.problem};
    if (h.state == FileState::ok) {
        out.sha256 = hex_encode(h.digests.sha256);
        out.sha512 = hex_encode(h.digests.sha512);
    }
    return out;
}

// Compares a file on disk with its expected digests.
FileCheck check_file(const fs::path& p, const std::string& shown, const Expected& e, Hashed* hashed = nullptr) {
    FileCheck c{shown, FileStatus::ok, {}, {}};
    const Hashed h = hash_hex(p);
    if (hashed) *hashed = h;
    if (h.state == FileState::missing) {
        c.status = FileStatus::missing;
        c.detail = "listed but not present";
    } else if (h.state == FileState::unreadable) {
        c.status = FileStatus::unreadable;
        c.detail = h.problem;
    } else if ((!e.sha256.empty() && h.sha256 != e.sha256) || (!e.sha512.empty() && h.sha512 != e.sha512)) {
        c.status = FileStatus::changed;
        c.detail = h.sha256 != e.sha256 ? "SHA-256 differs from the manifest" : "SHA-512 differs from the manifest";
    }
    return c;
}

// Every regular file (and anything that is not a directory) under `root`, relative, generic form;
// symbolic links are listed, never followed.
std::vector<std::string> walk(const fs::path& root, const fs::path& sub) {
    std::vector<std::string> out;
    std::error_code ec;
    if (!fs::is_directory(root / sub, ec)) return out;
    for (auto it = fs::recursive_directory_iterator(root / sub, ec); !ec && it != fs::recursive_directory_iterator();
         it.increment(ec)) {
        if (it->is_directory(ec) && !it->is_symlink(ec)) continue;
        out.push_back(it->path().lexically_relative(root).generic_string());
    }
    std::sort(out.begin(), out.end());
    return out;
}

struct ManifestPair {
    std::map<std::string, Expected> entries;  // accepted paths
    std::vector<ManifestEntry> refused;
};

// manifest-sha256/-sha512 (or the tag manifests) read together.
// An unreadable manifest is reported as an UNREADABLE file (exit 3), not as a failed check.
ManifestPair read_manifest_pair(const fs::path& bag, const std::string& prefix, std::vector<std::string>& problems,
                                std::vector<FileCheck>& unreadable) {
    ManifestPair out;
    int read = 0;  // manifests parsed: entries are paired only when both were
    for (const auto& [suffix, digits] :
         {std::pair{"-sha256.txt", std::size_t{64}}, std::pair{"-sha512.txt", std::size_t{128}}}) {
        const std::string name = prefix + suffix;
        const auto r = read_small_file(bag / name, std::uint64_t{1} << 31);
        if (r.state != FileState::ok) {
            if (r.state == FileState::unreadable)
                unreadable.push_back({name, FileStatus::unreadable, r.problem, {}});
            else
                problems.push_back(name + " is missing");
            continue;
        }
        auto parsed = parse_manifest(as_chars(r.data), digits, name);
        if (!parsed) {
            problems.push_back(parsed.error().message);
            continue;
        }
        ++read;
        for (auto& e : *parsed) {
            if (!e.refusal.empty()) {
                if (digits == 64) out.refused.push_back(e);
                continue;
            }
            auto& slot = out.entries[e.path];
            (digits == 64 ? slot.sha256 : slot.sha512) = e.hex;
        }
    }
    for (const auto& [path, e] : out.entries)
        if (read == 2 && (e.sha256.empty() || e.sha512.empty()))
            problems.push_back("'" + path + "' is listed in only one of " + prefix + "-sha256.txt and " + prefix +
                               "-sha512.txt");
    return out;
}

// Lists the signatures of the record's XML/PDF files in its "archive-record" document.
void verify_signatures(const fs::path& dir, RecordCheck& rec, verify::DocumentReport& doc,
                       const ArchiveVerifyOptions& o, std::optional<TimePoint> poe) {
    for (const auto& f : rec.files) {
        if (f.status != FileStatus::ok) continue;
        std::string ext = fs::path(f.path).extension().string();
        std::transform(ext.begin(), ext.end(), ext.begin(),
                       [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
        if (ext != ".xml" && ext != ".pdf") continue;
        // The archive time-stamp is the proof of existence of a record proven unaltered.
        const std::optional<TimePoint> record_poe = rec.proof_ok ? poe : std::nullopt;
        xml::VerifyOptions xo = o.xml_options;
        xo.proof_of_existence = record_poe;
        auto r = ext == ".pdf" ? pdf::verify(dir / f.path, o.context, (dir / f.path).string(), record_poe)
                               : batch::verify_input(dir / f.path, o.context, xo, batch::InputFormat::xml);
        if (r.error) {
            rec.notes.push_back(f.path + ": not verified as a signed document: " + r.error->message);
            continue;
        }
        if (doc.profile.empty()) doc.profile = r.profile;
        for (auto& s : r.signatures) {
            s.slot = f.path + (s.slot.empty() ? "" : ":" + s.slot);
            doc.signatures.push_back(std::move(s));
        }
    }
}

// Matches missing listed files to unlisted ones with the same digests: RENAMED (both named).
void resolve_renames(std::vector<FileCheck>& files, std::map<std::string, Expected>& expected_of,
                     const fs::path& base) {
    std::vector<std::size_t> extras;
    for (std::size_t i = 0; i < files.size(); ++i)
        if (files[i].status == FileStatus::extra) extras.push_back(i);
    if (extras.empty()) return;
    std::map<std::size_t, Hashed> hashed;
    for (auto i : extras)
        hashed[i] = hash_hex(base / files[i].path);
    std::set<std::size_t> used;
    for (auto& f : files) {
        if (f.status != FileStatus::missing) continue;
        const auto& e = expected_of[f.path];
        for (auto i : extras) {
            if (used.count(i) || hashed[i].state != FileState::ok) continue;
            if (hashed[i].sha256 == e.sha256 && (e.sha512.empty() || hashed[i].sha512 == e.sha512)) {
                f.status = FileStatus::renamed;
                f.renamed_to = files[i].path;
                f.detail = "renamed to '" + files[i].path + "' (same SHA-256 and SHA-512)";
                used.insert(i);
                break;
            }
        }
    }
    std::vector<FileCheck> kept;
    for (std::size_t i = 0; i < files.size(); ++i)
        if (!used.count(i)) kept.push_back(std::move(files[i]));
    files = std::move(kept);
}

template <class F>
void parallel_for(std::size_t n, unsigned jobs, F&& body) {
    if (jobs == 0) jobs = std::max(1u, std::thread::hardware_concurrency());
    jobs = static_cast<unsigned>(std::min<std::size_t>(jobs, std::max<std::size_t>(n, 1)));
    std::atomic<std::size_t> next{0};
    const auto worker = [&] {
        for (std::size_t i; (i = next.fetch_add(1)) < n;)
            body(i);
    };
    if (jobs <= 1) {
        worker();
        return;
    }
    std::vector<std::thread> pool;
    for (unsigned k = 0; k < jobs; ++k)
        pool.emplace_back(worker);
    for (auto& t : pool)
        t.join();
}

std::optional<TimePoint> sunset_end(const verify::AlgorithmAssessment& a) {
    if (!a.not_trusted_after) return std::nullopt;
    return std::chrono::time_point_cast<std::chrono::seconds>(std::chrono::sys_days(*a.not_trusted_after) +
                                                              std::chrono::days(1));
}

// Judges every linked time-stamp (RFC 4998 §5.3: each relative to the time of the next, the last at the
// validation time), each chain's hash algorithm at the start of the next chain (the last: at the
// validation time), and fills T0, T1 and D.
void judge_stamps(ArchiveVerification& v, const std::vector<LinkedStamp>& stamps, const ArchiveVerifyOptions& o) {
    const TimePoint at = o.context.validation_time.value_or(now_utc());
    const auto policy = o.context.algorithm_policy ? o.context.algorithm_policy : verify::AlgorithmPolicy::builtin();
    bool all_trusted = true;
    for (std::size_t k = 0; k < stamps.size(); ++k) {
        const auto& s = stamps[k];
        TimestampCheck t;
        t.chain = s.chain + 1;
        t.index = s.index + 1;
        t.algorithm = std::string(keys::digest_name(s.algorithm));
        t.gen_time = s.token.gen_time;
        if (s.token.tsa_certificate) {
            t.tsa = s.token.tsa_certificate->subject();
            t.tsa_not_after = s.token.tsa_certificate->not_after();
        }
        t.checked_at = k + 1 < stamps.size() ? stamps[k + 1].token.gen_time : at;
        const auto poe = verify::timestamp_poe_imprint(s.token.token, s.imprint, s.algorithm, o.context, *t.checked_at);
        // The chain's hash must still be trusted when the next chain took over (or now, for the last chain).
        TimePoint chain_end = at;
        for (std::size_t n = k + 1; n < stamps.size(); ++n)
            if (stamps[n].chain != s.chain) {
                chain_end = stamps[n].token.gen_time;
                break;
            }
        const auto hash = policy->digest(t.algorithm, chain_end);
        if (!poe.time) {
            t.status = TimestampCheck::Status::untrusted;
            t.problem = poe.problem;
        } else if (!hash.trusted()) {
            t.status = TimestampCheck::Status::untrusted;
            t.problem = t.algorithm + " is not trusted at " + format_rfc3339(chain_end) +
                        " under the algorithm policy: the chain needed a hash-tree renewal before then";
        } else {
            t.status = TimestampCheck::Status::trusted;
        }
        if (t.status != TimestampCheck::Status::trusted) {
            all_trusted = false;
            if (v.timestamp.problem.empty())
                v.timestamp.problem = "chain " + std::to_string(t.chain) + " time-stamp " + std::to_string(t.index) +
                                      " (judged at " + format_rfc3339(*t.checked_at) + "): " + t.problem;
        }
        v.timestamps.push_back(std::move(t));
    }
    const auto& first = v.timestamps.front();
    v.timestamp.gen_time = first.gen_time;
    v.timestamp.tsa = first.tsa;
    v.timestamp.tsa_not_after = first.tsa_not_after;
    v.timestamp.chain = first.chain;
    v.timestamp.index = first.index;
    v.timestamp.algorithm = first.algorithm;
    v.timestamp.checked_at = first.checked_at;
    v.timestamp.status = all_trusted ? TimestampCheck::Status::trusted : TimestampCheck::Status::untrusted;
    if (!all_trusted) return;
    v.t0 = first.gen_time;
    // T1: what protects the evidence now is the last time-stamp and the last chain's hash.
    const auto& last = stamps.back();
    std::optional<TimePoint> t1 = v.timestamps.back().tsa_not_after;
    const auto earliest = [&](std::optional<TimePoint> end) {
        if (end && (!t1 || *end < *t1)) t1 = end;
    };
    earliest(sunset_end(policy->digest(keys::digest_name(last.algorithm), last.token.gen_time)));
    // The TSA's signature key ages too (RSA-2048 under PKCS#1 v1.5 is legacy in ETSI TS 119 312).
    if (last.token.tsa_certificate)
        earliest(sunset_end(policy->key(verify::key_description(*last.token.tsa_certificate), last.token.gen_time)));
    v.t1 = t1;
    if (t1) v.renewal_due = *t1 - std::chrono::duration_cast<std::chrono::seconds>(o.renewal_margin);
}

// Links and judges an evidence record whose chains start from `first_leaf`.
void judge_evidence(ArchiveVerification& v, const EvidenceRecord& er, const FirstLeaf& first_leaf,
                    const ArchiveVerifyOptions& o) {
    auto links = link_evidence(er, first_leaf);
    if (!links) {
        v.proof_ok = false;
        v.proof_problem = links.error().message;
        v.timestamp.status = TimestampCheck::Status::invalid;
        v.timestamp.problem = links.error().message;
        return;
    }
    judge_stamps(v, *links, o);
}

void make_statement(ArchiveVerification& v) {
    if (!v.proof_ok || !v.t0) return;
    std::string s = "existed unaltered at " + format_rfc3339(*v.t0) + " (T0, the archive time-stamp)";
    if (v.t1) s += ", protected until " + format_rfc3339(*v.t1) + " (T1)";
    if (v.renewal_due) s += ", renewal due " + format_rfc3339(*v.renewal_due) + " (D)";
    v.statement = s;
}

// evidence/validation-data/: certificates (*.cer) and the OCSP responses (*.ocsp) and CRLs (*.crl)
// captured at ingest. Unreadable or unparsable files are skipped here (the tag manifests judge them).
struct CapturedData {
    std::vector<keys::Certificate> certificates;
    std::vector<Bytes> revocation;
};

CapturedData captured_data(const fs::path& bag) {
    CapturedData out;
    std::error_code ec;
    for (auto it = fs::directory_iterator(bag / kValidationData, ec); !ec && it != fs::directory_iterator();
         it.increment(ec)) {
        const std::string ext = it->path().extension().string();
        const auto r = read_small_file(it->path(), ext == ".crl" ? 64u << 20 : 1u << 20);
        if (r.state != FileState::ok) continue;
        if (ext == ".ocsp" || ext == ".crl")
            out.revocation.push_back(r.data);
        else if (auto c = keys::Certificate::from_der(r.data))
            out.certificates.push_back(std::move(*c));
    }
    return out;
}

void finish_documents(ArchiveVerification& v, std::vector<verify::DocumentReport>& docs) {
    for (std::size_t i = 0; i < v.records.size(); ++i) {
        docs[i].path =
            v.kind == "batch" ? std::string(kRecordsDir) + "/" + v.records[i].record_id : v.records[i].record_id;
        docs[i].format = "archive-record";
        v.report.documents.push_back(std::move(docs[i]));
    }
}

ArchiveVerification verify_batch(const fs::path& bag, const ArchiveVerifyOptions& o) {
    ArchiveVerification v;
    v.kind = "batch";
    v.path = bag.string();

    // bagit.txt and bag-info.txt (RFC 8493 §2.1.1, §2.2.2).
    const auto bagit = read_small_file(bag / "bagit.txt", 1u << 16);
    if (bagit.state != FileState::ok)
        v.problems.push_back("bagit.txt " +
                             std::string(bagit.state == FileState::missing ? "is missing" : "is unreadable"));
    else if (as_chars(bagit.data).find("BagIt-Version: ") != 0)
        v.problems.push_back("bagit.txt does not start with 'BagIt-Version: '");
    BagInfo info;
    const auto info_file = read_small_file(bag / "bag-info.txt", 1u << 20);
    if (info_file.state == FileState::ok) {
        if (auto parsed = parse_bag_info(as_chars(info_file.data)))
            info = std::move(*parsed);
        else
            v.problems.push_back(parsed.error().message);
    } else {
        v.problems.push_back("bag-info.txt is missing or unreadable");
    }
    v.batch_id = bag_info_value(info, "External-Identifier");

    // Tag manifests: every tag file listed, and nothing unlisted under evidence/.
    auto tags = read_manifest_pair(bag, "tagmanifest", v.problems, v.tag_files);
    for (const auto& e : tags.refused)
        v.tag_files.push_back({e.path, FileStatus::refused, "refused, never opened: " + e.refusal, {}});
    for (const auto& [path, e] : tags.entries) {
        v.tag_files.push_back(check_file(bag / path, path, e));
    }
    for (const auto& p : walk(bag, "evidence"))
        if (!tags.entries.count(p))
            v.tag_files.push_back({p, FileStatus::extra, "not listed in the tag manifests", {}});
    for (const char* required :
         {"bag-info.txt", "manifest-sha256.txt", "manifest-sha512.txt", kBatchErs, kLeavesBin, kIndex})
        if (!tags.entries.count(required) && fs::exists(bag / required))
            v.problems.push_back(std::string(required) + " is not covered by the tag manifests");

    // Payload manifests and the files on disk.
    auto payload = read_manifest_pair(bag, "manifest", v.problems, v.tag_files);
    // A manifest both unreadable and listed in the tag manifests is reported once.
    std::vector<FileCheck> unique_tags;
    for (auto& f : v.tag_files)
        if (std::none_of(unique_tags.begin(), unique_tags.end(),
                         [&](const FileCheck& u) { return u.path == f.path && u.status == f.status; }))
            unique_tags.push_back(std::move(f));
    v.tag_files = std::move(unique_tags);
    for (const auto& e : payload.refused)
        v.other_files.push_back({e.path, FileStatus::refused, "refused, never opened: " + e.refusal, {}});
    std::map<std::string, std::map<std::string, Expected>> listed;  // record id → name → digests
    for (const auto& [path, e] : payload.entries) {
        const std::string prefix = std::string(kRecordsDir) + "/";
        const std::string rest = path.rfind(prefix, 0) == 0 ? path.substr(prefix.size()) : std::string();
        const std::size_t slash = rest.find('/');
        if (slash == std::string::npos || !is_record_id(rest.substr(0, slash)) ||
            rest.find('/', slash + 1) != std::string::npos) {
            v.other_files.push_back(
                {path, FileStatus::refused, "refused: not a file of a record (data/records/<record id>/<name>)", {}});
            continue;
        }
        listed[rest.substr(0, slash)][rest.substr(slash + 1)] = e;
    }
    std::map<std::string, std::vector<std::string>> on_disk;
    std::uint64_t octets = 0, count = 0;
    for (const auto& p : walk(bag, "data")) {
        ++count;
        std::error_code ec;
        const auto size = fs::file_size(bag / p, ec);
        if (!ec) octets += size;
        const std::string prefix = std::string(kRecordsDir) + "/";
        const std::string rest = p.rfind(prefix, 0) == 0 ? p.substr(prefix.size()) : std::string();
        const std::size_t slash = rest.find('/');
        if (slash != std::string::npos && is_record_id(rest.substr(0, slash)) && listed.count(rest.substr(0, slash)))
            on_disk[rest.substr(0, slash)].push_back(rest.substr(slash + 1));
        else if (!payload.entries.count(p))
            v.other_files.push_back({p, FileStatus::extra, "not listed in the payload manifests", {}});
    }

    // The index, the trees of each chain, the evidence record over their roots.
    auto evidence = BatchEvidence::load(bag);
    std::set<std::string> ids;
    for (const auto& [id, _] : listed)
        ids.insert(id);
    if (evidence) {
        for (const auto& id : evidence->index().ids)
            ids.insert(id);
        v.root_hex = hex_encode(evidence->tree(0).root());
        v.proof_ok = true;
        judge_evidence(
            v, evidence->stored(),
            [&](std::size_t c, DigestAlgorithm alg) -> Result<Bytes> {
                if (alg != evidence->tree(c).algorithm())
                    return fail(Errc::evidence_invalid,
                                "the chain's hash algorithm is not its leaves' (" + leaves_file(c) + ")");
                return evidence->tree(c).root();
            },
            o);
    } else {
        v.proof_problem = evidence.error().message;
        if (evidence.error().code == Errc::io) v.timestamp.problem = evidence.error().message;
    }
    const BatchIndex* index = evidence ? &evidence->index() : nullptr;

    // Records, in parallel.
    v.records.resize(ids.size());
    std::vector<verify::DocumentReport> docs(ids.size());
    const std::vector<std::string> id_list(ids.begin(), ids.end());
    parallel_for(id_list.size(), o.jobs, [&](std::size_t k) {
        RecordCheck& rec = v.records[k];
        rec.record_id = id_list[k];
        const fs::path dir = bag / kRecordsDir / rec.record_id;
        auto expected = listed.count(rec.record_id) ? listed.at(rec.record_id) : std::map<std::string, Expected>{};
        std::error_code ec;
        if (expected.empty() || !fs::exists(dir, ec)) {
            rec.present = false;
            rec.problems.push_back(expected.empty() ? "the record is in evidence/index but not in the payload manifests"
                                                    : "the record's directory is missing");
        }
        if (index && !index->by_id.count(rec.record_id))
            rec.problems.push_back("the record is not in evidence/index: it was not part of the time-stamped batch");
        for (const auto& [name, e] : expected)
            rec.files.push_back(check_file(dir / name, name, e));
        if (on_disk.count(rec.record_id))
            for (const auto& name : on_disk.at(rec.record_id))
                if (!expected.count(name))
                    rec.files.push_back({name, FileStatus::extra, "not listed in the payload manifests", {}});
        resolve_renames(rec.files, expected, dir);
        // record.manifest → leaf; its file lines against the payload manifests.
        const auto m = read_small_file(dir / std::string(kRecordManifestName), 1u << 24);
        if (m.state == FileState::ok && index && index->by_id.count(rec.record_id)) {
            const Hash leaf = sha256(m.data);
            if (leaf != index->leaves[index->by_id.at(rec.record_id)])
                rec.problems.push_back("record.manifest does not hash to the record's leaf in evidence/index");
            else if (auto parsed = parse_record_manifest(as_chars(m.data)); !parsed)
                rec.problems.push_back(parsed.error().message);
            else {
                for (const auto& f : parsed->files) {
                    const auto it = expected.find(f.name);
                    if (it == expected.end())
                        rec.problems.push_back("'" + f.name +
                                               "' is in record.manifest but not in the payload manifests");
                    else if (it->second.sha256 != hex_encode(f.sha256) ||
                             (!it->second.sha512.empty() && it->second.sha512 != hex_encode(f.sha512)))
                        rec.problems.push_back(
                            "'" + f.name +
                            "': record.manifest and the payload manifests disagree (the manifest was rewritten)");
                }
                if (parsed->files.size() + 1 < expected.size())
                    rec.problems.push_back("the payload manifests list files that record.manifest does not");
                const std::size_t i = index->by_id.at(rec.record_id);
                // Hash-tree renewals: the record's leaf of each later chain, recomputed.
                for (std::size_t c = 1; c < evidence->chains(); ++c)
                    if (evidence->renewal_leaf_of(c, i, m.data) != evidence->tree(c).leaf(i))
                        rec.problems.push_back("record.manifest does not lead to the record's leaf in " +
                                               leaves_file(c) + " (hash-tree renewal " + std::to_string(c) + ")");
                if (v.proof_ok) {
                    // The record's own proof, as an export would carry it (O(log n) from the kept tree).
                    const auto& tree = evidence->tree(0);
                    auto r = root_from_reduced(DigestAlgorithm::sha256, view(leaf), tree.reduced(i));
                    if (!r || *r != tree.root())
                        rec.problems.push_back("the record's reduced hash tree does not lead to the batch root");
                    else
                        rec.proof_ok = rec.problems.empty();
                }
            }
        } else if (rec.present && m.state != FileState::ok) {
            rec.problems.push_back(std::string("record.manifest is ") +
                                   (m.state == FileState::missing ? "missing" : "unreadable: " + m.problem));
        }
        if (o.check_signatures && rec.present) verify_signatures(dir, rec, docs[k], o, v.t0);
    });
    // Payload-Oxum (RFC 8493 §2.2.2): only meaningful when every payload file could be read.
    const std::string oxum = bag_info_value(info, "Payload-Oxum");
    if (oxum != std::to_string(octets) + "." + std::to_string(count) && !v.unreadable())
        v.problems.push_back("Payload-Oxum is '" + oxum + "' but the payload holds " + std::to_string(octets) +
                             " octets in " + std::to_string(count) + " files");
    finish_documents(v, docs);
    make_statement(v);
    return v;
}

ArchiveVerification verify_package(const fs::path& dir, const ArchiveVerifyOptions& o) {
    ArchiveVerification v;
    v.kind = "package";
    v.path = dir.string();
    std::vector<std::string> ers_files, all;
    for (const auto& p : walk(dir, ""))
        all.push_back(p);
    for (const auto& p : all)
        if (p.size() > 4 && p.substr(p.size() - 4) == ".ers" && p.find('/') == std::string::npos)
            ers_files.push_back(p);
    RecordCheck rec;
    rec.record_id = ers_files.empty() ? std::string() : ers_files.front().substr(0, ers_files.front().size() - 4);
    if (ers_files.size() != 1) v.problems.push_back("a disclosure package holds exactly one *.ers file");

    std::map<std::string, Expected> expected;
    std::optional<RecordManifest> manifest;
    Bytes manifest_bytes;
    const auto m = read_small_file(dir / std::string(kRecordManifestName), 1u << 24);
    if (m.state != FileState::ok) {
        rec.problems.push_back(std::string("record.manifest is ") +
                               (m.state == FileState::missing ? "missing" : "unreadable: " + m.problem));
    } else if (auto parsed = parse_record_manifest(as_chars(m.data)); !parsed) {
        rec.problems.push_back(parsed.error().message);
    } else {
        manifest = std::move(*parsed);
        manifest_bytes = m.data;
        for (const auto& f : manifest->files)
            expected[f.name] = {hex_encode(f.sha256), hex_encode(f.sha512)};
    }
    for (const auto& [name, e] : expected)
        rec.files.push_back(check_file(dir / name, name, e));
    const std::set<std::string> package_files{"README.txt", "SHA256SUMS", std::string(kRecordManifestName)};
    for (const auto& p : all)
        if (!expected.count(p) && !package_files.count(p) &&
            std::find(ers_files.begin(), ers_files.end(), p) == ers_files.end())
            rec.files.push_back({p, FileStatus::extra, "not listed in record.manifest", {}});
    resolve_renames(rec.files, expected, dir);
    // SHA256SUMS, as sha256sum -c would read it.
    if (const auto sums = read_small_file(dir / "SHA256SUMS", 1u << 24); sums.state == FileState::ok) {
        if (auto entries = parse_manifest(as_chars(sums.data), 64, "SHA256SUMS")) {
            for (const auto& e : *entries) {
                if (!e.refusal.empty()) {
                    v.other_files.push_back({e.path, FileStatus::refused, "refused, never opened: " + e.refusal, {}});
                    continue;
                }
                const auto c = check_file(dir / e.path, e.path, {e.hex, {}});
                if (c.status != FileStatus::ok && !expected.count(e.path))
                    v.other_files.push_back(c);
                else if (c.status == FileStatus::ok && expected.count(e.path) && expected[e.path].sha256 != e.hex)
                    v.problems.push_back("SHA256SUMS and record.manifest disagree on '" + e.path + "'");
            }
        } else {
            v.problems.push_back(entries.error().message);
        }
    }

    if (manifest && ers_files.size() == 1) {
        const auto ers = read_small_file(dir / ers_files.front());
        if (ers.state != FileState::ok) {
            v.proof_problem = ers_files.front() + " is unreadable: " + ers.problem;
        } else if (auto er = decode_evidence_record(ers.data); !er) {
            v.proof_problem = ers_files.front() + ": " + er.error().message;
        } else {
            v.proof_ok = true;
            judge_evidence(
                v, *er,
                [&](std::size_t c, DigestAlgorithm alg) -> Result<Bytes> {
                    return c == 0 ? hash_bytes(alg, manifest_bytes) : renewal_leaf(alg, manifest_bytes, *er, c);
                },
                o);
            if (!v.proof_ok)
                v.proof_problem +=
                    " (an altered or reordered hash list, an evidence record of another "
                    "record, or a time-stamp from another batch)";
            else if (auto alg = chain_algorithm(er->chains.front()))
                if (auto root = root_from_reduced(*alg, hash_bytes(*alg, manifest_bytes),
                                                  er->chains.front().front().reduced_tree))
                    v.root_hex = hex_encode(*root);
        }
    }
    rec.proof_ok = v.proof_ok && rec.problems.empty();
    v.records.push_back(std::move(rec));
    std::vector<verify::DocumentReport> docs(1);
    if (o.check_signatures) verify_signatures(dir, v.records.front(), docs.front(), o, v.t0);
    finish_documents(v, docs);
    make_statement(v);
    return v;
}

}  // namespace

bool ArchiveVerification::failed() const {
    if (!problems.empty() || !proof_ok || any_bad(tag_files) || any_bad(other_files)) return true;
    return std::any_of(records.begin(), records.end(),
                       [](const RecordCheck& r) { return !r.present || !r.problems.empty() || any_bad(r.files); });
}

bool ArchiveVerification::unreadable() const {
    if (any_unreadable(tag_files) || any_unreadable(other_files)) return true;
    return std::any_of(records.begin(), records.end(), [](const RecordCheck& r) { return any_unreadable(r.files); });
}

bool ArchiveVerification::indeterminate() const {
    return timestamp.status != TimestampCheck::Status::trusted;
}

bool is_archive_batch(const fs::path& dir) {
    std::error_code ec;
    return fs::is_regular_file(dir / "bagit.txt", ec) && fs::exists(dir / kBatchErs, ec);
}

bool is_disclosure_package(const fs::path& dir) {
    std::error_code ec;
    if (!fs::is_regular_file(dir / std::string(kRecordManifestName), ec)) return false;
    for (auto it = fs::directory_iterator(dir, ec); !ec && it != fs::directory_iterator(); it.increment(ec))
        if (it->path().extension() == ".ers") return true;
    return false;
}

Result<ArchiveVerification> verify_archive(const fs::path& dir, ArchiveVerifyOptions options) {
    const bool batch = is_archive_batch(dir);
    if (!batch && !is_disclosure_package(dir))
        return fail(Errc::usage, "'" + dir.string() +
                                     "' is neither an archive batch (bagit.txt + evidence/batch.ers) nor a disclosure "
                                     "package (record.manifest + *.ers)");
    CapturedData captured;
    if (batch) {
        captured = captured_data(dir);
        options.context.untrusted.insert(options.context.untrusted.end(), captured.certificates.begin(),
                                         captured.certificates.end());
    }
    options.context = batch::complete_context(std::move(options.context));
    if (!captured.revocation.empty()) {
        // The batch's own evidence (another batch's is never searched for this one's); the shared checker
        // keeps serving the cache and the network for what it does not cover.
        auto archived = std::make_shared<trust::ArchivedRevocation>(
            options.context.revocation->options().max_age_without_next_update);
        for (const Bytes& der : captured.revocation)
            archived->add(der);
        options.context.archived_revocation = std::move(archived);
    }
    ArchiveVerification v = batch ? verify_batch(dir, options) : verify_package(dir, options);
    v.report.validation_time = options.context.validation_time.value_or(now_utc());
    if (options.context.algorithm_policy) {
        v.report.policy_name = options.context.algorithm_policy->name();
        v.report.policy_version = options.context.algorithm_policy->version();
    }
    v.report.tool_version = std::string(tool_label().substr(5));
    return v;
}

}  // namespace kyso::archive
