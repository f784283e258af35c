// The C API's handles (private): what each opaque kyso_*_t holds, and the registry of live handles that
// lets every call check a handle before touching it (kyso.h rule 3).
#pragma once

#include "errors.hpp"

#include <kyso/batch/batch.hpp>
#include <kyso/keys/signer.hpp>
#include <kyso/pdf/sign.hpp>
#include <kyso/verify/context.hpp>
#include <kyso/verify/report.hpp>
#include <kyso/xml/profile.hpp>

#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>

namespace kyso::capi {

// The magic number of each handle type ("kyS" + a letter), first in every handle.
enum class Kind : std::uint32_t {
    buffer = 0x6b795342,        // kySB
    signer = 0x6b795353,        // kySS
    pdf_options = 0x6b79534f,   // kySO
    verify_ctx = 0x6b795356,    // kySV
    report = 0x6b795352,        // kySR
    batch_result = 0x6b795354,  // kyST
};

const char* kind_name(Kind kind) noexcept;

struct Handle {
    explicit Handle(Kind kind) : magic(static_cast<std::uint32_t>(kind)) {}
    Handle(const Handle&) = delete;
    Handle& operator=(const Handle&) = delete;
    ~Handle() { magic = 0; }
    std::uint32_t magic;
};

void register_handle(const void* handle, Kind kind);
// Throws Failure(KYSO_ERROR_INVALID_HANDLE) unless `handle` is a live handle of `kind`. Reads nothing at
// `handle` before the registry has found it there.
void check_handle(const void* handle, std::uint32_t magic_at_handle_fn(const void*), Kind kind);
// Removes a live handle of `kind` from the registry; false when it is not one.
bool unregister_handle(const void* handle, Kind kind);

}  // namespace kyso::capi

struct kyso_buffer_st : kyso::capi::Handle {
    static constexpr kyso::capi::Kind kind = kyso::capi::Kind::buffer;
    kyso_buffer_st() : Handle(kind) {}
    kyso::Bytes bytes;
};

struct kyso_signer_st : kyso::capi::Handle {
    static constexpr kyso::capi::Kind kind = kyso::capi::Kind::signer;
    explicit kyso_signer_st(std::unique_ptr<kyso::keys::Signer> s) : Handle(kind), signer(std::move(s)) {}
    std::unique_ptr<kyso::keys::Signer> signer;
};

struct kyso_pdf_options_st : kyso::capi::Handle {
    static constexpr kyso::capi::Kind kind = kyso::capi::Kind::pdf_options;
    kyso_pdf_options_st() : Handle(kind) {}
    kyso::pdf::SignOptions options;
};

struct kyso_verify_ctx_st : kyso::capi::Handle {
    static constexpr kyso::capi::Kind kind = kyso::capi::Kind::verify_ctx;
    kyso_verify_ctx_st() : Handle(kind) {}
    kyso::verify::Context context;  // revocation stays null here: see for_run()
    std::optional<kyso::xml::ProfileId> profile;

    // The context of one verification: shares one revocation checker among every verification made with
    // this handle, made on first use (verifications may run on several threads at once).
    kyso::verify::Context for_run();
    // After a setter changed what the checker depends on (offline, cache directory).
    void reset_revocation();

private:
    std::mutex m_mutex;
    std::shared_ptr<kyso::trust::RevocationChecker> m_revocation;
};

struct kyso_report_st : kyso::capi::Handle {
    static constexpr kyso::capi::Kind kind = kyso::capi::Kind::report;
    explicit kyso_report_st(kyso::verify::Report r) : Handle(kind), report(std::move(r)) {}
    kyso::verify::Report report;
};

struct kyso_batch_result_st : kyso::capi::Handle {
    static constexpr kyso::capi::Kind kind = kyso::capi::Kind::batch_result;
    kyso_batch_result_st() : Handle(kind) {}
    kyso::batch::Summary summary;
};

namespace kyso::capi {

template <class T>
std::uint32_t magic_of(const void* handle) {
    return static_cast<const T*>(handle)->magic;
}

// The handle behind a C pointer, checked (kyso.h rule 3).
template <class T>
T& get(T* handle) {
    check_handle(handle, &magic_of<T>, T::kind);
    return *handle;
}

// Makes a handle, registers it and stores it in *out (which must not be NULL).
template <class T, class... Args>
void make(T** out, Args&&... args) {
    required(out, "out");
    *out = nullptr;
    auto handle = std::make_unique<T>(std::forward<Args>(args)...);
    register_handle(handle.get(), T::kind);
    *out = handle.release();
}

// _destroy: NULL is a no-op; anything but a live handle of this type is KYSO_ERROR_INVALID_HANDLE.
template <class T>
int destroy(const char* function, T* handle) noexcept {
    return guard(function, Init::not_required, [&] {
        if (handle == nullptr) return;
        check_handle(handle, &magic_of<T>, T::kind);
        if (!unregister_handle(handle, T::kind))
            throw Failure{KYSO_ERROR_INVALID_HANDLE, std::string("not a live ") + kind_name(T::kind)};
        delete handle;
    });
}

}  // namespace kyso::capi
