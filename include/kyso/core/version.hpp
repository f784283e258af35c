#pragma once

#include <string>
#include <string_view>

namespace kyso {
std::string_view version() noexcept;
// The versions of OpenSSL, libxml2 and xmlsec kyso runs with, one per line.
std::string dependency_versions();
}  // namespace kyso
