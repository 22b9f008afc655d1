// CK_RV as a std::error_code, and the exception the throwing layer uses.
// Hosted builds only: this is where <system_error> and std::string enter.
#pragma once

#include <string>
#include <system_error>

#include "p11/constants/rv.hpp"
#include "p11/error.hpp"
#include "p11/function.hpp"

namespace p11 {

// Messages read "CKR_PIN_INCORRECT (0xa0): the PIN does not match ...".
class rv_category_impl final : public std::error_category {
public:
    [[nodiscard]] const char* name() const noexcept override { return "cryptoki"; }
    [[nodiscard]] std::string message(int value) const override {
        const auto code = static_cast<rv>(static_cast<ck_ulong>(static_cast<unsigned int>(value)));
        std::string out{to_string(code).view()};
        name_string hex;
        hex.append_hex(static_cast<ck_ulong>(code));
        out += " (";
        out += hex.view();
        out += ")";
        if (auto d = description(code); !d.empty()) {
            out += ": ";
            out += d;
        }
        return out;
    }
};

[[nodiscard]] inline const std::error_category& rv_category() noexcept {
    static const rv_category_impl instance;
    return instance;
}

// CK_RV values fit 32 bits (vendor codes included), so int carries them.
[[nodiscard]] inline std::error_code make_error_code(rv code) noexcept {
    return {static_cast<int>(static_cast<unsigned int>(static_cast<ck_ulong>(code))), rv_category()};
}

} // namespace p11

template <>
struct std::is_error_code_enum<p11::rv> : std::true_type {};

namespace p11 {

// The exception of the throwing layer: what() names the function and the code,
// code() compares equal to the rv ("e.code() == p11::rv::pin_incorrect").
class exception : public std::system_error {
public:
    explicit exception(const error& e)
        : std::system_error(make_error_code(e.code()),
                            e.has_function() ? std::string(name(e.function())) : std::string("cryptoki")),
          error_(e) {}
    [[nodiscard]] const p11::error& error_value() const noexcept { return error_; }
    [[nodiscard]] rv rv_code() const noexcept { return error_.code(); }

private:
    p11::error error_;
};

} // namespace p11
