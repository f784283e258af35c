// kyso_init/kyso_shutdown (reference counted) and the version functions.
#include "errors.hpp"

#include <kyso/core/version.hpp>

#include <atomic>
#include <mutex>

namespace kyso::capi {

namespace {
std::mutex g_init_mutex;
std::atomic<unsigned> g_init_count{0};
}  // namespace

bool initialized() noexcept {
    return g_init_count.load() > 0;
}

}  // namespace kyso::capi

using namespace kyso;

extern "C" {

int kyso_init(void) {
    return capi::guard("kyso_init", capi::Init::not_required, [] {
        const std::lock_guard lock(capi::g_init_mutex);
        // OpenSSL, libxml2 and PKCS#11 modules are initialised once, thread-safely, on first use; nothing
        // process-wide is set up here that a shutdown would have to tear down.
        ++capi::g_init_count;
    });
}

int kyso_shutdown(void) {
    return capi::guard("kyso_shutdown", capi::Init::not_required, [] {
        const std::lock_guard lock(capi::g_init_mutex);
        if (capi::g_init_count.load() == 0) throw capi::Failure{KYSO_ERROR_USAGE, "no kyso_init to match"};
        --capi::g_init_count;
    });
}

const char* kyso_version(void) {
    return kyso::version().data();
}

uint32_t kyso_api_version(void) {
    return KYSO_API_VERSION;
}

int kyso_supports_api(uint32_t version) {
    return capi::guard("kyso_supports_api", capi::Init::not_required, [&] {
        // The API only grows: every version from 1 to this one is implemented.
        if (version < 1 || version > KYSO_API_VERSION)
            throw capi::Failure{KYSO_ERROR_UNSUPPORTED, "API version " + std::to_string(version) +
                                                            " is not implemented (this library: 1 to " +
                                                            std::to_string(KYSO_API_VERSION) + ")"};
    });
}

}  // extern "C"
