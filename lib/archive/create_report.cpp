#include <kyso/archive/create_report.hpp>

#include <nlohmann/json.hpp>

namespace kyso::archive {

std::string create_result_json(const CreateResult& r, int indent) {
    nlohmann::ordered_json j;
    j["batch"] = {{"dir", r.dir.string()},
                  {"batch_id", r.batch_id},
                  {"root", to_hex(r.root)},
                  {"gen_time", format_rfc3339(r.gen_time)},
                  {"payload_octets", r.payload_octets},
                  {"payload_files", r.payload_files},
                  {"validation_data", r.validation_files},
                  {"revocation_evidence", r.revocation_files},
                  {"revocation_missing", r.revocation_missing}};
    j["records"] = nlohmann::ordered_json::array();
    for (const auto& rec : r.records) {
        nlohmann::ordered_json files = nlohmann::ordered_json::array();
        for (std::size_t i = 0; i < rec.sources.size(); ++i)
            files.push_back({{"input", rec.sources[i]}, {"name", rec.names[i]}});
        j["records"].push_back({{"record_id", rec.record_id}, {"leaf", rec.leaf_index}, {"files", files}});
    }
    // Input paths are the operating system's bytes: a name that is not UTF-8 is shown with U+FFFD.
    return j.dump(indent, ' ', false, nlohmann::ordered_json::error_handler_t::replace);
}

}  // namespace kyso::archive
