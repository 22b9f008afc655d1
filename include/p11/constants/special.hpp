// The standalone CK_ constants that belong to no enumeration: sentinel values
// of CK_ULONG fields, the invalid handle, and CK_BBOOL's two values.
//
// Written once, as P11_SPECIAL_CONSTANTS(X) with X(identifier, NAME, value):
// each becomes a named constant (p11::invalid_handle) and a row of
// p11::special_constants, which p11::lookup_value() searches after the families.
#pragma once

#include <array>
#include <optional>
#include <string_view>

#include "p11/constants/table.hpp"

// CK_TRUE/CK_FALSE keep their ck_ prefix: the convention's true_/false_ would
// read as a typo at the call site, and plain true/false are keywords.
// CK_UNAVAILABLE_INFORMATION is all ones of CK_ULONG, so 0xffffffff where
// unsigned long has 32 bits (Windows, 32-bit targets).
// clang-format off
#define P11_SPECIAL_CONSTANTS(X)                                                \
    X(unavailable_information, CK_UNAVAILABLE_INFORMATION, ~::p11::ck_ulong{0}) \
    X(effectively_infinite, CK_EFFECTIVELY_INFINITE, 0)                         \
    X(invalid_handle, CK_INVALID_HANDLE, 0)                                     \
    X(ck_true, CK_TRUE, 1)                                                      \
    X(ck_false, CK_FALSE, 0)
// clang-format on

namespace p11 {

#define P11_SPECIAL_CONSTANT(id, NAME, value) inline constexpr ck_ulong id = value;
P11_SPECIAL_CONSTANTS(P11_SPECIAL_CONSTANT)
#undef P11_SPECIAL_CONSTANT

struct special_constant {
    std::string_view name;
    ck_ulong value;
};

#define P11_SPECIAL_ROW(id, NAME, value) special_constant{#NAME, id},
inline constexpr std::array special_constants{P11_SPECIAL_CONSTANTS(P11_SPECIAL_ROW)};
#undef P11_SPECIAL_ROW

// The value of a special constant by its name ("CK_INVALID_HANDLE").
[[nodiscard]] constexpr std::optional<ck_ulong> lookup_special(std::string_view constant_name) {
    for (const auto& c : special_constants)
        if (c.name == constant_name) return c.value;
    return std::nullopt;
}

} // namespace p11
