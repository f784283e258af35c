// The RFC 4998 sorted-pair tree against vectors computed here with OpenSSL's SHA256() directly.
#include <kyso/archive/merkle.hpp>

#include <gtest/gtest.h>
#include <openssl/sha.h>

#include <algorithm>
#include <cstring>

namespace kyso::archive {
namespace {

Hash raw_sha(const std::vector<std::uint8_t>& data) {
    Hash h{};
    SHA256(data.data(), data.size(), h.data());
    return h;
}

// H(min || max), written out independently of the library.
Hash node(const Hash& a, const Hash& b) {
    std::vector<std::uint8_t> cat;
    const bool a_first = std::memcmp(a.data(), b.data(), 32) < 0;
    const Hash& lo = a_first ? a : b;
    const Hash& hi = a_first ? b : a;
    cat.insert(cat.end(), lo.begin(), lo.end());
    cat.insert(cat.end(), hi.begin(), hi.end());
    return raw_sha(cat);
}

std::vector<Hash> leaves(std::size_t n) {
    std::vector<Hash> out;
    for (std::size_t i = 0; i < n; ++i)
        out.push_back(raw_sha({static_cast<std::uint8_t>('a' + i), static_cast<std::uint8_t>(i)}));
    return out;
}

// The SHA-256 tree's reduced tree, and its root recomputed, in the library's value type.
std::vector<HashList> reduced_tree(const std::vector<Hash>& l, std::size_t i) {
    return MerkleTree::of_sha256(l).reduced(i);
}
Result<Bytes> root_from_reduced(const Hash& leaf, const std::vector<HashList>& tree) {
    return archive::root_from_reduced(DigestAlgorithm::sha256, view(leaf), tree);
}
HashList list(std::initializer_list<Hash> values) {
    HashList out;
    for (const auto& v : values)
        out.push_back(to_bytes(v));
    return out;
}

TEST(Merkle, OneLeafIsTheRoot) {
    const auto l = leaves(1);
    EXPECT_EQ(merkle_root(l), l[0]);
    EXPECT_TRUE(reduced_tree(l, 0).empty());
    EXPECT_EQ(*root_from_reduced(l[0], {}), to_bytes(l[0]));
}

TEST(Merkle, KnownVectors) {
    auto l = leaves(2);
    EXPECT_EQ(merkle_root(l), node(l[0], l[1]));
    // Sorted pairs: the order of two leaves does not matter.
    std::swap(l[0], l[1]);
    EXPECT_EQ(merkle_root(l), node(l[0], l[1]));

    l = leaves(3);  // the third leaf is promoted unchanged, then paired
    EXPECT_EQ(merkle_root(l), node(node(l[0], l[1]), l[2]));

    l = leaves(5);
    const Hash a = node(l[0], l[1]), b = node(l[2], l[3]);
    EXPECT_EQ(merkle_root(l), node(node(a, b), l[4]));

    l = leaves(8);
    const Hash x = node(node(l[0], l[1]), node(l[2], l[3]));
    const Hash y = node(node(l[4], l[5]), node(l[6], l[7]));
    EXPECT_EQ(merkle_root(l), node(x, y));
}

TEST(Merkle, ReducedTreeShapes) {
    auto l = leaves(3);
    const Hash a = node(l[0], l[1]);
    // Leaf 2 has no sibling at the first level: its first list is itself and its first sibling, a.
    auto t = reduced_tree(l, 2);
    ASSERT_EQ(t.size(), 1u);
    EXPECT_EQ(t[0], list({l[2], a}));
    t = reduced_tree(l, 0);
    ASSERT_EQ(t.size(), 2u);
    EXPECT_EQ(t[0], list({l[0], l[1]}));
    EXPECT_EQ(t[1], list({l[2]}));

    l = leaves(5);
    const Hash b = node(l[2], l[3]), c = node(node(l[0], l[1]), b);
    t = reduced_tree(l, 4);  // promoted twice, then paired with c
    ASSERT_EQ(t.size(), 1u);
    EXPECT_EQ(t[0], list({l[4], c}));
    t = reduced_tree(l, 0);
    ASSERT_EQ(t.size(), 3u);
    EXPECT_EQ(t[1], list({b}));
    EXPECT_EQ(t[2], list({l[4]}));
}

TEST(Merkle, EveryReducedTreeRecomputesToTheRoot) {
    for (std::size_t n = 1; n <= 33; ++n) {
        const auto l = leaves(n);
        const Hash root = merkle_root(l);
        const MerkleTree tree = MerkleTree::of_sha256(l);
        EXPECT_EQ(tree.root(), to_bytes(root)) << n;
        for (std::size_t i = 0; i < n; ++i) {
            EXPECT_EQ(tree.reduced(i), reduced_tree(l, i)) << n << "/" << i;
            auto r = root_from_reduced(l[i], reduced_tree(l, i));
            ASSERT_TRUE(r) << n << "/" << i;
            EXPECT_EQ(*r, to_bytes(root)) << n << "/" << i;
        }
    }
}

TEST(Merkle, TamperedTreesFail) {
    const auto l = leaves(8);
    const Hash root = merkle_root(l);
    auto t = reduced_tree(l, 3);
    // Another leaf is not in the first list.
    EXPECT_FALSE(root_from_reduced(l[5], t));
    // An altered sibling changes the root.
    auto altered = t;
    altered[1][0][0] ^= 1;
    EXPECT_NE(*root_from_reduced(l[3], altered), to_bytes(root));
    // Swapped order of the lists changes the root.
    auto swapped = t;
    std::swap(swapped[1], swapped[2]);
    EXPECT_NE(*root_from_reduced(l[3], swapped), to_bytes(root));
    // A reordered hash list inside one PartialHashtree verifies by design (sorted hashing).
    auto reordered = t;
    std::reverse(reordered[0].begin(), reordered[0].end());
    EXPECT_EQ(*root_from_reduced(l[3], reordered), to_bytes(root));
    // A reordered leaf order gives another root.
    auto moved = l;
    std::swap(moved[0], moved[7]);
    EXPECT_NE(merkle_root(moved), root);
    // An empty later list is refused.
    auto empty = t;
    empty[1].clear();
    EXPECT_FALSE(root_from_reduced(l[3], empty));
}

TEST(Merkle, HexRoundTrip) {
    const auto l = leaves(1);
    EXPECT_EQ(*hash_from_hex(to_hex(l[0])), l[0]);
    EXPECT_FALSE(hash_from_hex("AB"));
    std::string upper = to_hex(l[0]);
    std::transform(upper.begin(), upper.end(), upper.begin(), ::toupper);
    EXPECT_FALSE(hash_from_hex(upper));
}

}  // namespace
}  // namespace kyso::archive
