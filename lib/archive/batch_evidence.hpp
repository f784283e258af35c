// A batch's evidence as a whole (private): evidence/batch.ers, whose chains each start at the batch's
// root of that chain (the first time-stamp's reduced tree holds the path from that root to the
// time-stamped root: empty for a batch sealed alone, the path among the archive's batches for an
// archive-wide renewal), the leaves of each chain — chain 1: evidence/leaves.bin (SHA-256 of each
// record.manifest); chain n ≥ 2 (a hash-tree renewal): evidence/leaves-n.bin — and the trees over them.
#pragma once

#include "archive/batch_index.hpp"

#include <kyso/archive/evidence_record.hpp>
#include <kyso/archive/merkle.hpp>

#include <filesystem>
#include <string>
#include <vector>

namespace kyso::archive::detail {

// "evidence/leaves-n.bin" for chain index `chain` ≥ 1 (0-based), "evidence/leaves.bin" for 0.
std::string leaves_file(std::size_t chain);

class BatchEvidence {
public:
    // Errc::evidence_invalid (or Errc::io) with the precise reason when a file is missing or malformed,
    // a chain's leaves are not one value of its algorithm per record, or the index is inconsistent.
    static Result<BatchEvidence> load(const std::filesystem::path& batch_dir);

    const EvidenceRecord& stored() const { return m_stored; }
    const BatchIndex& index() const { return m_index; }
    std::size_t chains() const { return m_trees.size(); }
    const MerkleTree& tree(std::size_t chain) const { return m_trees[chain]; }

    // The evidence record of record `i` made of the first `chains` chains: each chain's first
    // time-stamp carries the record's path in the batch tree joined with the stored path.
    EvidenceRecord record_evidence(std::size_t i, std::size_t chains) const;
    EvidenceRecord record_evidence(std::size_t i) const { return record_evidence(i, chains()); }

    // The leaf of chain `chain` ≥ 1 for record `i`, recomputed from its record.manifest bytes.
    Bytes renewal_leaf_of(std::size_t chain, std::size_t i, ByteView manifest) const;

private:
    EvidenceRecord m_stored;
    BatchIndex m_index;
    std::vector<MerkleTree> m_trees;  // one per chain
};

}  // namespace kyso::archive::detail
