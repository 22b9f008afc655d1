// p11::error: a CK_RV and, when known, the Cryptoki function that returned it.
// Freestanding: no exceptions, no heap.
#pragma once

#include "p11/constants/rv.hpp"
#include "p11/function.hpp"

namespace p11 {

class error {
public:
    constexpr error() = default;
    constexpr error(rv code) : code_(code) {}  // NOLINT: an rv is an error
    constexpr error(rv code, function_id fn) : code_(code), function_(fn), has_function_(true) {}

    [[nodiscard]] constexpr rv code() const { return code_; }
    [[nodiscard]] constexpr bool has_function() const { return has_function_; }
    [[nodiscard]] constexpr function_id function() const { return function_; }

    friend constexpr bool operator==(const error& a, const error& b) { return a.code_ == b.code_; }
    friend constexpr bool operator==(const error& a, rv b) { return a.code_ == b; }

private:
    rv code_ = rv::general_error;
    function_id function_{};
    bool has_function_ = false;
};

// Tag for building a failed result: `return p11::failure(rv::key_handle_invalid);`
struct failure_t {
    error value;
};
[[nodiscard]] constexpr failure_t failure(error e) { return {e}; }
[[nodiscard]] constexpr failure_t failure(rv code, function_id fn) { return {error{code, fn}}; }

} // namespace p11
