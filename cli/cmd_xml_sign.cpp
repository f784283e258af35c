#include "commands.hpp"
#include "common.hpp"
#include "pin_prompt.hpp"
#include "progress.hpp"
#include "sign_common.hpp"

#include <kyso/batch/batch.hpp>
#include <kyso/batch/inputs.hpp>
#include <kyso/keys/signer.hpp>

#include <nlohmann/json.hpp>

#include <iostream>

namespace kyso::cli {

namespace {

struct Options {
    std::vector<std::string> inputs;
    std::string out, key, pass, profile, tsa;
    unsigned jobs = 0, token_sessions = 0;
    bool json = false, force = false, include_chain = false;
};

int run(const Options& o) {
    xml::SignOptions sign_options;
    sign_options.include_chain = o.include_chain;
    if (!o.profile.empty()) {
        auto p = xml::parse_profile_name(o.profile);
        if (!p) {
            print_error(p.error());
            return Exit::usage;
        }
        sign_options.profile = *p;
    }
    auto items = batch::plan_items(o.inputs, {".xml"}, o.out);
    if (!items) {
        print_error(items.error());
        return exit_for_error(items.error().code);
    }
    batch::XmlSignJob job;
    job.options = sign_options;
    job.jobs = o.jobs;
    if (!o.tsa.empty()) {
        job.tsa = trust::TsaOptions{};
        job.tsa->url = o.tsa;
    }
    job.force = o.force;
    job.items = std::move(*items);
    return sign_batch({o.key, o.pass, o.token_sessions}, job.items.size(), o.json,
                      [&job](keys::Signer& signer, const batch::Progress& progress) {
                          return batch::run_xml_sign(job, signer, progress);
                      });
}

}  // namespace

void register_xml_sign(CLI::App& xml, int& exit_code) {
    auto o = std::make_shared<Options>();
    auto* cmd =
        xml.add_subcommand("sign", "Sign claims XML files (enveloped XML-DSig spliced into the original bytes)");
    cmd->add_option("IN", o->inputs, "Input files or directories (walked for *.xml)")->required();
    cmd->add_option("--out", o->out, "Output file, or directory for several inputs")->required();
    cmd->add_option("--key", o->key, "KEYSPEC: pkcs11:… (RFC 7512 URI) or p12:PATH")->required();
    cmd->add_option("--pass", o->pass, "PKCS#12 passphrase: pass:TEXT, env:VAR, file:PATH, fd:N or stdin");
    cmd->add_option("--profile", o->profile,
                    "claims, checkin, catalog, ksk-doctor, ksk-hospital (default: from the root)");
    cmd->add_option("--jobs", o->jobs, "Parallel workers (default: number of cores)")->check(CLI::Range(1u, 256u));
    cmd->add_option("--token-sessions", o->token_sessions,
                    "Concurrent PKCS#11 signing sessions (default: 1 for a USB token, one per worker otherwise)");
    cmd->add_option("--tsa", o->tsa,
                    "Also time-stamp each signed file (RFC 3161) into FILE.tst beside it; the XML itself is unchanged");
    cmd->add_flag("--json", o->json, "Print the results as JSON");
    cmd->add_flag("--force", o->force, "Overwrite existing outputs instead of resuming");
    cmd->add_flag("--include-chain", o->include_chain, "Also put the intermediate certificates into KeyInfo");
    cmd->callback([o, &exit_code] { exit_code = run(*o); });
}

}  // namespace kyso::cli
