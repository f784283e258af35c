// The options every verifying command shares (kyso verify, xml verify, pdf verify, archive verify) and
// the verification context they make.
#pragma once

#include <kyso/archive/archive_verify.hpp>
#include <kyso/verify/context.hpp>

#include <CLI/CLI.hpp>

#include <string>
#include <vector>

namespace kyso::cli {

struct Options {
    std::vector<std::string> inputs, trust, untrusted;
    std::string at, profile, lang = "vi", facility_binding, cache, policy, html_report;
    std::string checkpoint;  // archive verify: an auditor's old checkpoint of the archive log
    std::string resume;      // archive verify ARCHIVE: the journal of a resumable verification
    bool offline = false, json = false, no_cache = false, fetch_issuers = false;
    unsigned jobs = 0;
    double timeout = 10;
};

// IN... and the verification options (with --profile and --facility-binding when `xml_options`).
void add_common(CLI::App* cmd, Options& o, bool xml_options = true);

// The context of the options (trust anchors, policy, time, revocation settings): Exit::ok, or the exit
// code after printing why not.
int make_context(const Options& o, verify::Context& ctx);

// kyso archive verify DIR / kyso verify DIR on a batch or a disclosure package (cmd_archive_verify.cpp).
bool is_archive_dir(const std::string& path);
int run_archive_verify(const Options& o, const std::string& dir);
// An archive directory (archive.txt): every batch and the log (cmd_archive_log.cpp).
int run_archive_dir_verify(const Options& o, const std::string& dir, const std::string& checkpoint_file,
                           archive::ArchiveVerifyOptions options);

}  // namespace kyso::cli
