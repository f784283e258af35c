// kyso — points in time as validation parameters (UTC, seconds).
#pragma once

#include <kyso/core/result.hpp>

#include <chrono>
#include <string>
#include <string_view>

namespace kyso {

using TimePoint = std::chrono::sys_seconds;

TimePoint now_utc();
// RFC 3339 with a Z or ±hh:mm offset, e.g. "2031-01-01T00:00:00Z"; fractions are accepted and dropped.
Result<TimePoint> parse_rfc3339(std::string_view text);
std::string format_rfc3339(TimePoint t);

}  // namespace kyso
