// kyso — the result of `kyso archive create` as JSON: the batch, and the mapping input path → record id
// that is never written into the bag (it stays with the caller). Shared by the CLI (--json) and the C API.
#pragma once

#include <kyso/archive/batch_create.hpp>

#include <string>

namespace kyso::archive {

// {"batch": {dir, batch_id, root, gen_time, payload_octets, payload_files, validation_data},
//  "records": [{record_id, leaf, files: [{input, name}]}]}, without a final newline.
std::string create_result_json(const CreateResult& r, int indent = 2);

}  // namespace kyso::archive
