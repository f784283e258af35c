// kyso — the command line: argv → one library call → report → exit code (spec/cli.md).
#include "commands.hpp"
#include "common.hpp"

#include <kyso/core/version.hpp>

#include <exception>
#include <iostream>

int main(int argc, char** argv) {
    using namespace kyso::cli;
    int exit_code = Exit::ok;
    CLI::App app{"kyso — ký số: sign and verify Vietnamese medical claims XML and PDF records with tokens and HSMs",
                 "kyso"};
    app.require_subcommand(1);
    app.set_version_flag("--version", std::string(kyso::version()));
    auto* xml = app.add_subcommand("xml", "XML-DSig signing and verification of claims and sibling messages");
    xml->require_subcommand(1);
    register_xml_sign(*xml, exit_code);
    register_xml_verify(*xml, exit_code);
    auto* pdf = app.add_subcommand("pdf", "PAdES signing and verification of PDF medical records");
    pdf->require_subcommand(1);
    register_pdf_sign(*pdf, exit_code);
    register_pdf_verify(*pdf, exit_code);
    register_pdf_confirm(*pdf, exit_code);
    register_verify(app, exit_code);
    register_token(app, exit_code);
    register_archive(app, exit_code);
    register_version(app, exit_code);
    try {
        app.parse(argc, argv);
    } catch (const CLI::CallForHelp& e) {
        return app.exit(e);
    } catch (const CLI::CallForAllHelp& e) {
        return app.exit(e);
    } catch (const CLI::CallForVersion& e) {
        return app.exit(e);
    } catch (const CLI::ParseError& e) {
        app.exit(e);
        return Exit::usage;
    } catch (const std::exception& e) {
        std::cerr << "kyso: internal error: " << e.what() << "\n";
        return Exit::internal;
    }
    return exit_code;
}
