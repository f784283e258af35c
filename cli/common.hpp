// Shared by the subcommands: exit codes (spec/cli.md), error printing.
#pragma once

#include <kyso/core/error.hpp>
#include <kyso/pdf/sign.hpp>
#include <kyso/trust/timestamp.hpp>
#include <kyso/verify/report.hpp>

#include <CLI/CLI.hpp>

#include <string>

namespace kyso::cli {

enum Exit : int { ok = 0, failed = 1, indeterminate = 2, unprocessable = 3, usage = 4, internal = 5 };

// spec/cli.md: a batch exits with the most severe code; severity order 5, 4, 1, 3, 2, 0.
int more_severe(int a, int b);
int exit_for_error(Errc code);
int exit_for_report(const verify::Report& report);

void print_error(const Error& e);
// --visible PAGE,X,Y,W,H (page from 1, points from the lower-left corner).
Result<pdf::Placement> parse_placement(const std::string& text);

// --tsa URL, --tsa-user (password from $KYSO_TSA_PASSWORD), --tsa-timeout: the archive commands' TSA.
struct TsaArgs {
    std::string url, user;
    double timeout = 15;
    trust::TsaOptions options() const;
};
void add_tsa_options(CLI::App* cmd, TsaArgs& args);

}  // namespace kyso::cli
