// kyso — the hash trees of RFC 4998 §4.2 (sorted-pair hashing) and their reduced trees, with SHA-256 (a
// batch's own tree) or a stronger algorithm (the trees of a hash-tree renewal).
#pragma once

#include <kyso/core/bytes.hpp>
#include <kyso/core/result.hpp>
#include <kyso/keys/signer.hpp>

#include <array>
#include <cstdint>
#include <span>
#include <string>
#include <vector>

namespace kyso::archive {

using keys::DigestAlgorithm;
using Hash = std::array<std::uint8_t, 32>;  // a SHA-256 value: evidence/leaves.bin, the archive log
using HashList = std::vector<Bytes>;        // one PartialHashtree (RFC 4998 §4.2): values of one algorithm

Hash sha256(ByteView data);
Bytes hash_bytes(DigestAlgorithm alg, ByteView data);
inline Bytes to_bytes(const Hash& h) {
    return {h.begin(), h.end()};
}
std::string to_hex(const Hash& h);
Result<Hash> hash_from_hex(std::string_view hex);
inline ByteView view(const Hash& h) {
    return {h.data(), h.size()};
}

// RFC 4998 §4.2 parent: the hash of the values concatenated in binary ascending order. With one leaf
// list per level this is H(min(a,b) || max(a,b)).
Bytes hash_sorted(DigestAlgorithm alg, std::span<const Bytes> values);

// The whole tree kept level by level (2n hashes): nodes paired left to right at each level, an odd last
// node promoted unchanged; one leaf is the root itself. The root once, then each leaf's reduced tree in
// O(log n) — what verifying or exporting every record of a large batch needs.
class MerkleTree {
public:
    MerkleTree(DigestAlgorithm alg, std::vector<Bytes> leaves);  // no leaves: the root is empty
    static MerkleTree of_sha256(std::span<const Hash> leaves);
    DigestAlgorithm algorithm() const { return m_alg; }
    const Bytes& root() const { return m_levels.back().front(); }
    std::size_t size() const { return m_size; }
    const Bytes& leaf(std::size_t index) const { return m_levels.front()[index]; }
    // The reduced hash tree of leaf `index` (RFC 4998 §4.2/§5.3): the first list holds the leaf and its
    // sibling at the first level where it has one; each later list holds the sibling at the next level
    // where the running node has one. Empty for a one-leaf tree.
    std::vector<HashList> reduced(std::size_t index) const;

private:
    DigestAlgorithm m_alg;
    std::size_t m_size = 0;
    std::vector<std::vector<Bytes>> m_levels;  // leaves first, root last
};

// The SHA-256 root over `leaves` in the given order. Empty input: all zero (callers refuse it).
Hash merkle_root(std::span<const Hash> leaves);

// Recomputes the root from `leaf` through `tree` (RFC 4998 §4.3 steps 2-3): the first list must contain
// the leaf; each later list is hashed together with the running value. An empty tree gives the leaf.
// Errc::evidence_invalid with a precise reason when the leaf is not in the first list, a list is empty or
// a value is not of `alg`'s size.
Result<Bytes> root_from_reduced(DigestAlgorithm alg, ByteView leaf, const std::vector<HashList>& tree);

}  // namespace kyso::archive
