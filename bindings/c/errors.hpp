// The C API's error trapping (private): status codes, the thread-local last error, the guard every
// exported function runs its body in, and copying results into caller buffers.
#pragma once

#include <kyso/core/bytes.hpp>
#include <kyso/core/error.hpp>
#include <kyso/core/result.hpp>
#include <kyso/kyso.h>

#include <new>
#include <string>
#include <string_view>
#include <utility>

namespace kyso::capi {

// Thrown inside a guarded body only; the guard turns it into a status and the last error.
struct Failure {
    int status;
    std::string message;
};

int status_of(Errc code) noexcept;
[[noreturn]] void throw_error(const Error& error);
[[noreturn]] void throw_usage(std::string message);

// The value of a Result, or its error thrown as a Failure.
template <class T>
T take(Result<T> r) {
    if (!r) throw_error(r.error());
    return std::move(r).value();
}
inline void check(const Result<void>& r) {
    if (!r) throw_error(r.error());
}

// A required pointer argument (not a handle): NULL is KYSO_ERROR_USAGE naming it.
template <class P>
P* required(P* p, const char* name) {
    if (p == nullptr) throw_usage(std::string("'") + name + "' is NULL");
    return p;
}

void set_last_error(int status, std::string_view function, std::string_view message) noexcept;
void clear_last_error() noexcept;
bool initialized() noexcept;

enum class Init { required, not_required };

// Runs `body` (which returns nothing, or throws Failure) with every exception trapped: the status it ends
// with, and the last error set on failure.
template <class F>
int guard(const char* function, Init init, F&& body) noexcept {
    clear_last_error();
    try {
        if (init == Init::required && !initialized()) throw Failure{KYSO_ERROR_USAGE, "kyso_init has not been called"};
        body();
        return KYSO_OK;
    } catch (const Failure& f) {
        set_last_error(f.status, function, f.message);
        return f.status;
    } catch (const std::bad_alloc&) {
        set_last_error(KYSO_ERROR_INTERNAL, function, "out of memory");
        return KYSO_ERROR_INTERNAL;
    } catch (const std::exception& e) {
        set_last_error(KYSO_ERROR_INTERNAL, function, std::string("unexpected exception: ") + e.what());
        return KYSO_ERROR_INTERNAL;
    } catch (...) {
        set_last_error(KYSO_ERROR_INTERNAL, function, "unexpected exception");
        return KYSO_ERROR_INTERNAL;
    }
}
template <class F>
int guard(const char* function, F&& body) noexcept {
    return guard(function, Init::required, std::forward<F>(body));
}

// Rule 4 of kyso.h: `*out_len` is the capacity on entry and the size needed on return; too small (or
// `out` NULL) is KYSO_ERROR_BUFFER_TOO_SMALL. Strings get their terminating NUL.
void copy_out(std::string_view text, char* out, std::size_t* out_len);
void copy_out(ByteView bytes, std::uint8_t* out, std::size_t* out_len);

}  // namespace kyso::capi
