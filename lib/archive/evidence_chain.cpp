#include "archive/evidence_chain.hpp"

#include <algorithm>
#include <string>

namespace kyso::archive::detail {

namespace {

std::string where(std::size_t chain, std::size_t index) {
    return "chain " + std::to_string(chain + 1) + " time-stamp " + std::to_string(index + 1);
}

}  // namespace

Result<DigestAlgorithm> chain_algorithm(const ArchiveTimeStampChain& chain) {
    if (chain.empty()) return fail(Errc::evidence_invalid, "an empty ArchiveTimeStampChain");
    if (chain.front().digest_algorithm) return *chain.front().digest_algorithm;
    return trust::timestamp_imprint_algorithm(chain.front().timestamp);
}

Result<std::vector<LinkedStamp>> link_evidence(const EvidenceRecord& er, const FirstLeaf& first_leaf) {
    std::vector<LinkedStamp> out;
    for (std::size_t c = 0; c < er.chains.size(); ++c) {
        const auto& chain = er.chains[c];
        auto alg = chain_algorithm(chain);
        if (!alg) return fail(Errc::evidence_invalid, where(c, 0) + ": " + alg.error().message);
        if (std::find(er.digest_algorithms.begin(), er.digest_algorithms.end(), *alg) == er.digest_algorithms.end())
            return fail(Errc::evidence_invalid, "chain " + std::to_string(c + 1) + " uses " +
                                                    std::string(keys::digest_name(*alg)) +
                                                    ", which the evidence record's digestAlgorithms does not list");
        for (std::size_t i = 0; i < chain.size(); ++i) {
            const auto& ats = chain[i];
            const std::string w = where(c, i);
            if (ats.digest_algorithm && *ats.digest_algorithm != *alg)
                return fail(Errc::evidence_invalid, w + ": its digestAlgorithm differs from its chain's");
            Bytes leaf;
            if (i == 0) {
                auto first = first_leaf(c, *alg);
                if (!first) return fail(first.error().code, w + ": " + first.error().message);
                leaf = std::move(*first);
            } else {
                leaf = hash_bytes(*alg, chain[i - 1].timestamp);  // RFC 4998 §5.2: the previous timeStamp field
            }
            auto root = root_from_reduced(*alg, leaf, ats.reduced_tree);
            if (!root)
                return fail(
                    Errc::evidence_invalid,
                    w + ": " + root.error().message +
                        (i == 0 ? std::string() : " (a time-stamp renewal must cover the previous time-stamp)"));
            auto token = trust::check_timestamp_token(ats.timestamp, *root, *alg);
            if (!token)
                return fail(Errc::evidence_invalid,
                            w + ": the hashes lead to the root " + hex_encode(*root) +
                                ", which the time-stamp does not cover: " + token.error().message);
            if (!out.empty() && token->gen_time < out.back().token.gen_time)
                return fail(Errc::evidence_invalid, w + ": its genTime precedes the previous time-stamp's");
            out.push_back({c, i, *alg, std::move(*root), std::move(*token)});
        }
    }
    if (out.empty()) return fail(Errc::evidence_invalid, "the evidence record holds no archive time-stamp");
    return out;
}

Bytes renewal_leaf(DigestAlgorithm alg, ByteView data_object, const EvidenceRecord& er, std::size_t chain) {
    Bytes both = hash_bytes(alg, data_object);
    const Bytes older = hash_bytes(alg, encode_chains(er, chain));
    both.insert(both.end(), older.begin(), older.end());
    return hash_bytes(alg, both);
}

std::vector<HashList> join_reduced(const std::vector<HashList>& lower, const std::vector<HashList>& upper,
                                   const Bytes& batch_root) {
    if (lower.empty()) return upper;
    std::vector<HashList> out = lower;
    for (std::size_t i = 0; i < upper.size(); ++i) {
        HashList list = upper[i];
        if (i == 0) {  // the running value (the batch root) is implied from here on
            const auto it = std::find(list.begin(), list.end(), batch_root);
            if (it != list.end()) list.erase(it);
        }
        if (!list.empty()) out.push_back(std::move(list));
    }
    return out;
}

}  // namespace kyso::archive::detail
