// p11::result<T>: an expected-like result that works with -fno-exceptions.
// Its error (p11::error) carries the CK_RV and, when known, the Cryptoki
// function that returned it, so "CKR_PIN_INCORRECT from C_Login" survives to
// the place that reports it.
#pragma once

#include <new>
#include <type_traits>
#include <utility>

#include "p11/error.hpp"
#if defined(__cpp_exceptions)
#include "p11/error_category.hpp"
#endif

namespace p11 {

namespace detail {
// What value() does with an error: throw p11::exception where exceptions
// exist, otherwise trap.  Nothing in p11forge calls value() on its own
// results; only a caller that asked for a value without checking gets here.
[[noreturn]] inline void throw_error(const error& e);
} // namespace detail

template <class T>
class [[nodiscard]] result {
    static_assert(!std::is_reference_v<T>, "result<T&> is not supported; use a pointer");

public:
    using value_type = T;

    constexpr result()
        requires std::is_default_constructible_v<T>
        : ok_(true) {
        ::new (static_cast<void*>(&value_)) T();
    }
    template <class U = T>
        requires(std::is_constructible_v<T, U &&> && !std::is_same_v<std::remove_cvref_t<U>, result> &&
                 !std::is_same_v<std::remove_cvref_t<U>, failure_t> && !std::is_same_v<std::remove_cvref_t<U>, error> &&
                 !std::is_same_v<std::remove_cvref_t<U>, rv>)
    constexpr result(U&& v) : ok_(true) {  // NOLINT: implicit like std::expected
        ::new (static_cast<void*>(&value_)) T(std::forward<U>(v));
    }
    constexpr result(failure_t f) : error_(f.value), ok_(false) {}  // NOLINT
    constexpr result(error e) : error_(e), ok_(false) {}            // NOLINT
    constexpr result(rv code) : error_(code), ok_(false) {}         // NOLINT

    constexpr result(const result& o) : ok_(o.ok_) {
        if (ok_) ::new (static_cast<void*>(&value_)) T(o.value_);
        else error_ = o.error_;
    }
    constexpr result(result&& o) noexcept(std::is_nothrow_move_constructible_v<T>) : ok_(o.ok_) {
        if (ok_) ::new (static_cast<void*>(&value_)) T(std::move(o.value_));
        else error_ = o.error_;
    }
    constexpr result& operator=(const result& o) {
        if (this != &o) {
            destroy();
            ok_ = o.ok_;
            if (ok_) ::new (static_cast<void*>(&value_)) T(o.value_);
            else error_ = o.error_;
        }
        return *this;
    }
    constexpr result& operator=(result&& o) noexcept(std::is_nothrow_move_constructible_v<T>) {
        if (this != &o) {
            destroy();
            ok_ = o.ok_;
            if (ok_) ::new (static_cast<void*>(&value_)) T(std::move(o.value_));
            else error_ = o.error_;
        }
        return *this;
    }
    constexpr ~result() { destroy(); }

    [[nodiscard]] constexpr bool has_value() const { return ok_; }
    constexpr explicit operator bool() const { return ok_; }

    // Unchecked access: the caller has tested has_value().
    constexpr T& operator*() & { return value_; }
    constexpr const T& operator*() const& { return value_; }
    constexpr T&& operator*() && { return std::move(value_); }
    constexpr T* operator->() { return &value_; }
    constexpr const T* operator->() const { return &value_; }

    // Checked access: throws p11::exception (or terminates without exceptions).
    constexpr T& value() & {
        if (!ok_) detail::throw_error(error_);
        return value_;
    }
    constexpr const T& value() const& {
        if (!ok_) detail::throw_error(error_);
        return value_;
    }
    // By value, not T&&: `for (auto x : f().value())` must not iterate a
    // reference into the destroyed temporary result.
    constexpr T value() && {
        if (!ok_) detail::throw_error(error_);
        return std::move(value_);
    }
    // U defaults to T so that `value_or({})` works.
    template <class U = T>
    [[nodiscard]] constexpr T value_or(U&& fallback) const& {
        return ok_ ? value_ : static_cast<T>(std::forward<U>(fallback));
    }

    [[nodiscard]] constexpr const error& error_value() const { return error_; }
    [[nodiscard]] constexpr rv code() const { return ok_ ? rv::ok : error_.code(); }

    // Chaining: f(T) -> result<U>; errors pass through untouched.
    template <class F>
    constexpr auto and_then(F&& f) & -> std::invoke_result_t<F, T&> {
        if (ok_) return f(value_);
        return error_;
    }
    template <class F>
    constexpr auto and_then(F&& f) && -> std::invoke_result_t<F, T&&> {
        if (ok_) return f(std::move(value_));
        return error_;
    }

private:
    constexpr void destroy() {
        if (ok_) value_.~T();
    }

    union {
        T value_;
        error error_;
    };
    bool ok_;
};

template <>
class [[nodiscard]] result<void> {
public:
    using value_type = void;
    constexpr result() = default;
    constexpr result(failure_t f) : error_(f.value), ok_(false) {}  // NOLINT
    constexpr result(error e) : error_(e), ok_(false) {}            // NOLINT
    constexpr result(rv code) : error_(code), ok_(code == rv::ok) {}  // NOLINT: rv::ok is success

    [[nodiscard]] constexpr bool has_value() const { return ok_; }
    constexpr explicit operator bool() const { return ok_; }
    constexpr void value() const {
        if (!ok_) detail::throw_error(error_);
    }
    [[nodiscard]] constexpr const error& error_value() const { return error_; }
    [[nodiscard]] constexpr rv code() const { return ok_ ? rv::ok : error_.code(); }

private:
    error error_{rv::ok};
    bool ok_ = true;
};

// Turns a CK_RV from a call into a result<void>, remembering the function.
[[nodiscard]] constexpr result<void> check(ck_ulong code, function_id fn) {
    if (code == 0) return {};
    return failure(static_cast<rv>(code), fn);
}

} // namespace p11

#if defined(__cpp_exceptions)
[[noreturn]] inline void p11::detail::throw_error(const error& e) { throw exception(e); }
#else
[[noreturn]] inline void p11::detail::throw_error(const error&) { __builtin_trap(); }
#endif

// Propagates an error out of the current function (which returns a result).
#define P11_TRY(expr)                                      \
    do {                                                   \
        auto&& p11_try_result_ = (expr);                   \
        if (!p11_try_result_) return p11_try_result_.error_value(); \
    } while (0)
