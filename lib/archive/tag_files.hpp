// Tag files of a bag written after it was made (private): the file is written atomically and its lines in
// tagmanifest-sha256.txt and tagmanifest-sha512.txt are added or replaced, so the bag stays complete.
#pragma once

#include <kyso/core/bytes.hpp>
#include <kyso/core/result.hpp>

#include <filesystem>
#include <string>

namespace kyso::archive::detail {

// `relative`: the tag file's path inside the bag ("evidence/checkpoint").
Result<void> put_tag_file(const std::filesystem::path& bag, const std::string& relative, ByteView data);
// Re-hashes a tag file already written (appended to) and updates its lines in both tag manifests.
Result<void> update_tag_manifests(const std::filesystem::path& bag, const std::string& relative);

}  // namespace kyso::archive::detail
