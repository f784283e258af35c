// A directory built beside its destination and renamed into place at the end (private): a failed
// `archive create` or `archive export` leaves nothing behind.
#pragma once

#include <kyso/core/result.hpp>

#include <filesystem>

namespace kyso::archive::detail {

class PartialDir {
public:
    // Creates "<out>.partial-XXXXXX" (mkdtemp's template) beside `out`, and its parent when needed.
    static Result<PartialDir> beside(const std::filesystem::path& out);
    PartialDir(PartialDir&& other) noexcept : m_path(std::move(other.m_path)) { other.m_path.clear(); }
    PartialDir& operator=(PartialDir&&) = delete;
    PartialDir(const PartialDir&) = delete;
    PartialDir& operator=(const PartialDir&) = delete;
    ~PartialDir();  // removes the directory unless released

    const std::filesystem::path& path() const { return m_path; }
    void release() { m_path.clear(); }

private:
    explicit PartialDir(std::filesystem::path p) : m_path(std::move(p)) {}
    std::filesystem::path m_path;
};

}  // namespace kyso::archive::detail
