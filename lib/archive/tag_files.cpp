// Tag files written into an existing bag, and the tag manifests kept complete over them.
#include "archive/tag_files.hpp"

#include <kyso/archive/bagit.hpp>
#include <kyso/core/atomic_file.hpp>

#include "archive/file_hash.hpp"

#include <tuple>

namespace kyso::archive::detail {

namespace fs = std::filesystem;

Result<void> put_tag_file(const fs::path& bag, const std::string& relative, ByteView data) {
    KYSO_TRY(auto file, AtomicFile::create(bag / relative));
    KYSO_CHECK(file.write(data));
    KYSO_CHECK(file.commit(true));
    return update_tag_manifests(bag, relative);
}

Result<void> update_tag_manifests(const fs::path& bag, const std::string& relative) {
    const HashOutcome h = hash_file(bag / relative);
    if (h.state != FileState::ok)
        return fail(Errc::io, "cannot hash '" + (bag / relative).string() + "': " + h.problem);
    for (const auto& [name, digits, value] :
         {std::tuple{"tagmanifest-sha256.txt", std::size_t{64}, hex_encode(h.digests.sha256)},
          std::tuple{"tagmanifest-sha512.txt", std::size_t{128}, hex_encode(h.digests.sha512)}}) {
        const ReadOutcome text = read_small_file(bag / name);
        if (text.state != FileState::ok) return fail(Errc::io, "cannot read '" + (bag / name).string() + "'");
        KYSO_TRY(auto entries, parse_manifest(as_chars(text.data), digits, name));
        bool found = false;
        for (auto& e : entries)
            if (e.path == relative) {
                e.hex = value;
                found = true;
            }
        if (!found) entries.push_back({value, relative, {}});
        KYSO_TRY(auto file, AtomicFile::create(bag / name));
        KYSO_CHECK(file.write(as_bytes(serialize_manifest(entries))));
        KYSO_CHECK(file.commit(true));
    }
    return {};
}

}  // namespace kyso::archive::detail
