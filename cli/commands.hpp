// Each subcommand registers itself; its callback makes one library call and sets the exit code.
#pragma once

#include <CLI/CLI.hpp>

namespace kyso::cli {

void register_xml_sign(CLI::App& xml, int& exit_code);
void register_xml_verify(CLI::App& xml, int& exit_code);
void register_verify(CLI::App& app, int& exit_code);
void register_pdf_sign(CLI::App& pdf, int& exit_code);
void register_pdf_verify(CLI::App& pdf, int& exit_code);
void register_pdf_confirm(CLI::App& pdf, int& exit_code);
void register_token(CLI::App& app, int& exit_code);
void register_version(CLI::App& app, int& exit_code);
void register_archive(CLI::App& app, int& exit_code);
void register_archive_append(CLI::App& archive, int& exit_code);
void register_archive_renew(CLI::App& archive, int& exit_code);

}  // namespace kyso::cli
