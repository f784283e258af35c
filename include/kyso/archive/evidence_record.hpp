// kyso — the RFC 4998 EvidenceRecord in DER: what a batch stores over its Merkle root and what an
// export hands to a third party for one record. Hash algorithms: SHA-256, SHA-384, SHA-512.
#pragma once

#include <kyso/archive/merkle.hpp>
#include <kyso/core/bytes.hpp>
#include <kyso/core/result.hpp>

#include <optional>
#include <vector>

namespace kyso::archive {

// ArchiveTimeStamp (RFC 4998 §4.2); attributes are not supported.
struct ArchiveTimeStamp {
    // Written when set; absent, the algorithm is the time-stamp's messageImprint's (RFC 4998 §4.2).
    std::optional<DigestAlgorithm> digest_algorithm;
    std::vector<HashList> reduced_tree;  // empty: reducedHashtree omitted (a one-record batch, or the batch ER)
    Bytes timestamp;                     // the RFC 3161 token: DER ContentInfo
};

using ArchiveTimeStampChain = std::vector<ArchiveTimeStamp>;

struct EvidenceRecord {
    std::vector<DigestAlgorithm> digest_algorithms{DigestAlgorithm::sha256};  // every algorithm used
    std::vector<ArchiveTimeStampChain> chains;                                // archiveTimeStampSequence
};

// DER of the ArchiveTimeStampSequence made of the first `count` chains: what a hash-tree renewal hashes
// (RFC 4998 §5.2 step 3, "ha(i)").
Bytes encode_chains(const EvidenceRecord& er, std::size_t count);

// Deterministic DER (same value, same bytes).
Bytes encode_evidence_record(const EvidenceRecord& er);

// Strict DER decoding of attacker-supplied bytes: wrong tags, indefinite or non-minimal lengths,
// trailing bytes, version other than 1, digest algorithms other than SHA-256/384/512, empty sequences,
// hash values of no such algorithm's size or of different sizes in one reduced tree, attributes,
// cryptoInfos/encryptionInfo are all refused with Errc::evidence_invalid
// and a message that says where.
Result<EvidenceRecord> decode_evidence_record(ByteView der);

}  // namespace kyso::archive
