#include "commands.hpp"
#include "common.hpp"
#include "progress.hpp"
#include "sign_common.hpp"

#include <kyso/batch/batch.hpp>
#include <kyso/batch/inputs.hpp>

#include <charconv>
#include <iostream>

namespace kyso::cli {

namespace {

struct Options {
    std::vector<std::string> inputs;
    std::string out, visible, field, name, title, reason, location, image, font, level = "b-b", tsa, lock;
    SignerArgs signer;
    int certify = 0;
    unsigned jobs = 0;
    bool json = false, force = false, rsa_pss = false;
};

int run(const Options& o) {
    batch::PdfSignJob job;
    pdf::SignOptions& so = job.options;
    so.field_name = o.field;
    so.text.signer_name = o.name;
    so.text.title = o.title;
    so.text.reason = o.reason;
    so.text.location = o.location;
    if (!o.image.empty()) so.image_png = o.image;
    if (!o.font.empty()) so.font_file = o.font;
    so.certify = static_cast<pdf::Certification>(o.certify);
    so.rsa_pss = o.rsa_pss;
    if (!o.lock.empty()) {
        so.lock_fields = std::vector<std::string>{};
        if (o.lock != "all")
            for (std::size_t start = 0; start <= o.lock.size();) {
                const std::size_t comma = std::min(o.lock.find(',', start), o.lock.size());
                if (comma > start) so.lock_fields->push_back(o.lock.substr(start, comma - start));
                start = comma + 1;
            }
    }
    if (!o.visible.empty()) {
        auto placement = parse_placement(o.visible);
        if (!placement) {
            print_error(placement.error());
            return Exit::usage;
        }
        so.visible = *placement;
    }
    so.level = o.level == "b-t"     ? pdf::SignatureLevel::pades_b_t
               : o.level == "b-lt"  ? pdf::SignatureLevel::pades_b_lt
               : o.level == "b-lta" ? pdf::SignatureLevel::pades_b_lta
                                    : pdf::SignatureLevel::pades_b_b;
    if (so.level == pdf::SignatureLevel::pades_b_lt || so.level == pdf::SignatureLevel::pades_b_lta) {
        print_error(Error{Errc::unsupported,
                          "--level " + o.level +
                              " needs the revocation client, which this build does not have yet (use b-b or b-t)"});
        return Exit::usage;
    }
    if (!o.tsa.empty()) {
        so.tsa = trust::TsaOptions{};
        so.tsa->url = o.tsa;
    }
    if (so.level == pdf::SignatureLevel::pades_b_t && o.tsa.empty()) {
        print_error(Error{Errc::usage, "--level b-t needs --tsa URL (an RFC 3161 time-stamping authority)"});
        return Exit::usage;
    }
    auto items = batch::plan_items(o.inputs, {".pdf"}, o.out);
    if (!items) {
        print_error(items.error());
        return exit_for_error(items.error().code);
    }
    job.jobs = o.jobs;
    job.force = o.force;
    job.items = std::move(*items);
    return sign_batch(o.signer, job.items.size(), o.json,
                      [&job](keys::Signer& signer, const batch::Progress& progress) {
                          return batch::run_pdf_sign(job, signer, progress);
                      });
}

}  // namespace

void register_pdf_sign(CLI::App& pdf, int& exit_code) {
    auto o = std::make_shared<Options>();
    auto* cmd = pdf.add_subcommand("sign", "Sign PDF records (PAdES baseline, one incremental revision per signer)");
    cmd->add_option("IN", o->inputs, "Input files or directories (walked for *.pdf)")->required();
    cmd->add_option("--out", o->out, "Output file, or directory for several inputs")->required();
    cmd->add_option("--key", o->signer.key, "KEYSPEC: pkcs11:… (RFC 7512 URI) or p12:PATH")->required();
    cmd->add_option("--pass", o->signer.pass, "PKCS#12 passphrase: pass:TEXT, env:VAR, file:PATH, fd:N or stdin");
    cmd->add_option("--field", o->field,
                    "Signature field: an existing empty one is signed, else created (default Signature<N>)");
    cmd->add_option("--visible", o->visible,
                    "PAGE,X,Y,W,H: a visible appearance on PAGE (from 1), rectangle in points");
    cmd->add_option("--name", o->name, "Signer name shown (default: the certificate's CN)");
    cmd->add_option("--title", o->title, "Title shown as 'Chức danh'");
    cmd->add_option("--reason", o->reason, "Reason ('Lý do'; also /Reason)");
    cmd->add_option("--location", o->location, "Place ('Nơi ký'; also /Location)");
    cmd->add_option("--image", o->image, "PNG drawn in the appearance (scanned signature or seal)");
    cmd->add_option("--font", o->font, "TrueType font for the appearance (default DejaVu Sans)");
    cmd->add_option("--certify", o->certify, "Certification signature with DocMDP P=1|2|3")->check(CLI::Range(1, 3));
    cmd->add_option("--lock-fields", o->lock, "Lock form fields with this signature (FieldMDP): 'all' or NAME,NAME");
    cmd->add_option("--level", o->level, "b-b (default), b-t, b-lt, b-lta")
        ->check(CLI::IsMember({"b-b", "b-t", "b-lt", "b-lta"}));
    cmd->add_option("--tsa", o->tsa, "RFC 3161 time-stamping URL (levels from b-t)");
    cmd->add_option("--jobs", o->jobs, "Parallel workers (default: number of cores)")->check(CLI::Range(1u, 256u));
    cmd->add_option("--token-sessions", o->signer.token_sessions, "Concurrent PKCS#11 signing sessions");
    cmd->add_flag("--rsa-pss", o->rsa_pss,
                  "Sign with RSASSA-PSS (RSA keys only; the token must offer CKM_RSA_PKCS_PSS)");
    cmd->add_flag("--json", o->json, "Print the results as JSON");
    cmd->add_flag("--force", o->force, "Overwrite existing outputs instead of resuming");
    cmd->callback([o, &exit_code] { exit_code = run(*o); });
}

}  // namespace kyso::cli
