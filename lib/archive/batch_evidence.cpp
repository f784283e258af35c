#include "archive/batch_evidence.hpp"

#include "archive/evidence_chain.hpp"
#include "archive/file_hash.hpp"

namespace kyso::archive::detail {

namespace fs = std::filesystem;

std::string leaves_file(std::size_t chain) {
    return chain == 0 ? std::string(kLeavesBin) : "evidence/leaves-" + std::to_string(chain + 1) + ".bin";
}

Result<BatchEvidence> BatchEvidence::load(const fs::path& batch_dir) {
    BatchEvidence out;
    const auto ers = read_small_file(batch_dir / kBatchErs);
    if (ers.state == FileState::missing) return fail(Errc::evidence_invalid, "evidence/batch.ers is missing");
    if (ers.state != FileState::ok) return fail(Errc::io, "evidence/batch.ers is unreadable: " + ers.problem);
    auto er = decode_evidence_record(ers.data);
    if (!er) return fail(er.error().code, "evidence/batch.ers: " + er.error().message);
    out.m_stored = std::move(*er);
    KYSO_TRY(out.m_index, load_batch_index(batch_dir));
    out.m_trees.push_back(MerkleTree::of_sha256(out.m_index.leaves));
    for (std::size_t c = 1; c < out.m_stored.chains.size(); ++c) {
        auto alg = chain_algorithm(out.m_stored.chains[c]);
        if (!alg)
            return fail(Errc::evidence_invalid,
                        "evidence/batch.ers chain " + std::to_string(c + 1) + ": " + alg.error().message);
        const std::string name = leaves_file(c);
        const auto bin = read_small_file(batch_dir / name, std::uint64_t{1} << 31);
        if (bin.state == FileState::missing) return fail(Errc::evidence_invalid, name + " is missing");
        if (bin.state != FileState::ok) return fail(Errc::io, name + " is unreadable: " + bin.problem);
        const std::size_t size = keys::digest_size(*alg);
        if (bin.data.size() != size * out.m_index.leaves.size())
            return fail(Errc::evidence_invalid,
                        name + " does not hold one " + std::string(keys::digest_name(*alg)) + " value per record");
        std::vector<Bytes> leaves;
        for (std::size_t i = 0; i < bin.data.size(); i += size)
            leaves.emplace_back(bin.data.begin() + static_cast<std::ptrdiff_t>(i),
                                bin.data.begin() + static_cast<std::ptrdiff_t>(i + size));
        out.m_trees.emplace_back(*alg, std::move(leaves));
    }
    return out;
}

EvidenceRecord BatchEvidence::record_evidence(std::size_t i, std::size_t chains) const {
    EvidenceRecord er;
    er.digest_algorithms = m_stored.digest_algorithms;
    for (std::size_t c = 0; c < chains && c < m_stored.chains.size(); ++c) {
        auto chain = m_stored.chains[c];
        chain.front().reduced_tree = join_reduced(m_trees[c].reduced(i), chain.front().reduced_tree, m_trees[c].root());
        er.chains.push_back(std::move(chain));
    }
    return er;
}

Bytes BatchEvidence::renewal_leaf_of(std::size_t chain, std::size_t i, ByteView manifest) const {
    return renewal_leaf(m_trees[chain].algorithm(), manifest, record_evidence(i, chain), chain);
}

}  // namespace kyso::archive::detail
