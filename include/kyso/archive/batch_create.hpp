// kyso — `kyso archive create`: seal input files into an archive batch (a BagIt bag with salted record
// manifests, a sorted-pair Merkle tree over them, one RFC 3161 time-stamp over the root stored as an
// RFC 4998 evidence record, captured validation data and a custody log). spec/validation-and-archive.md.
#pragma once

#include <kyso/archive/merkle.hpp>
#include <kyso/core/result.hpp>
#include <kyso/core/time.hpp>
#include <kyso/trust/revocation.hpp>
#include <kyso/trust/timestamp.hpp>

#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

namespace kyso::archive {

// How input files become records: one file per record; files sharing the stem up to the first '.'
// (claim_001.xml + claim_001.pdf); or one record per directory holding files.
enum class GroupBy { file, stem, dir };

struct CreateOptions {
    std::vector<std::string> inputs;  // files and directories (walked recursively, hidden entries skipped)
    std::filesystem::path out;        // must not exist, or be an empty directory
    GroupBy group_by = GroupBy::file;
    trust::TsaOptions tsa;            // url required
    std::string source_organization;  // bag-info Source-Organization, when not empty
    // Revocation evidence of the signatures inside (OCSP responses, else CRLs), fetched at ingest and
    // kept in evidence/validation-data/ so a verifier years later does not depend on the responders.
    // The issuer of each certificate is found among the certificates the documents carry and
    // `issuers` (the trust anchors and intermediates the caller knows). Null: nothing is fetched.
    std::shared_ptr<trust::RevocationChecker> revocation;
    std::vector<keys::Certificate> issuers;
};

struct CreatedRecord {
    std::string record_id;             // "r" + 16 lowercase hex from random bytes
    std::vector<std::string> sources;  // the input paths it holds (never written into the bag)
    std::vector<std::string> names;    // the file names inside the record, in the order of `sources`
    std::size_t leaf_index = 0;
};

struct CreateResult {
    std::string batch_id;  // bag-info External-Identifier
    std::filesystem::path dir;
    std::vector<CreatedRecord> records;  // in leaf (record id) order
    Hash root{};
    TimePoint gen_time{};
    std::uint64_t payload_octets = 0, payload_files = 0;
    std::size_t validation_files = 0;  // DER files captured into evidence/validation-data/
    std::size_t revocation_files = 0;  // of which OCSP responses and CRLs
    // Certificates of the signatures inside whose status could not be captured, and why (plain words).
    std::vector<std::string> revocation_missing;
};

// Builds the bag in "<out>.partial-XXXXXX" beside `out` and renames it into place at the end: on any
// failure (unreadable input, the TSA refusing) nothing is left behind. Errc::output_exists when `out`
// exists and is not an empty directory; Errc::usage without inputs or TSA URL.
Result<CreateResult> create_batch(const CreateOptions& options);

// Used by create, export and verify: the custody log line (events.jsonl) tool name.
std::string tool_label();

}  // namespace kyso::archive
