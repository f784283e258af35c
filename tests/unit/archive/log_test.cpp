// The archive log's RFC 9162 hashing: roots against the Certificate Transparency reference vectors, and
// every inclusion and consistency proof of trees up to 40 leaves verified, and refused when altered.
#include <kyso/archive/log.hpp>

#include <gtest/gtest.h>

#include <string>
#include <vector>

using namespace kyso;
using namespace kyso::archive;

namespace {

Bytes from_hex(const std::string& h) {
    Bytes out;
    for (std::size_t i = 0; i + 1 < h.size(); i += 2)
        out.push_back(static_cast<std::uint8_t>(std::stoi(h.substr(i, 2), nullptr, 16)));
    return out;
}

// The leaf inputs of the Certificate Transparency reference implementation's Merkle tree tests.
std::vector<Hash> reference_leaves() {
    const char* const inputs[] = {
        "", "00", "10", "2021", "3031", "40414243", "5051525354555657", "606162636465666768696a6b6c6d6e6f"};
    std::vector<Hash> out;
    for (const char* in : inputs)
        out.push_back(log_leaf_hash(from_hex(in)));
    return out;
}

std::vector<Hash> numbered_leaves(std::size_t n) {
    std::vector<Hash> out;
    for (std::size_t i = 0; i < n; ++i)
        out.push_back(log_leaf_hash(as_bytes("batch-" + std::to_string(i))));
    return out;
}

}  // namespace

TEST(ArchiveLog, RootsMatchTheCertificateTransparencyVectors) {
    const char* const roots[] = {"6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
                                 "fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125",
                                 "aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77",
                                 "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
                                 "4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4",
                                 "76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef",
                                 "ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c",
                                 "5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328"};
    const std::vector<Hash> leaves = reference_leaves();
    for (std::size_t n = 1; n <= leaves.size(); ++n)
        EXPECT_EQ(to_hex(log_root(std::span(leaves).first(n))), roots[n - 1]) << n << " leaves";
    EXPECT_EQ(to_hex(log_root({})), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
}

TEST(ArchiveLog, EveryInclusionProofVerifiesAndAnyChangeIsRefused) {
    for (std::size_t n = 1; n <= 40; ++n) {
        const std::vector<Hash> leaves = numbered_leaves(n);
        const Hash root = log_root(leaves);
        for (std::size_t i = 0; i < n; ++i) {
            auto proof = inclusion_proof(leaves, i);
            ASSERT_TRUE(proof);
            EXPECT_TRUE(verify_inclusion(i, n, leaves[i], *proof, root)) << i << "/" << n;
            EXPECT_FALSE(verify_inclusion(i, n, log_leaf_hash(as_bytes("other")), *proof, root));
            if (n > 1) {
                EXPECT_FALSE(verify_inclusion((i + 1) % n, n, leaves[i], *proof, root)) << i << "/" << n;
            }
            for (std::size_t k = 0; k < proof->size(); ++k) {
                auto altered = *proof;
                altered[k][7] ^= 0x01;
                EXPECT_FALSE(verify_inclusion(i, n, leaves[i], altered, root)) << i << "/" << n << " hash " << k;
            }
            if (!proof->empty()) {
                auto shorter = *proof;
                shorter.pop_back();
                EXPECT_FALSE(verify_inclusion(i, n, leaves[i], shorter, root));
            }
        }
        EXPECT_FALSE(inclusion_proof(leaves, n));
    }
}

TEST(ArchiveLog, EveryConsistencyProofVerifiesAndRewrittenHistoryIsRefused) {
    const std::vector<Hash> all = numbered_leaves(40);
    for (std::size_t n = 1; n <= all.size(); ++n) {
        const auto leaves = std::span(all).first(n);
        const Hash new_root = log_root(leaves);
        for (std::size_t m = 1; m <= n; ++m) {
            const Hash old_root = log_root(leaves.first(m));
            auto proof = consistency_proof(leaves, m);
            ASSERT_TRUE(proof);
            EXPECT_TRUE(verify_consistency(m, n, old_root, new_root, *proof)) << m << "->" << n;
            for (std::size_t k = 0; k < proof->size(); ++k) {
                auto altered = *proof;
                altered[k][0] ^= 0x80;
                EXPECT_FALSE(verify_consistency(m, n, old_root, new_root, altered)) << m << "->" << n;
            }
            if (m < n) {
                // The old log had a different entry m-1 (a rewritten batch): its root cannot be a prefix.
                std::vector<Hash> forked(leaves.begin(), leaves.begin() + static_cast<std::ptrdiff_t>(m));
                forked.back() = log_leaf_hash(as_bytes("rewritten"));
                EXPECT_FALSE(verify_consistency(m, n, log_root(forked), new_root, *proof)) << m << "->" << n;
                // A log that dropped its last entry is not a continuation of the longer one.
                EXPECT_FALSE(verify_consistency(n, m, new_root, old_root, *proof));
            }
        }
        EXPECT_FALSE(consistency_proof(leaves, 0));
        EXPECT_FALSE(consistency_proof(leaves, n + 1));
    }
}

TEST(ArchiveLog, EntryTextIsCanonicalAndParsedStrictly) {
    LogEntry e;
    e.batch_id = "batch-2026-11-22";
    e.batch_root = log_leaf_hash(as_bytes("root"));
    e.evidence = log_leaf_hash(as_bytes("ers"));
    const std::string text = e.serialise();
    auto back = LogEntry::parse(text);
    ASSERT_TRUE(back);
    EXPECT_EQ(back->serialise(), text);
    EXPECT_FALSE(LogEntry::parse(text + "x"));
    EXPECT_FALSE(LogEntry::parse(text.substr(0, text.size() - 1)));
    std::string upper = text;
    upper[upper.find("root ") + 5] = 'A';
    EXPECT_FALSE(LogEntry::parse(upper));
    e.batch_id = "../etc";
    auto bad = LogEntry::parse(e.serialise());
    ASSERT_FALSE(bad);
    EXPECT_EQ(bad.error().code, Errc::evidence_invalid);
}
