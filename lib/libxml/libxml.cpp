#include "libxml/libxml.hpp"

#include <mutex>

namespace kyso::libxml {

void ensure_initialized() {
    static std::once_flag once;
    std::call_once(once, [] { xmlInitParser(); });
}

}  // namespace kyso::libxml
