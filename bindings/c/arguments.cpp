#include "arguments.hpp"

#include "errors.hpp"

#include <cstdio>

namespace kyso::capi {

std::optional<xml::ProfileId> profile_arg(const char* name) {
    if (name == nullptr) return std::nullopt;
    return take(xml::parse_profile_name(name));
}

void check_flags(unsigned flags, unsigned known) {
    if ((flags & ~known) == 0) return;
    char text[64];
    std::snprintf(text, sizeof text, "unknown flags 0x%x", flags & ~known);
    throw_usage(text);
}

}  // namespace kyso::capi
