// kyso — `kyso archive renew`: keeping archive evidence alive past its TSA certificates and hash
// algorithms (RFC 4998 §5.2), for every batch of an archive with one TSA call.
//
//  - Time-stamp renewal (before the last TSA certificate expires or its key weakens): the hash of each
//    batch's latest time-stamp token is a leaf of one tree over all the batches; one time-stamp over its
//    root is appended to each batch's last chain with the batch's path in that tree.
//  - Hash-tree renewal (before the chains' hash algorithm weakens): every record's files are re-read and
//    checked against its record.manifest, each record gets the leaf H(H(record.manifest) || H(DER of its
//    chains so far)) (RFC 4998 §5.2 steps 3-4 in the order EU DSS uses) with the new algorithm, kept in
//    evidence/leaves-<n>.bin; one time-stamp over the tree of the batches' roots starts a new chain.
#pragma once

#include <kyso/archive/merkle.hpp>
#include <kyso/core/result.hpp>
#include <kyso/trust/timestamp.hpp>

#include <filesystem>
#include <string>
#include <vector>

namespace kyso::archive {

struct RenewOptions {
    enum class Kind { timestamp, hash_tree } kind = Kind::timestamp;
    DigestAlgorithm hash = DigestAlgorithm::sha512;  // hash-tree renewal: the new chain's algorithm
    trust::TsaOptions tsa;                           // tsa.digest is set by the call
};

struct RenewedBatch {
    std::filesystem::path dir;
    std::string batch_id;
    std::size_t chain = 0, index = 0;  // the new time-stamp's place in evidence/batch.ers (1-based)
    std::size_t records = 0;
};

struct RenewResult {
    std::vector<RenewedBatch> batches;
    std::vector<trust::Timestamp> timestamps;  // one per TSA call: one per chain algorithm in use
};

// Renews every batch in `batches` (the batch directories of an archive, or batches on their own).
// Nothing is written until every batch's evidence links up (a broken batch: Errc::evidence_invalid, named)
// and, for a hash-tree renewal, every record file still matches its manifest (else Errc::evidence_invalid
// naming the record and file, or Errc::io for a read error) and the TSA answered. Then each batch's
// leaves file (hash-tree) and evidence/batch.ers are replaced atomically, its tag manifests updated and a
// "renew" event logged. Interrupted while writing, the batches not yet written keep their old evidence:
// running the renewal again renews every batch.
Result<RenewResult> renew_batches(const std::vector<std::filesystem::path>& batches, const RenewOptions& options);

}  // namespace kyso::archive
