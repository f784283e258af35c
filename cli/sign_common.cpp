#include "sign_common.hpp"

#include "common.hpp"
#include "pin_prompt.hpp"
#include "progress.hpp"

#include <nlohmann/json.hpp>

#include <iostream>

namespace kyso::cli {

namespace {

nlohmann::ordered_json error_json(const Error& e) {
    return {{"code", errc_name(e.code)}, {"message", e.message}};
}

// Opens the signer; on failure prints the error (and the JSON shape when asked) and sets the exit code.
Result<std::unique_ptr<keys::Signer>> open_signer_for(const SignerArgs& args, std::size_t inputs, bool json,
                                                      int& exit_code) {
    keys::OpenOptions open_options;
    open_options.passphrase_spec = args.pass;
    open_options.max_sessions = args.token_sessions;
    open_options.pin_source = terminal_pin_source();
    auto signer = keys::open_signer(args.key, open_options);
    if (!signer) {
        if (json) {
            nlohmann::ordered_json j;
            j["results"] = nlohmann::ordered_json::array();
            j["summary"] = {{"inputs", inputs}, {"signed", 0}, {"skipped", 0}, {"errors", 0}};
            j["error"] = error_json(signer.error());
            std::cout << j.dump(2) << "\n";
        }
        print_error(signer.error());
        exit_code = exit_for_error(signer.error().code);
    }
    return signer;
}

int report_sign_results(const batch::Summary& summary, std::size_t inputs, bool json, const keys::Signer& signer) {
    int code = Exit::ok;
    nlohmann::ordered_json results = nlohmann::ordered_json::array();
    for (const auto& r : summary.results) {
        nlohmann::ordered_json j;
        j["input"] = r.item.input.string();
        switch (r.status) {
            case batch::ItemStatus::signed_:
                j["output"] = r.item.output.string();
                j["status"] = "signed";
                break;
            case batch::ItemStatus::skipped:
                j["output"] = r.item.output.string();
                j["status"] = "skipped";
                break;
            case batch::ItemStatus::error:
                j["output"] = nullptr;
                j["status"] = "error";
                j["error"] = error_json(*r.error);
                code = more_severe(code, exit_for_error(r.error->code));
                if (!json) print_error(*r.error);
                break;
        }
        results.push_back(std::move(j));
    }
    if (json) {
        nlohmann::ordered_json j;
        j["results"] = std::move(results);
        j["summary"] = {{"inputs", inputs},
                        {"signed", summary.signed_count},
                        {"skipped", summary.skipped},
                        {"errors", summary.errors}};
        std::cout << j.dump(2, ' ', false, nlohmann::ordered_json::error_handler_t::replace) << "\n";
    } else {
        std::cout << "signed " << summary.signed_count << ", skipped " << summary.skipped
                  << " (already signed), errors " << summary.errors << " — " << signer.description() << "\n";
    }
    return code;
}

}  // namespace

int sign_batch(const SignerArgs& args, std::size_t inputs, bool json,
               const std::function<batch::Summary(keys::Signer&, const batch::Progress&)>& run) {
    int open_code = Exit::ok;
    auto signer = open_signer_for(args, inputs, json, open_code);
    if (!signer) return open_code;
    ProgressBar bar(!json);
    batch::Progress progress;
    progress.on_progress = [&bar](std::size_t done, std::size_t total, std::size_t errors) {
        bar.update(done, total, errors);
    };
    const auto summary = run(**signer, progress);
    bar.finish();
    return report_sign_results(summary, inputs, json, **signer);
}

}  // namespace kyso::cli
