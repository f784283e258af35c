// The hash links of an RFC 4998 evidence record (private): from the data to each archive time-stamp's
// imprint, through timestamp renewals and hash-tree renewals (RFC 4998 §5.2, §5.3).
#pragma once

#include <kyso/archive/evidence_record.hpp>
#include <kyso/trust/timestamp.hpp>

#include <functional>
#include <vector>

namespace kyso::archive::detail {

// A chain's algorithm: its first ArchiveTimeStamp's digestAlgorithm, else its time-stamp's imprint's.
Result<DigestAlgorithm> chain_algorithm(const ArchiveTimeStampChain& chain);

// One archive time-stamp whose hash links were checked.
struct LinkedStamp {
    std::size_t chain = 0, index = 0;  // 0-based position in the record
    DigestAlgorithm algorithm = DigestAlgorithm::sha256;
    Bytes imprint;           // the root its reduced tree leads to, which the token carries
    trust::Timestamp token;  // checked against that imprint (genTime, TSA certificate)
};

// What chain `chain`'s first ArchiveTimeStamp starts from, hashed with `alg`.
using FirstLeaf = std::function<Result<Bytes>(std::size_t chain, DigestAlgorithm alg)>;

// Walks every ArchiveTimeStamp in order: a chain's first starts from first_leaf(chain, alg), a later one
// from the hash of the previous one's timeStamp field (timestamp renewal); each reduced tree must lead
// to its token's imprint, one algorithm per chain, every algorithm listed in digestAlgorithms, genTimes
// never going backwards. Errc::evidence_invalid naming the chain and time-stamp at the first broken link.
Result<std::vector<LinkedStamp>> link_evidence(const EvidenceRecord& er, const FirstLeaf& first_leaf);

// The value chain `chain` (≥ 1) of a hash-tree renewal starts from for one data object (RFC 4998 §5.2
// steps 3-4): H(H(data) || H(DER of the chains before it)), concatenated in this order as EU DSS does
// (not sorted). `er`: the data object's own evidence record.
Bytes renewal_leaf(DigestAlgorithm alg, ByteView data_object, const EvidenceRecord& er, std::size_t chain);

// Joins a record's path to its batch root (`lower`) with the batch's path from that root to a
// time-stamped root (`upper`, whose first list holds `batch_root`): one reduced tree from the record.
std::vector<HashList> join_reduced(const std::vector<HashList>& lower, const std::vector<HashList>& upper,
                                   const Bytes& batch_root);

}  // namespace kyso::archive::detail
