#include "commands.hpp"
#include "common.hpp"

#include <kyso/keys/token_info.hpp>

#include <nlohmann/json.hpp>

#include <iostream>

namespace kyso::cli {

namespace {

int run(const std::string& module_arg, bool json) {
    const std::string module = module_arg.empty() ? keys::default_module_path() : module_arg;
    auto info = keys::list_tokens(module);
    if (!info) {
        print_error(info.error());
        return exit_for_error(info.error().code);
    }
    if (json) {
        nlohmann::ordered_json j;
        j["module"] = {{"path", info->path},
                       {"manufacturer", info->manufacturer},
                       {"description", info->description},
                       {"cryptoki_version", info->cryptoki_version}};
        j["slots"] = nlohmann::ordered_json::array();
        for (const auto& s : info->slots) {
            nlohmann::ordered_json sj{{"slot_id", s.slot_id},
                                      {"description", s.slot_description},
                                      {"token_present", s.token_present},
                                      {"label", s.label},
                                      {"manufacturer", s.manufacturer},
                                      {"model", s.model},
                                      {"serial", s.serial},
                                      {"login_required", s.login_required},
                                      {"pin_locked", s.pin_locked},
                                      {"pin_count_low", s.pin_count_low}};
            sj["objects"] = nlohmann::ordered_json::array();
            for (const auto& o : s.objects)
                sj["objects"].push_back({{"kind", o.kind},
                                         {"label", o.label},
                                         {"id", o.id_hex},
                                         {"subject", o.subject},
                                         {"not_after", o.not_after},
                                         {"key_type", o.key_type},
                                         {"always_authenticate", o.always_authenticate},
                                         {"uri", o.uri}});
            j["slots"].push_back(std::move(sj));
        }
        std::cout << j.dump(2, ' ', false, nlohmann::ordered_json::error_handler_t::replace) << "\n";
        return Exit::ok;
    }
    std::cout << "Module " << info->path << " — " << info->description << " (" << info->manufacturer << ", Cryptoki "
              << info->cryptoki_version << ")\n";
    for (const auto& s : info->slots) {
        std::cout << "Slot " << s.slot_id << ": " << s.slot_description << "\n";
        if (!s.token_present) {
            std::cout << "  (no token)\n";
            continue;
        }
        std::cout << "  Token '" << s.label << "' " << s.manufacturer << " " << s.model << " serial " << s.serial
                  << (s.pin_locked ? " [PIN LOCKED]" : "") << (s.pin_count_low ? " [PIN count low]" : "") << "\n";
        for (const auto& o : s.objects) {
            std::cout << "    " << o.kind << " '" << o.label << "' id " << o.id_hex;
            if (!o.subject.empty()) std::cout << " — " << o.subject << " (until " << o.not_after << ")";
            if (!o.key_type.empty()) std::cout << " — " << o.key_type;
            if (o.always_authenticate) std::cout << " [always authenticate]";
            std::cout << "\n      " << o.uri << "\n";
        }
    }
    return Exit::ok;
}

}  // namespace

void register_token(CLI::App& app, int& exit_code) {
    auto* token = app.add_subcommand("token", "PKCS#11 tokens and HSMs");
    token->require_subcommand(1);
    auto* list = token->add_subcommand("list", "List slots, tokens, keys and certificates (never secrets)");
    auto module = std::make_shared<std::string>();
    auto json = std::make_shared<bool>(false);
    list->add_option("--module", *module, "PKCS#11 library (default: p11-kit's proxy)");
    list->add_flag("--json", *json, "Print as JSON");
    list->callback([module, json, &exit_code] { exit_code = run(*module, *json); });
}

}  // namespace kyso::cli
