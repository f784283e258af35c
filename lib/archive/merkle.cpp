#include <kyso/archive/merkle.hpp>

#include <openssl/evp.h>

#include <algorithm>
#include <cstring>
#include <memory>
#include <stdexcept>

namespace kyso::archive {

namespace {

// OpenSSL 3.0 is several times slower when the digest is fetched implicitly on every call
// (spec/validation-and-archive.md "Scale"): fetch SHA-256 once per process.
const EVP_MD* sha256_md() {
    static const std::unique_ptr<EVP_MD, decltype(&EVP_MD_free)> md(EVP_MD_fetch(nullptr, "SHA256", nullptr),
                                                                    &EVP_MD_free);
    if (!md) throw std::runtime_error("SHA-256 is not available from OpenSSL");
    return md.get();
}

Hash digest_parts(std::span<const ByteView> parts) {
    thread_local std::unique_ptr<EVP_MD_CTX, decltype(&EVP_MD_CTX_free)> ctx(EVP_MD_CTX_new(), &EVP_MD_CTX_free);
    Hash out{};
    unsigned len = 0;
    if (!ctx || EVP_DigestInit_ex2(ctx.get(), sha256_md(), nullptr) != 1)
        throw std::runtime_error("SHA-256 initialisation failed");
    for (const auto& p : parts)
        if (EVP_DigestUpdate(ctx.get(), p.data(), p.size()) != 1) throw std::runtime_error("SHA-256 update failed");
    if (EVP_DigestFinal_ex(ctx.get(), out.data(), &len) != 1 || len != out.size())
        throw std::runtime_error("SHA-256 final failed");
    return out;
}

Hash pair(const Hash& a, const Hash& b) {
    const bool a_first = std::memcmp(a.data(), b.data(), a.size()) <= 0;
    const ByteView parts[2] = {view(a_first ? a : b), view(a_first ? b : a)};
    return digest_parts(parts);
}

}  // namespace

Hash sha256(ByteView data) {
    const ByteView parts[1] = {data};
    return digest_parts(parts);
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

Hash hash_sorted(std::span<const Hash> hashes) {
    std::vector<Hash> sorted(hashes.begin(), hashes.end());
    std::sort(sorted.begin(), sorted.end());  // std::array compares bytewise: binary ascending order
    std::vector<ByteView> parts;
    parts.reserve(sorted.size());
    for (const auto& h : sorted)
        parts.push_back(view(h));
    return digest_parts(parts);
}

MerkleTree::MerkleTree(std::vector<Hash> leaves) {
    if (leaves.empty()) leaves.push_back(Hash{});
    m_levels.push_back(std::move(leaves));
    while (m_levels.back().size() > 1) {
        const auto& level = m_levels.back();
        std::vector<Hash> next;
        next.reserve((level.size() + 1) / 2);
        for (std::size_t i = 0; i < level.size(); i += 2)
            next.push_back(i + 1 < level.size() ? pair(level[i], level[i + 1]) : level[i]);  // odd: promoted
        m_levels.push_back(std::move(next));
    }
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
    if (leaves.empty()) return Hash{};
    std::vector<Hash> level(leaves.begin(), leaves.end());
    while (level.size() > 1) {
        std::size_t out = 0;
        for (std::size_t i = 0; i < level.size(); i += 2)
            level[out++] = i + 1 < level.size() ? pair(level[i], level[i + 1]) : level[i];  // odd: promoted
        level.resize(out);
    }
    return level.front();
}

std::vector<HashList> reduced_tree(std::span<const Hash> leaves, std::size_t index) {
    return MerkleTree(std::vector<Hash>(leaves.begin(), leaves.end())).reduced(index);
}

Result<Hash> root_from_reduced(const Hash& leaf, const std::vector<HashList>& tree) {
    if (tree.empty()) return leaf;
    const auto& first = tree.front();
    if (std::find(first.begin(), first.end(), leaf) == first.end())
        return fail(Errc::evidence_invalid, "the record's leaf hash is not in the first list of the reduced hash tree");
    Hash h = hash_sorted(first);
    for (std::size_t i = 1; i < tree.size(); ++i) {
        if (tree[i].empty())
            return fail(Errc::evidence_invalid, "list " + std::to_string(i + 1) + " of the reduced hash tree is empty");
        HashList with = tree[i];
        with.push_back(h);
        h = hash_sorted(with);
    }
    return h;
}

}  // namespace kyso::archive
