#include "archive/partial_dir.hpp"

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <string>

namespace kyso::archive::detail {

namespace fs = std::filesystem;

Result<PartialDir> PartialDir::beside(const fs::path& out) {
    const fs::path parent = out.has_parent_path() ? out.parent_path() : fs::path(".");
    std::error_code ec;
    fs::create_directories(parent, ec);
    std::string templ = (parent / (out.filename().string() + ".partial-XXXXXX")).string();
    if (!::mkdtemp(templ.data()))
        return fail(Errc::io, "cannot create a directory beside '" + out.string() + "': " + std::strerror(errno));
    return PartialDir(fs::path(templ));
}

PartialDir::~PartialDir() {
    if (!m_path.empty()) {
        std::error_code ec;
        fs::remove_all(m_path, ec);
    }
}

}  // namespace kyso::archive::detail
