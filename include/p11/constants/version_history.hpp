// Which Cryptoki version introduced how many constants of each family, counted
// from the tables, and the checks that keep cryptoki_versions.hpp and
// prefixes.hpp complete for every family in all_families.
#pragma once

#include <cstddef>

#include "p11/constants.hpp"
#include "p11/constants/cryptoki_versions.hpp"
#include "p11/constants/prefixes.hpp"
#include "p11/function.hpp"

namespace p11 {

template <constant_enum Enum>
[[nodiscard]] constexpr std::size_t introduced_in(version v) {
    std::size_t n = 0;
    for (const auto& r : constant_family<Enum>::rows) n += r.since == v ? 1 : 0;
    return n;
}

[[nodiscard]] constexpr std::size_t functions_introduced_in(version v) {
    std::size_t n = 0;
    for (const auto& f : function_table) n += f.since == v ? 1 : 0;
    return n;
}

namespace detail {
template <class Enum>
constexpr bool rows_dated_by_published_versions() {
    for (const auto& r : constant_family<Enum>::rows)
        if (r.since != versions::vendor && !is_published(r.since)) return false;
    return true;
}
template <class... F>
constexpr bool all_rows_dated(family_list<F...>) {
    return (rows_dated_by_published_versions<F>() && ...);
}
constexpr bool functions_dated() {
    for (const auto& f : function_table)
        if (!is_published(f.since)) return false;
    return true;
}
template <class... F>
constexpr bool naming_prefixes_cover(family_list<F...>) {
    return (has_naming_prefix(constant_family<F>::prefix) && ...);
}
} // namespace detail

static_assert(detail::all_rows_dated(all_families{}),
              "a table row is dated by a version missing from cryptoki_versions.hpp");
static_assert(detail::functions_dated(), "a function is dated by a version missing from cryptoki_versions.hpp");
static_assert(detail::naming_prefixes_cover(all_families{}),
              "a constant family's prefix has no meaning in prefixes.hpp");

} // namespace p11
