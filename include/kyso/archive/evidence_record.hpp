// kyso — the RFC 4998 EvidenceRecord in DER: what a batch stores over its Merkle root and what an
// export hands to a third party for one record. SHA-256 only (digestAlgorithms = {id-sha256}).
#pragma once

#include <kyso/archive/merkle.hpp>
#include <kyso/core/bytes.hpp>
#include <kyso/core/result.hpp>

#include <vector>

namespace kyso::archive {

// ArchiveTimeStamp (RFC 4998 §4.2); digestAlgorithm and attributes are not written.
struct ArchiveTimeStamp {
    std::vector<HashList> reduced_tree;  // empty: reducedHashtree omitted (a one-record batch, or the batch ER)
    Bytes timestamp;                     // the RFC 3161 token: DER ContentInfo
};

using ArchiveTimeStampChain = std::vector<ArchiveTimeStamp>;

struct EvidenceRecord {
    std::vector<ArchiveTimeStampChain> chains;  // archiveTimeStampSequence
};

// Deterministic DER (same value, same bytes).
Bytes encode_evidence_record(const EvidenceRecord& er);

// Strict DER decoding of attacker-supplied bytes: wrong tags, indefinite or non-minimal lengths,
// trailing bytes, version other than 1, digest algorithms other than SHA-256, empty sequences, hash
// values that are not 32 bytes, cryptoInfos/encryptionInfo are all refused with Errc::evidence_invalid
// and a message that says where.
Result<EvidenceRecord> decode_evidence_record(ByteView der);

}  // namespace kyso::archive
