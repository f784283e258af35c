// evidence/leaves.bin + evidence/index of a batch, read and cross-checked (private).
#pragma once

#include <kyso/archive/merkle.hpp>
#include <kyso/core/result.hpp>

#include <filesystem>
#include <map>
#include <string>
#include <vector>

namespace kyso::archive::detail {

struct BatchIndex {
    std::vector<Hash> leaves;                  // tree order
    std::vector<std::string> ids;              // record id of each leaf
    std::map<std::string, std::size_t> by_id;  // record id → leaf index
};

// Fails (Errc::evidence_invalid, or Errc::io when unreadable) with the precise reason when leaves.bin is
// not a whole number of hashes, the index is malformed, the record ids are not in ascending order
// (the tree order), or a leaf in the index differs from leaves.bin (a reordered or altered leaves.bin).
Result<BatchIndex> load_batch_index(const std::filesystem::path& bag);

}  // namespace kyso::archive::detail
