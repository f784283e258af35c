#include <kyso/archive/merkle.hpp>

#include "ossl/ossl.hpp"

#include <algorithm>
#include <cstring>

namespace kyso::archive {

namespace {

// OpenSSL 3.0 is several times slower when the digest is fetched implicitly on every call
// (spec/validation-and-archive.md "Scale"): ossl::md() hands out digests fetched once per process.
Bytes digest_parts(DigestAlgorithm alg, std::span<const ByteView> parts) {
    ossl::Hasher h(ossl::md(alg));
    for (const auto& p : parts)
        h.update(p.data(), p.size());
    return h.finish();
}

Bytes pair(DigestAlgorithm alg, const Bytes& a, const Bytes& b) {
    const bool a_first = a <= b;  // std::vector compares bytewise: binary ascending order
    const ByteView parts[2] = {a_first ? a : b, a_first ? b : a};
    return digest_parts(alg, parts);
}

}  // namespace

Hash sha256(ByteView data) {
    const ByteView parts[1] = {data};
    const Bytes d = digest_parts(DigestAlgorithm::sha256, parts);
    Hash out{};
    std::copy(d.begin(), d.end(), out.begin());
    return out;
}

Bytes hash_bytes(DigestAlgorithm alg, ByteView data) {
    const ByteView parts[1] = {data};
    return digest_parts(alg, parts);
}

std::string to_hex(const Hash& h) {
    return hex_encode(view(h));
}

Result<Hash> hash_from_hex(std::string_view hex) {
    Hash h{};
    if (hex.size() != 64) return fail(Errc::evidence_invalid, "a SHA-256 value must be 64 hex digits");
    for (std::size_t i = 0; i < 32; ++i) {
        int v = 0;
        for (int k = 0; k < 2; ++k) {
            const char c = hex[2 * i + static_cast<std::size_t>(k)];
            int d = 0;
            if (c >= '0' && c <= '9')
                d = c - '0';
            else if (c >= 'a' && c <= 'f')
                d = c - 'a' + 10;
            else
                return fail(Errc::evidence_invalid, "a SHA-256 value must be lowercase hex");
            v = v * 16 + d;
        }
        h[i] = static_cast<std::uint8_t>(v);
    }
    return h;
}

Bytes hash_sorted(DigestAlgorithm alg, std::span<const Bytes> values) {
    std::vector<const Bytes*> sorted;
    sorted.reserve(values.size());
    for (const auto& v : values)
        sorted.push_back(&v);
    std::sort(sorted.begin(), sorted.end(), [](const Bytes* a, const Bytes* b) { return *a < *b; });
    std::vector<ByteView> parts;
    parts.reserve(sorted.size());
    for (const auto* v : sorted)
        parts.push_back(*v);
    return digest_parts(alg, parts);
}

MerkleTree::MerkleTree(DigestAlgorithm alg, std::vector<Bytes> leaves) : m_alg(alg), m_size(leaves.size()) {
    if (leaves.empty()) leaves.emplace_back();
    m_levels.push_back(std::move(leaves));
    while (m_levels.back().size() > 1) {
        const auto& level = m_levels.back();
        std::vector<Bytes> next;
        next.reserve((level.size() + 1) / 2);
        for (std::size_t i = 0; i < level.size(); i += 2)
            next.push_back(i + 1 < level.size() ? pair(alg, level[i], level[i + 1]) : level[i]);  // odd: promoted
        m_levels.push_back(std::move(next));
    }
}

MerkleTree MerkleTree::of_sha256(std::span<const Hash> leaves) {
    std::vector<Bytes> values;
    values.reserve(leaves.size());
    for (const auto& h : leaves)
        values.push_back(to_bytes(h));
    return MerkleTree(DigestAlgorithm::sha256, std::move(values));
}

std::vector<HashList> MerkleTree::reduced(std::size_t index) const {
    std::vector<HashList> tree;
    if (index >= size() || size() == 1) return tree;
    std::size_t pos = index;
    for (std::size_t l = 0; l + 1 < m_levels.size(); ++l, pos /= 2) {
        const auto& level = m_levels[l];
        const std::size_t sibling = pos ^ 1u;
        if (sibling >= level.size()) continue;  // promoted without a sibling: no list at this level
        if (tree.empty())
            tree.push_back({level[pos], level[sibling]});
        else
            tree.push_back({level[sibling]});
    }
    return tree;
}

Hash merkle_root(std::span<const Hash> leaves) {
    Hash out{};
    if (leaves.empty()) return out;
    const MerkleTree tree = MerkleTree::of_sha256(leaves);
    std::copy(tree.root().begin(), tree.root().end(), out.begin());
    return out;
}

Result<Bytes> root_from_reduced(DigestAlgorithm alg, ByteView leaf, const std::vector<HashList>& tree) {
    const std::size_t size = keys::digest_size(alg);
    const std::string name(keys::digest_name(alg));
    if (leaf.size() != size) return fail(Errc::internal, "a leaf that is not a " + name + " value");
    for (std::size_t i = 0; i < tree.size(); ++i) {
        if (tree[i].empty())
            return fail(Errc::evidence_invalid, "list " + std::to_string(i + 1) + " of the reduced hash tree is empty");
        for (const auto& v : tree[i])
            if (v.size() != size)
                return fail(Errc::evidence_invalid,
                            "list " + std::to_string(i + 1) + " of the reduced hash tree holds a value of " +
                                std::to_string(v.size()) + " bytes (" + name + " has " + std::to_string(size) + ")");
    }
    Bytes h(leaf.begin(), leaf.end());
    if (tree.empty()) return h;
    const auto& first = tree.front();
    if (std::find(first.begin(), first.end(), h) == first.end())
        return fail(Errc::evidence_invalid, "the leaf hash is not in the first list of the reduced hash tree");
    h = hash_sorted(alg, first);
    for (std::size_t i = 1; i < tree.size(); ++i) {
        HashList with = tree[i];
        with.push_back(h);
        h = hash_sorted(alg, with);
    }
    return h;
}

}  // namespace kyso::archive
