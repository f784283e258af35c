// kyso — verifying inputs as `kyso verify` does: each document's format detected from its content, many
// documents on worker threads, one report with the run's header (tool, validation time, algorithm policy,
// revocation lookups). Shared by the CLI and the C API.
#pragma once

#include <kyso/batch/batch.hpp>
#include <kyso/core/bytes.hpp>
#include <kyso/verify/context.hpp>
#include <kyso/verify/report.hpp>
#include <kyso/xml/verify.hpp>

#include <filesystem>
#include <string>
#include <vector>

namespace kyso::batch {

// `xml verify` and `pdf verify` take their format as given; `verify` detects it.
enum class InputFormat { any, xml, pdf };

// Whether a document is a PDF: "%PDF-" within its first 1024 bytes, where readers accept the header
// (ISO 32000-1 §7.5.2 puts it first). Anything else is read as XML.
bool looks_like_pdf(ByteView head);

// One file. An XML file's detached RFC 3161 token (FILE.tst, see timestamp_path) is used when present.
verify::DocumentReport verify_input(const std::filesystem::path& path, const verify::Context& context,
                                    const xml::VerifyOptions& xml_options, InputFormat format);

struct VerifyJob {
    std::vector<std::filesystem::path> inputs;  // files (see collect_inputs for directories)
    InputFormat format = InputFormat::any;
    xml::VerifyOptions xml_options;
    unsigned jobs = 0;  // 0: number of cores
};

// The context a run uses: `context` with the defaults filled in — validation time now, the built-in
// algorithm policy, and one revocation checker (from offline, cache_dir and network_timeout) shared by
// every document of the run.
verify::Context complete_context(verify::Context context);

// Verifies every input (report.documents in the order of job.inputs) with the completed context.
// progress.on_progress is called after each document (errors: always 0); progress.cancel is not used.
verify::Report run_verify(const VerifyJob& job, verify::Context context, const Progress& progress = {});

// One document held in memory; `display_path` names it in the report (no detached token is looked for).
verify::Report verify_bytes(ByteView document, const std::string& display_path, verify::Context context,
                            const xml::VerifyOptions& xml_options, InputFormat format);

}  // namespace kyso::batch
