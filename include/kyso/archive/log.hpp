// kyso — the archive log: an append-only Merkle tree over the archive's batches with RFC 9162 (Certificate
// Transparency 2.0) hashing, so an auditor holding an old tree head can prove that no batch was later
// dropped or rewritten (consistency proof) and that a batch is in the log (inclusion proof).
#pragma once

#include <kyso/archive/merkle.hpp>
#include <kyso/core/bytes.hpp>
#include <kyso/core/result.hpp>

#include <array>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace kyso::archive {

// RFC 9162 §2.1.1: a leaf is SHA-256(0x00 ‖ data), an interior node SHA-256(0x01 ‖ left ‖ right); the
// empty tree's hash is SHA-256 of nothing. Distinct prefixes keep a leaf from posing as a node.
Hash log_leaf_hash(ByteView data);
Hash log_node_hash(const Hash& left, const Hash& right);

// MTH(D[n]) over leaf hashes already computed with log_leaf_hash.
Hash log_root(std::span<const Hash> leaves);

// RFC 9162 §2.1.3.1: the audit path of leaf `index` in the tree of `leaves`. Errc::usage when index is
// outside the tree.
Result<std::vector<Hash>> inclusion_proof(std::span<const Hash> leaves, std::uint64_t index);
// RFC 9162 §2.1.3.2: whether `proof` leads from `leaf` (its leaf hash) at `index` to `root` of a tree of
// `size` leaves.
bool verify_inclusion(std::uint64_t index, std::uint64_t size, const Hash& leaf, std::span<const Hash> proof,
                      const Hash& root);

// RFC 9162 §2.1.4.1: the proof that the tree of the first `old_size` leaves is a prefix of the tree of all
// `leaves`. Errc::usage unless 0 < old_size <= leaves.size().
Result<std::vector<Hash>> consistency_proof(std::span<const Hash> leaves, std::uint64_t old_size);
// RFC 9162 §2.1.4.2: whether `proof` shows the tree (old_size, old_root) is a prefix of (new_size,
// new_root). Equal sizes need an empty proof and equal roots.
bool verify_consistency(std::uint64_t old_size, std::uint64_t new_size, const Hash& old_root, const Hash& new_root,
                        std::span<const Hash> proof);

// The data of one log leaf: the batch it records, canonical UTF-8 text, so a rewritten batch (another
// Merkle root or another evidence record) is another leaf.
struct LogEntry {
    std::string batch_id;  // External-Identifier of the bag: [A-Za-z0-9._-], 1..128 bytes
    Hash batch_root{};     // the batch's RFC 4998 Merkle root (what its archive time-stamp covers)
    Hash evidence{};       // SHA-256 of the first time-stamp token of the batch's evidence/batch.ers

    // "kyso-archive-log-entry 1\nbatch <id>\nroot <hex>\nevidence <hex>\n"
    std::string serialise() const;
    static Result<LogEntry> parse(std::string_view text);  // strict: exactly the form above
};

}  // namespace kyso::archive
