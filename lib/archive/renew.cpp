#include <kyso/archive/renew.hpp>

#include "archive/batch_evidence.hpp"
#include "archive/evidence_chain.hpp"
#include "archive/file_hash.hpp"
#include "archive/tag_files.hpp"

#include <kyso/archive/bagit.hpp>
#include <kyso/archive/batch_create.hpp>
#include <kyso/archive/export.hpp>
#include <kyso/archive/record_manifest.hpp>

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cctype>
#include <map>

namespace kyso::archive {

namespace fs = std::filesystem;
using namespace detail;

namespace {

struct Loaded {
    fs::path dir;
    std::string batch_id;
    BatchEvidence evidence;
    EvidenceRecord renewed;  // what evidence/batch.ers becomes
    Bytes new_leaves;        // hash-tree renewal: the new leaves file
};

Failure bad(const fs::path& dir, const std::string& why) {
    return fail(Errc::evidence_invalid, "cannot renew '" + dir.string() + "': " + why);
}

Result<Loaded> load(const fs::path& dir) {
    auto evidence = BatchEvidence::load(dir);
    if (!evidence)
        return fail(evidence.error().code, "cannot renew '" + dir.string() + "': " + evidence.error().message);
    // Renewing evidence that no longer holds together would only time-stamp the damage.
    const auto& ev = *evidence;
    auto links = link_evidence(ev.stored(), [&](std::size_t c, DigestAlgorithm alg) -> Result<Bytes> {
        if (alg != ev.tree(c).algorithm())
            return fail(Errc::evidence_invalid, "the chain's algorithm is not its leaves'");
        return ev.tree(c).root();
    });
    if (!links) return bad(dir, links.error().message + " (verify the batch first)");
    std::string id;
    if (const auto info = read_small_file(dir / "bag-info.txt", 1u << 20); info.state == FileState::ok)
        if (auto parsed = parse_bag_info(as_chars(info.data))) id = bag_info_value(*parsed, "External-Identifier");
    EvidenceRecord renewed = ev.stored();
    return Loaded{dir, id, std::move(*evidence), std::move(renewed), {}};
}

// Hash-tree renewal: re-reads every record (its files against its manifest) and makes its new leaf.
Result<Bytes> renewal_leaves(Loaded& b, DigestAlgorithm alg, std::vector<Bytes>& leaves) {
    const auto& index = b.evidence.index();
    const std::size_t chain = b.evidence.chains();
    Bytes bin;
    for (std::size_t i = 0; i < index.ids.size(); ++i) {
        const std::string& id = index.ids[i];
        const fs::path dir = b.dir / kRecordsDir / id;
        const auto m = read_small_file(dir / std::string(kRecordManifestName), 1u << 24);
        if (m.state == FileState::unreadable)
            return fail(Errc::io,
                        "cannot renew '" + b.dir.string() + "': record " + id + ": record.manifest: " + m.problem);
        if (m.state != FileState::ok) return bad(b.dir, "record " + id + ": record.manifest is missing");
        if (sha256(m.data) != index.leaves[i])
            return bad(b.dir, "record " + id + ": record.manifest does not match its leaf (verify the batch first)");
        KYSO_TRY(const RecordManifest manifest, parse_record_manifest(as_chars(m.data)));
        for (const auto& f : manifest.files) {
            const auto h = hash_file(dir / f.name);
            if (h.state == FileState::unreadable)
                return fail(Errc::io,
                            "cannot renew '" + b.dir.string() + "': record " + id + ": '" + f.name + "': " + h.problem);
            if (h.state == FileState::missing) return bad(b.dir, "record " + id + ": '" + f.name + "' is missing");
            if (h.digests.sha256 != f.sha256 || h.digests.sha512 != f.sha512)
                return bad(b.dir, "record " + id + ": '" + f.name + "' no longer matches record.manifest");
        }
        Bytes leaf = renewal_leaf(alg, m.data, b.evidence.record_evidence(i), chain);
        bin.insert(bin.end(), leaf.begin(), leaf.end());
        leaves.push_back(std::move(leaf));
    }
    return bin;
}

Result<void> write_renewal(Loaded& b, const RenewOptions& o, const trust::Timestamp& ts, RenewedBatch& out) {
    if (o.kind == RenewOptions::Kind::hash_tree)
        KYSO_CHECK(put_tag_file(b.dir, leaves_file(b.evidence.chains()), b.new_leaves));
    KYSO_CHECK(put_tag_file(b.dir, kBatchErs, encode_evidence_record(b.renewed)));
    out.chain = b.renewed.chains.size();
    out.index = b.renewed.chains.back().size();
    // As the ingest event writes it: "sha256", "sha512".
    const auto alg = b.renewed.chains.back().front().digest_algorithm;
    std::string digest = "sha256";
    if (alg) {
        digest.clear();
        for (const char c : keys::digest_name(*alg))
            if (c != '-') digest += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    }
    nlohmann::json ev{{"time", format_rfc3339(ts.gen_time)},
                      {"event", "renew"},
                      {"tool", tool_label()},
                      {"kind", o.kind == RenewOptions::Kind::hash_tree ? "hash-tree" : "timestamp"},
                      {"chain", out.chain},
                      {"index", out.index},
                      {"digest", digest},
                      {"tsa_serial", ts.serial_hex},
                      {"tsa", ts.tsa_certificate ? ts.tsa_certificate->subject() : std::string()}};
    return append_event(b.dir, ev.dump() + "\n");
}

}  // namespace

Result<RenewResult> renew_batches(const std::vector<fs::path>& dirs, const RenewOptions& o) {
    if (dirs.empty()) return fail(Errc::usage, "archive renew: no batch to renew");
    std::vector<Loaded> batches;
    for (const auto& d : dirs) {
        KYSO_TRY(auto b, load(d));
        batches.push_back(std::move(b));
    }
    // Leaves of the archive-wide tree, grouped by the algorithm of the chain they extend.
    std::map<DigestAlgorithm, std::vector<std::size_t>> groups;
    std::map<DigestAlgorithm, std::vector<Bytes>> tops;
    for (std::size_t k = 0; k < batches.size(); ++k) {
        auto& b = batches[k];
        if (o.kind == RenewOptions::Kind::timestamp) {
            const auto& last = b.renewed.chains.back();
            KYSO_TRY(const DigestAlgorithm alg, chain_algorithm(last));
            groups[alg].push_back(k);
            tops[alg].push_back(hash_bytes(alg, last.back().timestamp));
        } else {
            std::vector<Bytes> leaves;
            KYSO_TRY(b.new_leaves, renewal_leaves(b, o.hash, leaves));
            groups[o.hash].push_back(k);
            tops[o.hash].push_back(MerkleTree(o.hash, std::move(leaves)).root());
        }
    }
    RenewResult result;
    for (auto& [alg, members] : groups) {
        const MerkleTree top(alg, tops[alg]);
        trust::TsaOptions tsa = o.tsa;
        tsa.digest = alg;
        KYSO_TRY(trust::Timestamp ts, trust::request_timestamp(top.root(), tsa));
        for (std::size_t m = 0; m < members.size(); ++m) {
            auto& er = batches[members[m]].renewed;
            ArchiveTimeStamp ats;
            ats.reduced_tree = top.reduced(m);
            ats.timestamp = ts.token;
            if (o.kind == RenewOptions::Kind::timestamp) {
                ats.digest_algorithm = er.chains.back().front().digest_algorithm;
                er.chains.back().push_back(std::move(ats));
            } else {
                ats.digest_algorithm = alg;
                if (std::find(er.digest_algorithms.begin(), er.digest_algorithms.end(), alg) ==
                    er.digest_algorithms.end())
                    er.digest_algorithms.push_back(alg);
                er.chains.push_back({std::move(ats)});
            }
        }
        result.timestamps.push_back(std::move(ts));
    }
    for (auto& b : batches) {
        RenewedBatch out{b.dir, b.batch_id, 0, 0, b.evidence.index().ids.size()};
        const Bytes& token = b.renewed.chains.back().back().timestamp;
        const auto& ts = *std::find_if(result.timestamps.begin(), result.timestamps.end(),
                                       [&](const trust::Timestamp& t) { return t.token == token; });
        KYSO_CHECK(write_renewal(b, o, ts, out));
        result.batches.push_back(std::move(out));
    }
    return result;
}

}  // namespace kyso::archive
