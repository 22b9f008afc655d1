// p11::function_id names every Cryptoki function, derived from the one list
// in abi/functions.hpp: errors say which call failed, the spy logs by it, the
// consumer asks supports(function_id) and the provider dispatches on it.
#pragma once

#include <array>
#include <cstddef>
#include <string_view>

#include "p11/abi/functions.hpp"
#include "p11/version.hpp"

namespace p11 {

enum class function_id : unsigned char {
#define P11_FUNCTION_ENUMERATOR(name, major, minor, params, args) name,
    P11_FUNCTIONS(P11_FUNCTION_ENUMERATOR)
#undef P11_FUNCTION_ENUMERATOR
};

struct function_info {
    function_id id;
    std::string_view name;
    version since;
};

inline constexpr std::array function_table{
#define P11_FUNCTION_ROW(name, major, minor, params, args) function_info{function_id::name, #name, version{major, minor}},
    P11_FUNCTIONS(P11_FUNCTION_ROW)
#undef P11_FUNCTION_ROW
};

inline constexpr std::size_t function_count = function_table.size();

// Rows are in enumerator order, so the id is the index.
[[nodiscard]] constexpr const function_info& info(function_id f) {
    return function_table[static_cast<std::size_t>(f)];
}
[[nodiscard]] constexpr std::string_view name(function_id f) { return info(f).name; }

namespace detail {
constexpr bool function_table_is_in_enum_order() {
    for (std::size_t i = 0; i < function_table.size(); ++i)
        if (static_cast<std::size_t>(function_table[i].id) != i) return false;
    return true;
}
constexpr std::size_t count_functions_since(version v) {
    std::size_t n = 0;
    for (const auto& f : function_table)
        if (f.since == v) ++n;
    return n;
}
} // namespace detail

static_assert(detail::function_table_is_in_enum_order());
static_assert(detail::count_functions_since(versions::v2_01) == 68, "Cryptoki 2.x has 68 functions");
static_assert(detail::count_functions_since(versions::v3_0) == 24, "Cryptoki 3.0 added 24 functions");

} // namespace p11
