// kyso archive verify DIR, and kyso verify DIR on a batch or a disclosure package.
#include "common.hpp"
#include "verify_options.hpp"

#include <kyso/archive/archive_dir.hpp>
#include <kyso/archive/archive_verify.hpp>
#include <kyso/core/atomic_file.hpp>
#include <kyso/verify/report_render.hpp>
#include <kyso/xml/verify.hpp>

#include <filesystem>
#include <iostream>

namespace kyso::cli {

bool is_archive_dir(const std::string& path) {
    std::error_code ec;
    return std::filesystem::is_directory(path, ec) &&
           (archive::is_archive(path) || archive::is_archive_batch(path) || archive::is_disclosure_package(path));
}

int run_archive_verify(const Options& o, const std::string& dir) {
    archive::ArchiveVerifyOptions options;
    if (const int code = make_context(o, options.context); code != Exit::ok) return code;
    options.jobs = o.jobs;
    if (!o.profile.empty()) {
        auto p = xml::parse_profile_name(o.profile);
        if (!p) {
            print_error(p.error());
            return Exit::usage;
        }
        options.xml_options.profile = *p;
    }
    if (archive::is_archive(dir)) {
        // An archive's report is streamed batch by batch; one HTML page of every record is not made.
        if (!o.html_report.empty()) {
            print_error({Errc::usage,
                         "--report (HTML) is for a batch or a disclosure package; verify an archive's "
                         "batches one by one for HTML, or use --json or the text report"});
            return Exit::usage;
        }
        return run_archive_dir_verify(o, dir, o.checkpoint, std::move(options));
    }
    for (const auto& [given, name] :
         {std::pair{!o.checkpoint.empty(), "--checkpoint"}, {!o.resume.empty(), "--resume"}})
        if (given) {
            print_error({Errc::usage, std::string(name) + " is for an archive (a directory with archive.txt), not a "
                                                          "batch or a disclosure package"});
            return Exit::usage;
        }
    auto v = archive::verify_archive(dir, std::move(options));
    if (!v) {
        print_error(v.error());
        return exit_for_error(v.error().code);
    }
    if (o.json)
        std::cout << archive::archive_json(*v) << "\n";
    else
        std::cout << archive::archive_text(*v);
    std::cout.flush();
    // spec/cli.md: changed, missing or a failed proof → 1; unreadable → 3; untrusted time-stamp → 2;
    // the signatures inside the records as `kyso verify` judges them.
    int code = exit_for_report(v->report);
    if (v->failed()) code = more_severe(code, Exit::failed);
    if (v->unreadable()) code = more_severe(code, Exit::unprocessable);
    if (v->indeterminate()) code = more_severe(code, Exit::indeterminate);
    if (!o.html_report.empty()) {
        auto file = AtomicFile::create(o.html_report);
        const verify::Lang lang = verify::parse_lang(o.lang).value_or(verify::Lang::vi);
        Result<void> written =
            file ? file->write(as_bytes(verify::render_html(v->report, lang))) : Result<void>(fail(file.error()));
        if (written) written = file->commit(true);
        if (!written) {
            print_error(written.error());
            code = more_severe(code, Exit::usage);
        }
    }
    return code;
}

}  // namespace kyso::cli
