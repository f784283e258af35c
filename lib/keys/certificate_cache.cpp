#include "keys/certificate_cache.hpp"

#include <mutex>
#include <string>
#include <unordered_map>

namespace kyso::keys {

namespace {
constexpr std::size_t kMaxEntries = 1024;
std::mutex g_mutex;
std::unordered_map<std::string, Certificate>& cache() {
    static std::unordered_map<std::string, Certificate> c;
    return c;
}
}  // namespace

Result<Certificate> cached_certificate(ByteView der) {
    std::string key(as_chars(der));
    {
        const std::lock_guard lock(g_mutex);
        if (auto it = cache().find(key); it != cache().end()) return it->second;
    }
    KYSO_TRY(auto cert, Certificate::from_der(der));
    const std::lock_guard lock(g_mutex);
    if (cache().size() >= kMaxEntries) cache().clear();  // simple bound: a batch reuses a handful
    cache().emplace(std::move(key), cert);
    return cert;
}

}  // namespace kyso::keys
