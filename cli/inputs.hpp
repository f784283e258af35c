// IN... arguments: files and directories (walked for *.xml / *.pdf), mapped to outputs under --out.
#pragma once

#include <kyso/core/result.hpp>

#include <filesystem>
#include <string>
#include <vector>

namespace kyso::cli {

struct InputFile {
    std::filesystem::path path;
    std::filesystem::path relative;  // layout kept under an output directory
};

// Expands directories recursively (files ending in one of `extensions`, case-insensitive, sorted; hidden files
// and anything under `exclude` skipped). Files named directly are taken whatever their extension.
Result<std::vector<InputFile>> collect_inputs(const std::vector<std::string>& args,
                                              const std::vector<std::string>& extensions,
                                              const std::filesystem::path& exclude = {});

// One input file and --out not a directory: --out is the output file; otherwise a directory.
bool output_is_directory(const std::vector<std::string>& args, const std::string& out);

}  // namespace kyso::cli
