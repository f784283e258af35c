// kyso — logging through a sink the host sets. The library never prints.
#pragma once

#include <functional>
#include <string_view>

namespace kyso {

enum class LogLevel { debug, info, warning, error };

// The sink receives messages that never contain PINs, keys or patient data.
using LogSink = std::function<void(LogLevel, std::string_view message)>;

// Thread-safe; pass an empty function to silence. Default: no sink (silent).
void set_log_sink(LogSink sink);
void log(LogLevel level, std::string_view message);

}  // namespace kyso
