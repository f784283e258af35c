// Arguments several areas of the C API take the same way (private).
#pragma once

#include <kyso/xml/profile.hpp>

#include <optional>
#include <string>

namespace kyso::capi {

// NULL: detect; otherwise a profile name ("claims", ...), KYSO_ERROR_USAGE when unknown.
std::optional<xml::ProfileId> profile_arg(const char* name);

// KYSO_ERROR_USAGE when `flags` has bits other than `known`.
void check_flags(unsigned flags, unsigned known);

// NULL as "".
inline std::string text_arg(const char* s) {
    return s != nullptr ? std::string(s) : std::string();
}

}  // namespace kyso::capi
