// kyso archive renew: time-stamp renewal or hash-tree renewal of every batch of an archive (or of the
// batches named), with one TSA call.
#include "commands.hpp"
#include "common.hpp"

#include <kyso/archive/archive_dir.hpp>
#include <kyso/archive/archive_verify.hpp>
#include <kyso/archive/renew.hpp>

#include <nlohmann/json.hpp>

#include <iostream>

namespace kyso::cli {

namespace {

struct RenewArgs {
    std::vector<std::string> inputs;
    std::string hash_tree;  // empty: time-stamp renewal
    TsaArgs tsa;
    bool json = false;
};

int run_renew(const RenewArgs& a) {
    std::vector<std::filesystem::path> batches;
    for (const std::string& in : a.inputs) {
        if (archive::is_archive(in)) {
            auto inside = archive::archive_batches(in);
            if (inside.empty()) {
                print_error(Error{Errc::usage, "the archive '" + in + "' holds no batch"});
                return Exit::usage;
            }
            batches.insert(batches.end(), inside.begin(), inside.end());
        } else if (archive::is_archive_batch(in)) {
            batches.emplace_back(in);
        } else {
            print_error(Error{Errc::usage, "'" + in +
                                               "' is neither an archive (archive.txt) nor a batch (bagit.txt + "
                                               "evidence/batch.ers)"});
            return Exit::usage;
        }
    }
    archive::RenewOptions o;
    o.tsa = a.tsa.options();
    if (!a.hash_tree.empty()) {
        o.kind = archive::RenewOptions::Kind::hash_tree;
        o.hash = a.hash_tree == "sha384" ? keys::DigestAlgorithm::sha384 : keys::DigestAlgorithm::sha512;
    }
    auto r = archive::renew_batches(batches, o);
    if (!r) {
        print_error(r.error());
        return exit_for_error(r.error().code);
    }
    const std::string kind = a.hash_tree.empty() ? "time-stamp" : "hash-tree (" + a.hash_tree + ")";
    if (a.json) {
        nlohmann::ordered_json j;
        j["kind"] = a.hash_tree.empty() ? "timestamp" : "hash-tree";
        j["timestamps"] = nlohmann::ordered_json::array();
        for (const auto& t : r->timestamps)
            j["timestamps"].push_back({{"gen_time", format_rfc3339(t.gen_time)},
                                       {"tsa", t.tsa_certificate ? t.tsa_certificate->subject() : std::string()},
                                       {"serial", t.serial_hex}});
        j["batches"] = nlohmann::ordered_json::array();
        for (const auto& b : r->batches)
            j["batches"].push_back({{"batch_id", b.batch_id},
                                    {"dir", b.dir.string()},
                                    {"chain", b.chain},
                                    {"index", b.index},
                                    {"records", b.records}});
        std::cout << j.dump(2) << "\n";
    } else {
        for (const auto& b : r->batches)
            std::cout << "renewed " << b.batch_id << " (" << b.records << " records): chain " << b.chain
                      << ", time-stamp " << b.index << "\n";
        for (const auto& t : r->timestamps)
            std::cout << kind << " renewal of " << r->batches.size() << " batches time-stamped at "
                      << format_rfc3339(t.gen_time)
                      << (t.tsa_certificate ? " by " + t.tsa_certificate->subject() : std::string()) << "\n";
    }
    return Exit::ok;
}

}  // namespace

void register_archive_renew(CLI::App& archive, int& exit_code) {
    auto a = std::make_shared<RenewArgs>();
    auto* cmd = archive.add_subcommand(
        "renew",
        "Renew the evidence of every batch (RFC 4998 section 5.2) with one TSA call: a time-stamp over the latest "
        "time-stamps (before the TSA certificate expires), or with --hash-tree a new chain over every record "
        "re-read (before the hash weakens)");
    cmd->add_option("IN", a->inputs, "Archives (every batch in them) or batch directories")->required();
    add_tsa_options(cmd, a->tsa);
    cmd->add_option("--hash-tree", a->hash_tree,
                    "Hash-tree renewal to this algorithm (sha512 or sha384) instead of a time-stamp renewal")
        ->check(CLI::IsMember({"sha512", "sha384"}));
    cmd->add_flag("--json", a->json, "Print the result as JSON");
    cmd->callback([a, &exit_code] { exit_code = run_renew(*a); });
}

}  // namespace kyso::cli
