#include "commands.hpp"
#include "common.hpp"

#include <kyso/pdf/confirm.hpp>

#include <iostream>

namespace kyso::cli {

namespace {

struct Options {
    std::string in, out, visible, person, relation, method, image, font;
    bool force = false;
};

int run(const Options& o) {
    pdf::ConfirmationOptions co;
    auto placement = parse_placement(o.visible);
    if (!placement) {
        print_error(placement.error());
        return Exit::usage;
    }
    co.placement = *placement;
    co.person = o.person;
    co.relation = o.relation;
    co.method = o.method;
    if (!o.image.empty()) co.image_png = o.image;
    if (!o.font.empty()) co.font_file = o.font;
    co.overwrite = o.force;
    if (auto r = pdf::add_confirmation(o.in, o.out, co); !r) {
        print_error(r.error());
        return exit_for_error(r.error().code);
    }
    std::cout << "confirmation added (not a digital signature): " << o.out << "\n";
    return Exit::ok;
}

}  // namespace

void register_pdf_confirm(CLI::App& pdf, int& exit_code) {
    auto o = std::make_shared<Options>();
    auto* cmd = pdf.add_subcommand(
        "confirm", "Add a patient's confirmation without a certificate (image and text, labelled as not a signature)");
    cmd->add_option("IN", o->in, "Input PDF")->required();
    cmd->add_option("--out", o->out, "Output PDF")->required();
    cmd->add_option("--visible", o->visible, "PAGE,X,Y,W,H: where the confirmation is drawn")->required();
    cmd->add_option("--person", o->person, "Who confirmed (the patient or a relative)")->required();
    cmd->add_option("--relation", o->relation, "Relation to the patient, e.g. 'Người bệnh'");
    cmd->add_option("--method", o->method, "How, e.g. 'Ký tay trên máy tính bảng', 'Vân tay'");
    cmd->add_option("--image", o->image, "PNG of the handwritten signature or fingerprint");
    cmd->add_option("--font", o->font, "TrueType font (default DejaVu Sans)");
    cmd->add_flag("--force", o->force, "Overwrite an existing output");
    cmd->callback([o, &exit_code] { exit_code = run(*o); });
}

}  // namespace kyso::cli
