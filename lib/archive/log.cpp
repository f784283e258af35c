// RFC 9162 §2.1 Merkle tree hashing, audit paths and consistency proofs, written from the RFC's
// recursive definitions (proof generation) and its iterative verification algorithms.
#include <kyso/archive/log.hpp>

#include "ossl/ossl.hpp"

#include <openssl/evp.h>

#include <algorithm>

namespace kyso::archive {

namespace {

Hash sha256_parts(std::uint8_t prefix, ByteView a, ByteView b) {
    ossl::Hasher h(ossl::md(keys::DigestAlgorithm::sha256));
    h.update(&prefix, 1);
    h.update(a.data(), a.size());
    h.update(b.data(), b.size());
    const Bytes d = h.finish();
    Hash out{};
    std::copy(d.begin(), d.end(), out.begin());
    return out;
}

// The largest power of two smaller than n (n >= 2).
std::uint64_t split_point(std::uint64_t n) {
    std::uint64_t k = 1;
    while (k * 2 < n)
        k *= 2;
    return k;
}

Hash mth(std::span<const Hash> d) {
    if (d.empty()) {
        ossl::Hasher h(ossl::md(keys::DigestAlgorithm::sha256));
        const Bytes e = h.finish();
        Hash out{};
        std::copy(e.begin(), e.end(), out.begin());
        return out;
    }
    if (d.size() == 1) return d[0];
    const std::size_t k = split_point(d.size());
    return log_node_hash(mth(d.first(k)), mth(d.subspan(k)));
}

void path(std::uint64_t m, std::span<const Hash> d, std::vector<Hash>& out) {
    if (d.size() <= 1) return;
    const std::size_t k = split_point(d.size());
    if (m < k) {
        path(m, d.first(k), out);
        out.push_back(mth(d.subspan(k)));
    } else {
        path(m - k, d.subspan(k), out);
        out.push_back(mth(d.first(k)));
    }
}

void subproof(std::uint64_t m, std::span<const Hash> d, bool complete, std::vector<Hash>& out) {
    if (m == d.size()) {
        if (!complete) out.push_back(mth(d));
        return;
    }
    const std::size_t k = split_point(d.size());
    if (m <= k) {
        subproof(m, d.first(k), complete, out);
        out.push_back(mth(d.subspan(k)));
    } else {
        subproof(m - k, d.subspan(k), false, out);
        out.push_back(mth(d.first(k)));
    }
}

bool lsb(std::uint64_t v) {
    return (v & 1U) != 0;
}

const char* const kEntryMagic = "kyso-archive-log-entry 1\n";

bool batch_id_ok(std::string_view id) {
    if (id.empty() || id.size() > 128) return false;
    return std::all_of(id.begin(), id.end(), [](char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' || c == '_' ||
               c == '-';
    });
}

}  // namespace

Hash log_leaf_hash(ByteView data) {
    return sha256_parts(0x00, data, {});
}

Hash log_node_hash(const Hash& left, const Hash& right) {
    return sha256_parts(0x01, left, right);
}

Hash log_root(std::span<const Hash> leaves) {
    return mth(leaves);
}

Result<std::vector<Hash>> inclusion_proof(std::span<const Hash> leaves, std::uint64_t index) {
    if (index >= leaves.size())
        return fail(Errc::usage, "inclusion proof: leaf " + std::to_string(index) + " is outside a log of " +
                                     std::to_string(leaves.size()) + " entries");
    std::vector<Hash> out;
    path(index, leaves, out);
    return out;
}

bool verify_inclusion(std::uint64_t index, std::uint64_t size, const Hash& leaf, std::span<const Hash> proof,
                      const Hash& root) {
    if (index >= size) return false;
    std::uint64_t fn = index, sn = size - 1;
    Hash r = leaf;
    for (const Hash& p : proof) {
        if (sn == 0) return false;
        if (lsb(fn) || fn == sn) {
            r = log_node_hash(p, r);
            if (!lsb(fn))
                while (!lsb(fn) && fn != 0) {
                    fn >>= 1;
                    sn >>= 1;
                }
        } else {
            r = log_node_hash(r, p);
        }
        fn >>= 1;
        sn >>= 1;
    }
    return sn == 0 && r == root;
}

Result<std::vector<Hash>> consistency_proof(std::span<const Hash> leaves, std::uint64_t old_size) {
    if (old_size == 0 || old_size > leaves.size())
        return fail(Errc::usage, "consistency proof: an old size of " + std::to_string(old_size) +
                                     " does not fit a log of " + std::to_string(leaves.size()) + " entries");
    std::vector<Hash> out;
    subproof(old_size, leaves, true, out);
    return out;
}

bool verify_consistency(std::uint64_t old_size, std::uint64_t new_size, const Hash& old_root, const Hash& new_root,
                        std::span<const Hash> proof) {
    if (old_size == 0 || old_size > new_size) return false;
    if (old_size == new_size) return proof.empty() && old_root == new_root;
    if (proof.empty()) return false;
    std::vector<Hash> path(proof.begin(), proof.end());
    if ((old_size & (old_size - 1)) == 0) path.insert(path.begin(), old_root);
    std::uint64_t fn = old_size - 1, sn = new_size - 1;
    while (lsb(fn)) {
        fn >>= 1;
        sn >>= 1;
    }
    Hash fr = path[0], sr = path[0];
    for (std::size_t i = 1; i < path.size(); ++i) {
        const Hash& c = path[i];
        if (sn == 0) return false;
        if (lsb(fn) || fn == sn) {
            fr = log_node_hash(c, fr);
            sr = log_node_hash(c, sr);
            if (!lsb(fn))
                while (!lsb(fn) && fn != 0) {
                    fn >>= 1;
                    sn >>= 1;
                }
        } else {
            sr = log_node_hash(sr, c);
        }
        fn >>= 1;
        sn >>= 1;
    }
    return sn == 0 && fr == old_root && sr == new_root;
}

std::string LogEntry::serialise() const {
    return std::string(kEntryMagic) + "batch " + batch_id + "\nroot " + to_hex(batch_root) + "\nevidence " +
           to_hex(evidence) + "\n";
}

Result<LogEntry> LogEntry::parse(std::string_view text) {
    auto bad = [](const std::string& why) { return fail(Errc::evidence_invalid, "archive log entry: " + why); };
    if (!text.starts_with(kEntryMagic)) return bad("not a kyso-archive-log-entry 1");
    text.remove_prefix(std::string_view(kEntryMagic).size());
    std::string_view lines[3];
    const char* const keys[3] = {"batch ", "root ", "evidence "};
    for (int i = 0; i < 3; ++i) {
        const auto nl = text.find('\n');
        if (nl == std::string_view::npos) return bad("truncated");
        std::string_view line = text.substr(0, nl);
        text.remove_prefix(nl + 1);
        if (!line.starts_with(keys[i]))
            return bad(std::string("line ") + std::to_string(i + 2) + " is not '" + keys[i] + "...'");
        lines[i] = line.substr(std::string_view(keys[i]).size());
    }
    if (!text.empty()) return bad("trailing data");
    LogEntry e;
    if (!batch_id_ok(lines[0])) return bad("batch id is not 1..128 characters of [A-Za-z0-9._-]");
    e.batch_id = std::string(lines[0]);
    auto root = hash_from_hex(lines[1]);
    auto evidence = hash_from_hex(lines[2]);
    if (!root || !evidence) return bad("a hash is not 64 lowercase hex digits");
    e.batch_root = *root;
    e.evidence = *evidence;
    return e;
}

}  // namespace kyso::archive
