// kyso — the batch hash tree of RFC 4998 §4.2 (sorted-pair SHA-256) and its reduced trees.
#pragma once

#include <kyso/core/bytes.hpp>
#include <kyso/core/result.hpp>

#include <array>
#include <cstdint>
#include <filesystem>
#include <span>
#include <string>
#include <vector>

namespace kyso::archive {

using Hash = std::array<std::uint8_t, 32>;  // a SHA-256 value
using HashList = std::vector<Hash>;         // one PartialHashtree (RFC 4998 §4.2)

Hash sha256(ByteView data);
std::string to_hex(const Hash& h);
Result<Hash> hash_from_hex(std::string_view hex);
inline ByteView view(const Hash& h) {
    return {h.data(), h.size()};
}

// RFC 4998 §4.2 parent: SHA-256 of the hashes concatenated in binary ascending order. With one leaf
// list per level this is H(min(a,b) || max(a,b)).
Hash hash_sorted(std::span<const Hash> hashes);

// The root over `leaves` in the given order: nodes paired left to right at each level; an odd last
// node is promoted unchanged. One leaf: the leaf itself. Empty input: all zero (callers refuse it).
Hash merkle_root(std::span<const Hash> leaves);

// The reduced hash tree of leaf `index` (RFC 4998 §4.2/§5.3): the first list holds the leaf and its
// sibling at the first level where it has one; each later list holds the sibling at the next level
// where the running node has one. Empty for a one-leaf tree.
std::vector<HashList> reduced_tree(std::span<const Hash> leaves, std::size_t index);

// The whole tree kept level by level (2n hashes): the root once, then each leaf's reduced tree in
// O(log n) — what verifying or exporting every record of a large batch needs.
class MerkleTree {
public:
    explicit MerkleTree(std::vector<Hash> leaves);
    const Hash& root() const { return m_levels.back().front(); }  // all zero for no leaves
    std::size_t size() const { return m_levels.front().size(); }
    std::vector<HashList> reduced(std::size_t index) const;  // as reduced_tree()

private:
    std::vector<std::vector<Hash>> m_levels;  // leaves first, root last
};

// Recomputes the root from `leaf` through `tree` (RFC 4998 §5.3 step 3): the first list must contain
// the leaf; each later list is hashed together with the running value. An empty tree gives the leaf.
// Errc::evidence_invalid with a precise reason when the leaf is not in the first list or a list is empty.
Result<Hash> root_from_reduced(const Hash& leaf, const std::vector<HashList>& tree);

}  // namespace kyso::archive
