// The registry of live handles.
#include "handles.hpp"

#include <kyso/trust/revocation.hpp>

#include <cstdio>
#include <unordered_map>

namespace kyso::capi {

namespace {

// Live handles by address. The addresses are kept inverted: a leak checker (LeakSanitizer, valgrind)
// that scans memory for pointers must not count the registry as a reference, or a handle the host forgot
// to destroy would never be reported as leaked.
using Key = std::uintptr_t;
Key key_of(const void* handle) {
    return ~reinterpret_cast<Key>(handle);
}

struct Registry {
    std::mutex mutex;
    std::unordered_map<Key, Kind> live;
};

// Never destroyed: a host may release handles from its own static destructors, after ours would have run.
Registry& registry() {
    static Registry* r = new Registry;
    return *r;
}

std::string describe(const void* handle) {
    char text[32];
    std::snprintf(text, sizeof text, "%p", handle);
    return text;
}

}  // namespace

const char* kind_name(Kind kind) noexcept {
    switch (kind) {
        case Kind::buffer:
            return "kyso_buffer_t";
        case Kind::signer:
            return "kyso_signer_t";
        case Kind::pdf_options:
            return "kyso_pdf_options_t";
        case Kind::verify_ctx:
            return "kyso_verify_ctx_t";
        case Kind::report:
            return "kyso_report_t";
        case Kind::batch_result:
            return "kyso_batch_result_t";
    }
    return "handle";
}

void register_handle(const void* handle, Kind kind) {
    Registry& r = registry();
    const std::lock_guard lock(r.mutex);
    r.live[key_of(handle)] = kind;
}

void check_handle(const void* handle, std::uint32_t magic_at_handle_fn(const void*), Kind kind) {
    const std::string expected = kind_name(kind);
    if (handle == nullptr) throw Failure{KYSO_ERROR_INVALID_HANDLE, "the " + expected + " is NULL"};
    Kind found{};
    {
        Registry& r = registry();
        const std::lock_guard lock(r.mutex);
        const auto it = r.live.find(key_of(handle));
        if (it == r.live.end())
            throw Failure{KYSO_ERROR_INVALID_HANDLE,
                          describe(handle) + " is not a live " + expected + " (destroyed, or not made by kyso)"};
        found = it->second;
    }
    if (found != kind)
        throw Failure{KYSO_ERROR_INVALID_HANDLE,
                      describe(handle) + " is a " + kind_name(found) + ", not a " + expected};
    if (magic_at_handle_fn(handle) != static_cast<std::uint32_t>(kind))
        throw Failure{KYSO_ERROR_INVALID_HANDLE, "the " + expected + " at " + describe(handle) +
                                                     " has been overwritten (its magic number is wrong)"};
}

bool unregister_handle(const void* handle, Kind kind) {
    Registry& r = registry();
    const std::lock_guard lock(r.mutex);
    const auto it = r.live.find(key_of(handle));
    if (it == r.live.end() || it->second != kind) return false;
    r.live.erase(it);
    return true;
}

}  // namespace kyso::capi

kyso::verify::Context kyso_verify_ctx_st::for_run() {
    kyso::verify::Context c = context;
    const std::lock_guard lock(m_mutex);
    if (!m_revocation) {
        kyso::trust::RevocationOptions ro;
        ro.offline = context.offline;
        ro.cache_dir = context.cache_dir;
        ro.timeout = context.network_timeout;
        m_revocation = std::make_shared<kyso::trust::RevocationChecker>(ro);
    }
    c.revocation = m_revocation;
    return c;
}

void kyso_verify_ctx_st::reset_revocation() {
    const std::lock_guard lock(m_mutex);
    m_revocation.reset();
}
