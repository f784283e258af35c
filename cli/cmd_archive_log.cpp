// kyso archive append (batches into an archive, a signed checkpoint of its log), and the verification of
// a whole archive directory (kyso archive verify ARCHIVE [--checkpoint FILE]).
#include "commands.hpp"
#include "common.hpp"
#include "pin_prompt.hpp"
#include "verify_options.hpp"

#include <kyso/archive/archive_dir_verify.hpp>
#include <kyso/archive/verify_journal.hpp>
#include <kyso/verify/algorithm_policy.hpp>
#include <kyso/xml/verify.hpp>

#include <nlohmann/json.hpp>

#include <fstream>
#include <optional>
#include <iostream>
#include <sstream>

namespace kyso::cli {

namespace {

struct AppendArgs {
    std::string archive, origin, key, pass;
    std::vector<std::string> batches;
    bool json = false;
};

int run_append(const AppendArgs& a) {
    keys::OpenOptions open_options;
    open_options.passphrase_spec = a.pass;
    open_options.pin_source = terminal_pin_source();
    auto signer = keys::open_signer(a.key, open_options);
    if (!signer) {
        print_error(signer.error());
        return exit_for_error(signer.error().code);
    }
    archive::AppendOptions o;
    o.archive = a.archive;
    o.origin = a.origin;
    for (const std::string& b : a.batches)
        o.batches.emplace_back(b);
    auto r = archive::append_batches(o, **signer, now_utc());
    if (!r) {
        print_error(r.error());
        return r.error().code == Errc::output_exists ? Exit::usage : exit_for_error(r.error().code);
    }
    const archive::Checkpoint& c = r->checkpoint.checkpoint;
    if (a.json) {
        nlohmann::ordered_json j;
        j["archive"] = a.archive;
        j["appended"] = nlohmann::ordered_json::array();
        for (std::size_t i = 0; i < r->appended.size(); ++i)
            j["appended"].push_back({{"batch_id", r->appended[i].batch_id},
                                     {"root", archive::to_hex(r->appended[i].batch_root)},
                                     {"dir", r->placed[i].string()}});
        j["checkpoint"] = {
            {"origin", c.origin},
            {"size", c.size},
            {"root", archive::to_hex(c.root)},
            {"time", format_rfc3339(c.time)},
            {"file", (std::filesystem::path(a.archive) / "log" / "checkpoints" / std::to_string(c.size)).string()}};
        std::cout << j.dump(2) << "\n";
    } else {
        for (std::size_t i = 0; i < r->appended.size(); ++i)
            std::cout << "appended batch " << r->appended[i].batch_id << " -> " << r->placed[i].string() << "\n";
        std::cout << "archive " << c.origin << ": " << c.size << " batches, log root " << archive::to_hex(c.root)
                  << ", checkpoint signed by " << (*signer)->certificate().subject() << "\n"
                  << "keep a copy of " << (std::filesystem::path(a.archive) / "log" / "checkpoint").string()
                  << " to audit the archive later (kyso archive verify ARCHIVE --checkpoint FILE)\n";
    }
    return Exit::ok;
}

// Everything that decides the verdicts and the output of an archive's verification, for its journal.
std::string journal_settings(const Options& o, const archive::ArchiveVerifyOptions& options,
                             const std::string& checkpoint_file) {
    nlohmann::ordered_json s;
    s["format"] = o.json ? "json" : "text";
    s["lang"] = o.lang;
    s["profile"] = o.profile;
    s["offline"] = o.offline;
    s["fetch_issuers"] = o.fetch_issuers;
    s["facility_binding"] = o.facility_binding;
    const auto& policy = options.context.algorithm_policy;
    s["policy"] = policy ? policy->name() + " " + policy->version() : std::string();
    for (const auto* list : {&options.context.trust_anchors, &options.context.untrusted}) {
        nlohmann::ordered_json fps = nlohmann::ordered_json::array();
        for (const auto& c : *list)
            fps.push_back(c.sha256_fingerprint());
        s[list == &options.context.trust_anchors ? "trust" : "untrusted"] = std::move(fps);
    }
    s["checkpoint"] = checkpoint_file.empty() ? std::string() : std::filesystem::absolute(checkpoint_file).string();
    return s.dump();
}

}  // namespace

int run_archive_dir_verify(const Options& o, const std::string& dir, const std::string& checkpoint_file,
                           archive::ArchiveVerifyOptions options) {
    std::optional<archive::SignedCheckpoint> old;
    if (!checkpoint_file.empty()) {
        std::ifstream in(checkpoint_file, std::ios::binary);
        std::ostringstream text;
        text << in.rdbuf();
        if (!in) {
            print_error({Errc::io, "cannot read the checkpoint '" + checkpoint_file + "'"});
            return Exit::usage;
        }
        auto cp = archive::read_checkpoint(text.str());
        if (!cp) {
            print_error({cp.error().code, checkpoint_file + ": " + cp.error().message});
            return Exit::usage;
        }
        old = std::move(*cp);
    }
    // Resumable: the journal fixes the validation time and keeps each batch's outcome and output.
    std::optional<archive::VerifyJournal> journal;
    if (!o.resume.empty()) {
        auto opened = archive::VerifyJournal::open(o.resume, journal_settings(o, options, checkpoint_file),
                                                   options.context.validation_time);
        if (!opened) {
            print_error(opened.error());
            return exit_for_error(opened.error().code);
        }
        journal.emplace(std::move(*opened));
        options.context.validation_time = journal->validation_time();
    }
    // Streamed: each batch is reported as soon as it is verified and then dropped, so memory does not grow
    // with the archive (a million records is hundreds of MB of JSON).
    int code = Exit::ok;
    std::optional<archive::ArchiveDirJsonStream> json;
    if (o.json) json.emplace(std::cout);
    const auto print = [&](const std::string& output) {
        if (json)
            json->batch_json(output);
        else
            std::cout << output << std::flush;
    };
    std::size_t replayed = 0;
    std::optional<Error> journal_error;
    const auto on_batch = [&](const archive::ArchiveVerification& b) {
        archive::JournalEntry e{std::filesystem::path(b.path).filename().string(),
                                journal ? archive::batch_state(b.path) : std::string(), archive::outcome_of(b),
                                exit_for_report(b.report),
                                json ? archive::archive_json(b, -1) : archive::archive_text(b)};
        code = more_severe(code, e.exit_code);
        print(e.output);
        if (journal && !journal_error)
            if (auto added = journal->add(e); !added) {
                journal_error = added.error();
                print_error({added.error().code, added.error().message + "; the verification goes on but cannot be "
                                                                         "resumed from here"});
            }
    };
    const auto replay = [&](const std::filesystem::path& batch) -> std::optional<archive::BatchOutcome> {
        const std::optional<archive::JournalEntry> e =
            journal ? journal->find(batch.filename().string(), archive::batch_state(batch)) : std::nullopt;
        if (!e) return std::nullopt;
        code = more_severe(code, e->exit_code);
        print(e->output);
        ++replayed;
        return e->outcome;
    };
    auto v = archive::verify_archive_dir(dir, options, old, on_batch, replay);
    if (!v) {
        print_error(v.error());
        return exit_for_error(v.error().code);
    }
    if (replayed > 0)
        std::cerr << "kyso: resumed from " << o.resume << ": " << replayed << " of " << v->batch_count
                  << " batches were verified by an earlier run as of " << format_rfc3339(journal->validation_time())
                  << " and are reported from its journal\n";
    if (json) {
        if (auto done = json->finish(*v); !done) {
            print_error(done.error());
            return exit_for_error(done.error().code);
        }
    } else {
        std::cout << archive::archive_dir_text(*v);
    }
    std::cout.flush();
    if (v->failed()) code = more_severe(code, Exit::failed);
    if (v->unreadable()) code = more_severe(code, Exit::unprocessable);
    if (v->indeterminate()) code = more_severe(code, Exit::indeterminate);
    return code;
}

void register_archive_append(CLI::App& archive, int& exit_code) {
    auto a = std::make_shared<AppendArgs>();
    auto* cmd = archive.add_subcommand(
        "append",
        "Move batches into an archive and sign a checkpoint of its log (RFC 9162 hashing) with the archive key");
    cmd->add_option("ARCHIVE", a->archive, "The archive directory (created with --origin when it holds none)")
        ->required();
    cmd->add_option("BATCH", a->batches, "Batches made by `kyso archive create` (moved into ARCHIVE/batches/)")
        ->required();
    cmd->add_option("--key", a->key, "KEYSPEC of the archive key: pkcs11:... or p12:PATH")->required();
    cmd->add_option("--pass", a->pass, "Passphrase of a p12 key: pass:, env:, file:, fd:, stdin");
    cmd->add_option("--origin", a->origin, "The new archive's id ([A-Za-z0-9._-]), when creating it");
    cmd->add_flag("--json", a->json, "Print the result as JSON");
    cmd->callback([a, &exit_code] { exit_code = run_append(*a); });
}

}  // namespace kyso::cli
