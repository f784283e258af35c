// kyso archive create | export | verify (spec/validation-and-archive.md "Archive evidence").
#include "commands.hpp"
#include "common.hpp"
#include "verify_options.hpp"

#include <kyso/archive/batch_create.hpp>
#include <kyso/archive/create_report.hpp>
#include <kyso/archive/export.hpp>
#include <kyso/batch/verify.hpp>

#include <nlohmann/json.hpp>

#include <iostream>

namespace kyso::cli {

namespace {

struct CreateArgs {
    std::vector<std::string> inputs;
    std::string out, group_by = "file", source_org;
    TsaArgs tsa;
    Options capture;  // --trust, --untrusted, --offline, --cache, --no-cache, --timeout
    bool json = false, no_revocation = false;
};

int run_create(const CreateArgs& a) {
    archive::CreateOptions o;
    if (!a.no_revocation) {
        verify::Context ctx;
        if (const int code = make_context(a.capture, ctx); code != Exit::ok) return code;
        ctx = batch::complete_context(std::move(ctx));  // the checker verification would use
        o.revocation = ctx.revocation;
        o.issuers = std::move(ctx.trust_anchors);
        o.issuers.insert(o.issuers.end(), ctx.untrusted.begin(), ctx.untrusted.end());
    }
    o.inputs = a.inputs;
    o.out = a.out;
    o.group_by = a.group_by == "stem"  ? archive::GroupBy::stem
                 : a.group_by == "dir" ? archive::GroupBy::dir
                                       : archive::GroupBy::file;
    o.tsa = a.tsa.options();
    o.source_organization = a.source_org;
    auto r = archive::create_batch(o);
    if (!r) {
        print_error(r.error());
        // An existing output is a usage error here (spec: refuse a non-empty --out, exit 4).
        return r.error().code == Errc::output_exists ? Exit::usage : exit_for_error(r.error().code);
    }
    for (const auto& m : r->revocation_missing)
        std::cerr << "kyso: warning: no revocation evidence captured for " << m << "\n";
    if (a.json) {
        // The mapping input path → record id stays with the caller: it is never written into the bag.
        std::cout << archive::create_result_json(*r) << "\n";
    } else {
        std::cout << "archive batch " << r->batch_id << " in " << r->dir.string() << ": " << r->records.size()
                  << " records, " << r->payload_files << " payload files; root " << archive::to_hex(r->root)
                  << " time-stamped at " << format_rfc3339(r->gen_time) << "; validation data: " << r->validation_files
                  << " files (" << r->revocation_files << " OCSP responses and CRLs)\n";
    }
    return Exit::ok;
}

struct ExportArgs {
    std::string batch, record, out;
    bool json = false;
};

int run_export(const ExportArgs& a) {
    auto r = archive::export_record(a.batch, a.record, a.out);
    if (!r) {
        print_error(r.error());
        return r.error().code == Errc::output_exists ? Exit::usage : exit_for_error(r.error().code);
    }
    if (!r->warning.empty()) std::cerr << "kyso: warning: " << r->warning << "\n";
    if (a.json) {
        nlohmann::ordered_json j{
            {"record_id", r->record_id}, {"dir", r->dir.string()}, {"root", r->root_hex}, {"files", r->files}};
        std::cout << j.dump(2) << "\n";
    } else {
        std::cout << "record " << r->record_id << " exported to " << r->dir.string() << " (" << r->files.size()
                  << " files)\n";
    }
    return Exit::ok;
}

}  // namespace

void register_archive(CLI::App& app, int& exit_code) {
    auto* archive =
        app.add_subcommand("archive", "Long-term archive evidence: BagIt batches, RFC 4998 evidence records");
    archive->require_subcommand(1);

    auto c = std::make_shared<CreateArgs>();
    auto* create = archive->add_subcommand(
        "create", "Seal files into an archive batch (BagIt bag, Merkle tree, one RFC 3161 time-stamp over its root)");
    create->add_option("IN", c->inputs, "Files or directories to archive (walked recursively)")->required();
    create->add_option("--out", c->out, "The batch directory to create (must not exist, or be empty)")->required();
    add_tsa_options(create, c->tsa);
    create
        ->add_option("--group-by", c->group_by,
                     "file (one record per file, default), stem (files sharing the name up to the first '.'), "
                     "dir (one record per directory)")
        ->check(CLI::IsMember({"file", "stem", "dir"}));
    create->add_option("--source-organization", c->source_org, "bag-info.txt Source-Organization");
    create->add_option("--trust", c->capture.trust,
                       "Certificates that may issue the documents' signer and CA certificates, for fetching their "
                       "revocation evidence: PEM/DER files or directories (repeatable)");
    create->add_option("--untrusted", c->capture.untrusted, "Intermediate certificates, the same way (repeatable)");
    create->add_flag("--offline", c->capture.offline, "Capture only revocation evidence already cached");
    create->add_option("--cache", c->capture.cache,
                       "Directory of fetched OCSP responses and CRLs (default: $KYSO_CACHE_DIR, else ~/.cache/kyso)");
    create->add_flag("--no-cache", c->capture.no_cache, "Keep fetched revocation evidence in memory only");
    create->add_option("--timeout", c->capture.timeout, "Seconds one OCSP or CRL fetch may take (default 10)")
        ->check(CLI::Range(0.1, 600.0));
    create->add_flag("--no-revocation", c->no_revocation,
                     "Do not capture OCSP responses and CRLs of the signatures inside (certificates only)");
    create->add_flag("--json", c->json,
                     "Print the batch and the input -> record id mapping as JSON (the mapping is not kept in the bag)");
    create->callback([c, &exit_code] { exit_code = run_create(*c); });

    auto e = std::make_shared<ExportArgs>();
    auto* exp = archive->add_subcommand(
        "export", "Write one record's disclosure package: its files, record.manifest, RECORD_ID.ers, SHA256SUMS");
    exp->add_option("BATCH_DIR", e->batch, "The archive batch")->required();
    exp->add_option("RECORD_ID", e->record, "The record id (r + 16 hex digits)")->required();
    exp->add_option("--out", e->out, "The package directory to create (must not exist, or be empty)")->required();
    exp->add_flag("--json", e->json, "Print the result as JSON");
    exp->callback([e, &exit_code] { exit_code = run_export(*e); });

    auto v = std::make_shared<Options>();
    auto* ver = archive->add_subcommand(
        "verify", "Verify a batch or a disclosure package: files, manifests, Merkle proofs, time-stamp, signatures");
    add_common(ver, *v);
    ver->get_option("IN")->expected(1)->description("The archive, batch directory or disclosure package");
    ver->add_option("--checkpoint", v->checkpoint,
                    "An archive's log checkpoint kept earlier: the log must still continue it (nothing dropped or "
                    "rewritten)");
    ver->add_option("--resume", v->resume,
                    "An archive: keep a journal of the verified batches in FILE (made if missing); a verification "
                    "stopped half-way is resumed by running it again with the same FILE, as of the same time")
        ->option_text("FILE");
    ver->callback([v, &exit_code] { exit_code = run_archive_verify(*v, v->inputs.front()); });

    register_archive_append(*archive, exit_code);
    register_archive_renew(*archive, exit_code);
}

}  // namespace kyso::cli
