// kyso — the inputs of a run as the CLI takes them (spec/cli.md "IN..."): files and directories, walked
// for *.xml / *.pdf, and where each output goes. Shared by the CLI and the C API.
#pragma once

#include <kyso/batch/batch.hpp>
#include <kyso/core/result.hpp>

#include <filesystem>
#include <string>
#include <vector>

namespace kyso::batch {

struct InputFile {
    std::filesystem::path path;
    std::filesystem::path relative;  // layout kept under an output directory
};

// Expands directories recursively (files ending in one of `extensions`, case-insensitive, sorted; hidden files
// and anything under `exclude` skipped). Files named directly are taken whatever their extension.
// Errc::io when an input does not exist or a directory cannot be read.
Result<std::vector<InputFile>> collect_inputs(const std::vector<std::string>& args,
                                              const std::vector<std::string>& extensions,
                                              const std::filesystem::path& exclude = {});

// One input file and `out` not a directory: `out` is the output file; otherwise a directory.
bool output_is_directory(const std::vector<std::string>& args, const std::string& out);

// Input files paired with their outputs: under `out` with the inputs' relative layout when `to_dir`,
// else `out` itself.
std::vector<Item> output_items(const std::vector<InputFile>& inputs, const std::string& out, bool to_dir);

// What `kyso xml sign IN... --out OUT` signs: the inputs collected (an output directory inside an input
// directory is not walked) and paired with their outputs.
Result<std::vector<Item>> plan_items(const std::vector<std::string>& args, const std::vector<std::string>& extensions,
                                     const std::string& out);

}  // namespace kyso::batch
