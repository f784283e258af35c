// kyso — many documents: workers, progress, atomic outputs, resume.
#pragma once

#include <kyso/core/error.hpp>
#include <kyso/keys/signer.hpp>
#include <kyso/pdf/sign.hpp>
#include <kyso/trust/timestamp.hpp>
#include <kyso/xml/sign.hpp>

#include <atomic>
#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace kyso::batch {

struct Item {
    std::filesystem::path input;
    std::filesystem::path output;
};

enum class ItemStatus { signed_, skipped, error };

struct ItemResult {
    Item item;
    ItemStatus status = ItemStatus::error;
    std::optional<Error> error;
};

struct Progress {
    // Called from worker threads (serialised by the pipeline): done counts signed+skipped+errors.
    std::function<void(std::size_t done, std::size_t total, std::size_t errors)> on_progress;
    // Set to true from any thread to stop handing out new items (in-flight items finish).
    const std::atomic<bool>* cancel = nullptr;
};

struct XmlSignJob {
    std::vector<Item> items;
    xml::SignOptions options;
    std::optional<trust::TsaOptions> tsa;  // also write a detached RFC 3161 token beside each output
    unsigned jobs = 0;                     // 0: number of cores
    bool force = false;                    // overwrite existing outputs instead of resuming
};

struct Summary {
    std::vector<ItemResult> results;  // in the order of the job's items
    std::size_t signed_count = 0, skipped = 0, errors = 0;
    bool cancelled = false;
};

Summary run_xml_sign(const XmlSignJob& job, keys::Signer& signer, const Progress& progress = {});

struct PdfSignJob {
    std::vector<Item> items;
    pdf::SignOptions options;
    unsigned jobs = 0;
    bool force = false;
};

// Signs PDFs in parallel. An existing output is kept (skipped) when it is the input plus one
// revision whose signature verifies and was made with this signer's certificate; any other existing
// output is an error unless `force`.
Summary run_pdf_sign(const PdfSignJob& job, keys::Signer& signer, const Progress& progress = {});

// The worker pool under both: hands items to `jobs` threads, reports progress, honours cancellation,
// syncs the output file system once at the end.
Summary run_items(const std::vector<Item>& items, unsigned jobs, const Progress& progress,
                  const std::function<ItemResult(const Item&)>& sign_one);

// Writes bytes to a temporary file beside `path` (".NAME.kyso-tmp-PID-N"), flushes it and renames
// it into place: a killed process never leaves a partial output, only possibly its temporary file.
Result<void> write_atomically(const std::filesystem::path& path, ByteView data);
// Removes the temporary files that kyso processes which no longer run left in `dir` (not recursive).
// run_xml_sign does this for every output directory before it starts.
std::size_t remove_stale_temporaries(const std::filesystem::path& dir);
Result<Bytes> read_file(const std::filesystem::path& path);

// Where the detached time-stamp of a signed file lives: FILE + ".tst" (a DER RFC 3161 token;
// `openssl ts -verify -token_in -in FILE.tst -data FILE -CAfile ROOT` checks it).
std::filesystem::path timestamp_path(const std::filesystem::path& signed_file);

}  // namespace kyso::batch
