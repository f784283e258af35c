#include "pdf/output.hpp"

#include <algorithm>
#include <vector>

namespace kyso::pdf {

Result<bool> needs_eol(const Source& source) {
    if (source.size() == 0) return false;
    char last = '\n';
    KYSO_CHECK(source.read(source.size() - 1, &last, 1));
    return last != '\n' && last != '\r';
}

Result<void> copy_original(const Source& source, AtomicFile& file, ossl::Hasher* hasher, bool add_eol) {
    // Memory stays flat for any file size: one 1 MiB buffer.
    std::vector<std::uint8_t> buffer(1 << 20);
    const std::uint64_t size = source.size();
    for (std::uint64_t offset = 0; offset < size;) {
        const std::size_t n = static_cast<std::size_t>(std::min<std::uint64_t>(buffer.size(), size - offset));
        KYSO_CHECK(source.read(offset, buffer.data(), n));
        if (hasher != nullptr) hasher->update(buffer.data(), n);
        KYSO_CHECK(file.write(ByteView(buffer.data(), n)));
        offset += n;
    }
    if (add_eol) {
        const std::uint8_t eol = '\n';
        if (hasher != nullptr) hasher->update(&eol, 1);
        KYSO_CHECK(file.write(ByteView(&eol, 1)));
    }
    return {};
}

}  // namespace kyso::pdf
