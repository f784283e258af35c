#include "common.hpp"

#include <chrono>
#include <cstdlib>

#include <charconv>
#include <vector>

#include <iostream>

namespace kyso::cli {

namespace {
int rank(int code) {
    switch (code) {
        case internal:
            return 5;
        case usage:
            return 4;
        case failed:
            return 3;
        case unprocessable:
            return 2;
        case indeterminate:
            return 1;
        default:
            return 0;
    }
}
}  // namespace

int more_severe(int a, int b) {
    return rank(a) >= rank(b) ? a : b;
}

int exit_for_error(Errc code) {
    switch (code) {
        case Errc::ok:
            return ok;
        case Errc::internal:
            return internal;
        case Errc::usage:
        case Errc::keyspec_invalid:
        case Errc::module_load_failed:
        case Errc::token_not_present:
        case Errc::pin_required:
        case Errc::pin_incorrect:
        case Errc::pin_locked:
        case Errc::key_not_found:
        case Errc::mechanism_unsupported:
        case Errc::token_error:
        case Errc::signature_check_failed:
        case Errc::certificate_invalid:
            return usage;
        default:
            return unprocessable;
    }
}

int exit_for_report(const verify::Report& report) {
    int code = ok;
    for (const auto& d : report.documents) {
        if (d.error) code = more_severe(code, exit_for_error(d.error->code));
        for (const auto& s : d.signatures) {
            if (s.indication == verify::Indication::total_failed)
                code = more_severe(code, failed);
            else if (s.indication == verify::Indication::indeterminate)
                code = more_severe(code, indeterminate);
        }
    }
    return code;
}

void print_error(const Error& e) {
    std::cerr << "kyso: " << e.message << " [" << errc_name(e.code) << "]\n";
}

Result<pdf::Placement> parse_placement(const std::string& text) {
    // PAGE,X,Y,W,H in PDF points from the page's lower-left corner.
    std::vector<double> v;
    std::size_t start = 0;
    while (start <= text.size()) {
        const std::size_t comma = std::min(text.find(',', start), text.size());
        double d = 0;
        const auto [p, ec] = std::from_chars(text.data() + start, text.data() + comma, d);
        if (ec != std::errc() || p != text.data() + comma) break;
        v.push_back(d);
        start = comma + 1;
    }
    if (v.size() != 5 || v[0] < 1 || v[0] != static_cast<int>(v[0]) || v[3] <= 0 || v[4] <= 0)
        return fail(Errc::usage,
                    "--visible wants PAGE,X,Y,W,H (page from 1, positive width and height), got '" + text + "'");
    return pdf::Placement{static_cast<int>(v[0]), v[1], v[2], v[3], v[4]};
}

trust::TsaOptions TsaArgs::options() const {
    trust::TsaOptions o;
    o.url = url;
    o.timeout = std::chrono::milliseconds(static_cast<long long>(timeout * 1000));
    if (!user.empty()) {
        o.username = user;
        const char* pw = std::getenv("KYSO_TSA_PASSWORD");
        o.password = pw ? std::string(pw) : std::string();
    }
    return o;
}

void add_tsa_options(CLI::App* cmd, TsaArgs& args) {
    cmd->add_option("--tsa", args.url, "RFC 3161 time-stamping URL")->required();
    cmd->add_option("--tsa-user", args.user,
                    "HTTP basic-auth user for the TSA (the password is read from $KYSO_TSA_PASSWORD)");
    cmd->add_option("--tsa-timeout", args.timeout, "Seconds the TSA may take (default 15)")
        ->check(CLI::Range(0.1, 600.0));
}

}  // namespace kyso::cli
