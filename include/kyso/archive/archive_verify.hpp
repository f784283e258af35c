// kyso — `kyso archive verify`: a batch (BagIt bag) or a disclosure package checked file by file, proof
// by proof: per record and per file OK / MISSING / EXTRA / CHANGED / RENAMED / UNREADABLE (an I/O error is
// never "missing"), manifest paths that would leave the bag refused (never opened), the Merkle root and
// reduced hash trees, the RFC 3161 time-stamp and its TSA judged at the validation time, the signatures
// inside each record, and the statement "existed unaltered at T0, protected until T1, renewal due D".
#pragma once

#include <kyso/core/result.hpp>
#include <kyso/core/time.hpp>
#include <kyso/verify/context.hpp>
#include <kyso/verify/report.hpp>
#include <kyso/xml/verify.hpp>

#include <chrono>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace kyso::archive {

enum class FileStatus { ok, missing, extra, changed, renamed, unreadable, refused };
std::string_view file_status_name(FileStatus s) noexcept;  // "OK", "MISSING", ...

struct FileCheck {
    std::string path;  // relative to the record (record files) or to the bag/package (others)
    FileStatus status = FileStatus::ok;
    std::string detail;      // why, in words (the I/O error, the refusal, which digest differs)
    std::string renamed_to;  // RENAMED: the unlisted file whose hashes match this listed one
};

struct RecordCheck {
    std::string record_id;
    std::vector<FileCheck> files;
    bool present = true;                // false: listed in the index, absent from the bag
    bool proof_ok = false;              // record.manifest → leaf → reduced tree → time-stamped root
    std::vector<std::string> problems;  // precise reasons (proof, manifests disagreeing)
    std::vector<std::string> notes;     // e.g. a file that could not be verified as a signed document
};

// One archive time-stamp, or (ArchiveVerification::timestamp) the whole chain of them.
struct TimestampCheck {
    enum class Status { trusted, untrusted, invalid, absent } status = Status::absent;
    std::string problem;
    std::optional<TimePoint> gen_time;
    std::string tsa;  // TSA certificate subject
    std::optional<TimePoint> tsa_not_after;
    // Each time-stamp of the evidence (ArchiveVerification::timestamps): its place (1-based), the hash
    // algorithm of its chain, and the time its TSA was judged at — the next time-stamp's genTime (RFC 4998
    // §5.3), the validation time for the last.
    std::size_t chain = 0, index = 0;
    std::string algorithm;
    std::optional<TimePoint> checked_at;
};

struct ArchiveVerifyOptions {
    verify::Context context;  // completed by the call (batch::complete_context)
    xml::VerifyOptions xml_options;
    unsigned jobs = 0;  // 0: number of cores
    bool check_signatures = true;
    std::chrono::days renewal_margin{90};
};

struct ArchiveVerification {
    std::string kind;  // "batch" | "package"
    std::string path;
    std::string batch_id;
    std::vector<std::string> problems;   // bag-level: bagit.txt, Payload-Oxum, manifests, evidence files
    std::vector<FileCheck> tag_files;    // tag manifest entries and unlisted evidence files
    std::vector<FileCheck> other_files;  // refused manifest paths, files outside any record
    std::vector<RecordCheck> records;    // by record id
    std::string root_hex;
    bool proof_ok = false;  // the batch root (or the package's reduced tree) matches the time-stamp
    std::string proof_problem;
    // The whole evidence: trusted when every time-stamp is; else the first problem. gen_time and tsa: the
    // first time-stamp's.
    TimestampCheck timestamp;
    std::vector<TimestampCheck> timestamps;  // every archive time-stamp in order (renewals after the first)
    // The statement: T0 = genTime of the first time-stamp, when every time-stamp is trusted (each at the
    // next one's genTime) and every chain's hash algorithm was still trusted when the next chain began;
    // T1 = the earliest of the last TSA certificate's notAfter and the days the last chain's hash and the
    // last TSA's key stop being trusted under the algorithm policy; D = T1 - margin.
    std::optional<TimePoint> t0, t1, renewal_due;
    std::string statement;
    // One "archive-record" document per record, holding the signatures found in its files.
    verify::Report report;

    bool failed() const;         // anything changed, missing, extra, renamed, refused; a proof failure
    bool unreadable() const;     // an I/O error on a listed file
    bool indeterminate() const;  // the time-stamps are valid but one is not trusted when it must be
};

// Whether `dir` looks like a batch (bagit.txt + evidence/batch.ers) or a disclosure package
// (record.manifest + one *.ers).
bool is_archive_batch(const std::filesystem::path& dir);
bool is_disclosure_package(const std::filesystem::path& dir);

// Never fails for a bad archive: the findings are in the result. Errc::usage when `dir` is neither a
// batch nor a package.
Result<ArchiveVerification> verify_archive(const std::filesystem::path& dir, ArchiveVerifyOptions options);

// spec/cli.md verification JSON plus an "archive" object; the text report.
std::string archive_json(const ArchiveVerification& v, int indent = 2);
std::string archive_text(const ArchiveVerification& v);

}  // namespace kyso::archive
