// kyso — `kyso archive export`: the disclosure package of one record (its files, record.manifest, the
// per-record RFC 4998 evidence record, SHA256SUMS and a README for a third party). Nothing of any other
// record leaves the batch: the reduced hash tree carries only hashes, and record manifests are salted.
#pragma once

#include <kyso/core/bytes.hpp>
#include <kyso/core/result.hpp>

#include <filesystem>
#include <string>
#include <vector>

namespace kyso::archive {

struct ExportResult {
    std::filesystem::path dir;
    std::string record_id;
    std::vector<std::string> files;  // written into dir, sorted
    std::string root_hex;            // the time-stamped Merkle root
    std::string warning;             // set when the export event could not be logged in the batch
};

// Whether `id` has the form of a record id ("r" + 16 lowercase hex): anything else is never used in a path.
bool is_record_id(std::string_view id);

// The per-record evidence record (DER) of `record_id`: deterministic — the same batch gives the same bytes.
// Refuses (Errc::evidence_invalid) when the record's manifest no longer matches its leaf.
Result<Bytes> record_evidence(const std::filesystem::path& batch_dir, const std::string& record_id);

// Writes the package into `out` (which must not exist, or be empty) atomically, and appends an "export"
// event to the batch's custody log (updating its tag manifests).
Result<ExportResult> export_record(const std::filesystem::path& batch_dir, const std::string& record_id,
                                   const std::filesystem::path& out);

// Appends one line to evidence/events.jsonl and rewrites the tag manifests over it.
Result<void> append_event(const std::filesystem::path& batch_dir, const std::string& json_line);

}  // namespace kyso::archive
