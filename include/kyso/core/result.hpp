// kyso — Result<T>: a value or an Error (GCC 12 in C++20 has no std::expected).
#pragma once

#include <kyso/core/error.hpp>

#include <cassert>
#include <string>
#include <utility>
#include <variant>

namespace kyso {

// Built with kyso::fail(code, message); converts to any Result<T>.
struct Failure {
    Error error;
};

inline Failure fail(Errc code, std::string message) {
    return Failure{Error{code, std::move(message)}};
}
inline Failure fail(Error error) {
    return Failure{std::move(error)};
}

template <class T>
class [[nodiscard]] Result {
public:
    Result(T value) : m_v(std::in_place_index<0>, std::move(value)) {}
    Result(Failure f) : m_v(std::in_place_index<1>, std::move(f.error)) {}

    bool ok() const noexcept { return m_v.index() == 0; }
    explicit operator bool() const noexcept { return ok(); }

    T& value() & {
        assert(ok());
        return std::get<0>(m_v);
    }
    const T& value() const& {
        assert(ok());
        return std::get<0>(m_v);
    }
    T&& value() && {
        assert(ok());
        return std::get<0>(std::move(m_v));
    }
    T& operator*() & { return value(); }
    const T& operator*() const& { return value(); }
    T* operator->() { return &value(); }
    const T* operator->() const { return &value(); }

    const Error& error() const& {
        assert(!ok());
        return std::get<1>(m_v);
    }
    Error&& error() && {
        assert(!ok());
        return std::get<1>(std::move(m_v));
    }

private:
    std::variant<T, Error> m_v;
};

template <>
class [[nodiscard]] Result<void> {
public:
    Result() = default;
    Result(Failure f) : m_error(std::move(f.error)), m_ok(false) {}

    bool ok() const noexcept { return m_ok; }
    explicit operator bool() const noexcept { return m_ok; }
    const Error& error() const& {
        assert(!m_ok);
        return m_error;
    }
    Error&& error() && {
        assert(!m_ok);
        return std::move(m_error);
    }

private:
    Error m_error;
    bool m_ok = true;
};

}  // namespace kyso

// Propagates the error of a Result-returning expression; binds the value otherwise.
#define KYSO_CONCAT_INNER(a, b) a##b
#define KYSO_CONCAT(a, b) KYSO_CONCAT_INNER(a, b)
#define KYSO_TRY_IMPL(tmp, decl, expr)                     \
    auto tmp = (expr);                                     \
    if (!tmp) return ::kyso::fail(std::move(tmp).error()); \
    decl = std::move(tmp).value()
#define KYSO_TRY(decl, expr) KYSO_TRY_IMPL(KYSO_CONCAT(kyso_try_, __LINE__), decl, expr)
#define KYSO_CHECK(expr)                                                         \
    do {                                                                         \
        auto kyso_check_r = (expr);                                              \
        if (!kyso_check_r) return ::kyso::fail(std::move(kyso_check_r).error()); \
    } while (0)
