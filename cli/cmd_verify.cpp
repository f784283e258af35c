#include "commands.hpp"
#include "common.hpp"
#include "progress.hpp"
#include "verify_options.hpp"

#include <kyso/batch/batch.hpp>
#include <kyso/batch/inputs.hpp>
#include <kyso/batch/verify.hpp>
#include <kyso/core/atomic_file.hpp>
#include <kyso/trust/revocation.hpp>
#include <kyso/verify/algorithm_policy.hpp>
#include <kyso/verify/report_render.hpp>
#include <kyso/xml/verify.hpp>

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cctype>
#include <map>
#include <set>
#include <iostream>

namespace kyso::cli {

namespace {

namespace fs = std::filesystem;

Result<std::vector<keys::Certificate>> load_certificates(const std::vector<std::string>& args) {
    std::vector<keys::Certificate> out;
    for (const auto& arg : args) {
        auto certs = keys::Certificate::load_path(arg);
        if (!certs) return fail(Errc::usage, certs.error().message);
        for (auto& c : *certs)
            out.push_back(std::move(c));
    }
    return out;
}

using Formats = batch::InputFormat;

// {"79001": ["0101234567", "<sha256 fingerprint>"], ...}: MACSKCB → allowed signer MST or certificates.
Result<std::map<std::string, std::set<std::string>>> load_binding(const std::string& path) {
    auto data = batch::read_file(path);
    if (!data) return fail(Errc::usage, data.error().message);
    const auto j = nlohmann::json::parse(data->begin(), data->end(), nullptr, false);
    std::map<std::string, std::set<std::string>> out;
    const auto bad = [&] {
        return fail(Errc::usage, "facility binding '" + path +
                                     "' must be a JSON object: MACSKCB -> [MST or SHA-256 fingerprint, ...]");
    };
    if (!j.is_object()) return bad();
    for (const auto& [facility, signers] : j.items()) {
        if (!signers.is_array()) return bad();
        for (const auto& s : signers) {
            if (!s.is_string()) return bad();
            std::string v = s.get<std::string>();
            if (v.size() == 64)
                std::transform(v.begin(), v.end(), v.begin(),
                               [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
            out[facility].insert(std::move(v));
        }
    }
    return out;
}

// The HTML report appears complete or not at all; an earlier report at that path is replaced.
Result<void> write_html_report(const std::string& path, const verify::Report& report, verify::Lang lang) {
    auto file = AtomicFile::create(path);
    if (!file) return fail(file.error());
    if (auto w = file->write(as_bytes(verify::render_html(report, lang))); !w) return fail(w.error());
    return file->commit(true);
}

}  // namespace

int make_context(const Options& o, verify::Context& ctx) {
    if (!o.facility_binding.empty()) {
        auto binding = load_binding(o.facility_binding);
        if (!binding) {
            print_error(binding.error());
            return Exit::usage;
        }
        ctx.facility_binding = std::move(*binding);
    }
    // The dated algorithm policy: --policy FILE, else the built-in one; the report names it.
    Result<std::shared_ptr<const verify::AlgorithmPolicy>> policy = verify::AlgorithmPolicy::builtin();
    if (!o.policy.empty()) policy = verify::AlgorithmPolicy::load_file(o.policy);
    if (!policy) {
        print_error(policy.error());
        return Exit::usage;
    }
    ctx.algorithm_policy = std::move(*policy);
    auto anchors = load_certificates(o.trust);
    if (!anchors) {
        print_error(anchors.error());
        return Exit::usage;
    }
    ctx.trust_anchors = std::move(*anchors);
    auto untrusted = load_certificates(o.untrusted);
    if (!untrusted) {
        print_error(untrusted.error());
        return Exit::usage;
    }
    ctx.untrusted = std::move(*untrusted);
    ctx.offline = o.offline;
    if (!o.no_cache) ctx.cache_dir = o.cache.empty() ? trust::default_cache_dir() : fs::path(o.cache);
    ctx.fetch_ca_issuers = o.fetch_issuers;
    ctx.network_timeout = std::chrono::milliseconds(static_cast<long long>(o.timeout * 1000));
    if (!o.at.empty()) {
        auto t = parse_rfc3339(o.at);
        if (!t) {
            print_error(t.error());
            return Exit::usage;
        }
        ctx.validation_time = *t;
    }
    return Exit::ok;
}

namespace {

int run(const Options& o, Formats formats) {
    // A batch directory or a disclosure package is verified as an archive (spec/cli.md: detects XML, PDF, archive).
    if (formats == Formats::any && o.inputs.size() == 1 && is_archive_dir(o.inputs.front()))
        return run_archive_verify(o, o.inputs.front());
    verify::Context ctx;
    if (const int code = make_context(o, ctx); code != Exit::ok) return code;
    batch::VerifyJob job;
    job.format = formats;
    job.jobs = o.jobs;
    if (!o.profile.empty()) {
        auto p = xml::parse_profile_name(o.profile);
        if (!p) {
            print_error(p.error());
            return Exit::usage;
        }
        job.xml_options.profile = *p;
    }
    auto inputs = batch::collect_inputs(o.inputs, formats == Formats::xml   ? std::vector<std::string>{".xml"}
                                                  : formats == Formats::pdf ? std::vector<std::string>{".pdf"}
                                                                            : std::vector<std::string>{".xml", ".pdf"});
    if (!inputs) {
        print_error(inputs.error());
        return exit_for_error(inputs.error().code);
    }
    for (const auto& in : *inputs)
        job.inputs.push_back(in.path);

    ProgressBar bar(!o.json);
    batch::Progress progress;
    progress.on_progress = [&bar](std::size_t done, std::size_t total, std::size_t) { bar.update(done, total, 0); };
    const verify::Report report = batch::run_verify(job, std::move(ctx), progress);
    bar.finish();

    const verify::Lang lang = verify::parse_lang(o.lang).value_or(verify::Lang::vi);
    if (o.json)
        std::cout << report.to_json() << "\n";
    else
        std::cout << verify::render_text(report, lang);
    std::cout.flush();
    if (!o.html_report.empty()) {
        // The report was asked for: not writing it is a configuration error (exit 4), whatever the verdicts.
        if (auto written = write_html_report(o.html_report, report, lang); !written) {
            print_error(written.error());
            return more_severe(exit_for_report(report), Exit::usage);
        }
    }
    return exit_for_report(report);
}

}  // namespace

void add_common(CLI::App* cmd, Options& o, bool xml_options) {
    cmd->add_option("IN", o.inputs, "Files or directories to verify")->required();
    cmd->add_option("--trust", o.trust, "Trust anchors: PEM/DER files or directories (repeatable)");
    cmd->add_option("--untrusted", o.untrusted, "Intermediate certificates for path building (repeatable)");
    cmd->add_option("--at", o.at, "Validate as of this RFC 3339 time (default: now)");
    cmd->add_flag("--offline", o.offline, "Use only evidence embedded in the documents or already cached");
    cmd->add_option("--cache", o.cache,
                    "Directory of fetched OCSP responses and CRLs (default: $KYSO_CACHE_DIR, else ~/.cache/kyso)");
    cmd->add_flag("--no-cache", o.no_cache, "Keep fetched revocation evidence in memory only");
    cmd->add_flag("--fetch-issuers", o.fetch_issuers,
                  "Fetch missing intermediate certificates from the certificates' AIA caIssuers URLs");
    cmd->add_option("--timeout", o.timeout, "Seconds one OCSP or CRL fetch may take (default 10)")
        ->check(CLI::Range(0.1, 600.0));
    cmd->add_option("--policy", o.policy,
                    "Dated algorithm policy (JSON, the format of share/kyso/algorithm-policy.json); default: the "
                    "built-in kyso-default");
    if (xml_options)
        cmd->add_option("--profile", o.profile, "claims, checkin, catalog, ksk-doctor, ksk-hospital, generic");
    cmd->add_flag("--json", o.json, "Print the report as JSON (spec/cli.md) instead of the text report");
    cmd->add_option("--report", o.html_report,
                    "Also write a self-contained HTML report to FILE.html (replaced if it exists)")
        ->option_text("FILE.html");
    cmd->add_option("--lang", o.lang, "Language of the text and HTML reports: vi (default) or en")
        ->check(CLI::IsMember({"vi", "en"}));
    cmd->add_option("--jobs", o.jobs, "Parallel workers (default: number of cores)")->check(CLI::Range(1u, 256u));
    if (xml_options)
        cmd->add_option("--facility-binding", o.facility_binding,
                        "JSON file: MACSKCB -> allowed signer MST or SHA-256 certificate fingerprints");
}

void register_xml_verify(CLI::App& xml, int& exit_code) {
    auto o = std::make_shared<Options>();
    auto* cmd = xml.add_subcommand("verify", "Verify signed claims XML (strict profile checks, ETSI verdicts)");
    add_common(cmd, *o);
    cmd->callback([o, &exit_code] { exit_code = run(*o, Formats::xml); });
}

void register_verify(CLI::App& app, int& exit_code) {
    auto o = std::make_shared<Options>();
    auto* cmd = app.add_subcommand("verify", "Verify any supported input, detected by its content");
    add_common(cmd, *o);
    cmd->callback([o, &exit_code] { exit_code = run(*o, Formats::any); });
}

void register_pdf_verify(CLI::App& pdf, int& exit_code) {
    auto o = std::make_shared<Options>();
    auto* cmd = pdf.add_subcommand("verify", "Verify PDF signatures (ByteRange, CMS, coverage, changes after signing)");
    add_common(cmd, *o, false);
    cmd->callback([o, &exit_code] { exit_code = run(*o, Formats::pdf); });
}

}  // namespace kyso::cli
