// p11::mechanism_type (CKM_), with each mechanism's capabilities, key type,
// parameter structure and key-size unit.
#pragma once

#include <cstdint>

#include "p11/constants/flags.hpp"
#include "p11/constants/key_type.hpp"
#include "p11/constants/mechanism_rows.hpp"
#include "p11/constants/parameter_kind.hpp"
#include "p11/constants/table.hpp"

namespace p11 {

enum class key_size_unit : std::uint8_t { no_unit, bits, bytes };

struct mechanism_row : constant_row {
    mechanism_flags capabilities;
    key_type key;  // no_key (CK_UNAVAILABLE_INFORMATION) for keyless mechanisms
    parameter_kind parameter;
    key_size_unit unit;
};

// Marks "this mechanism uses no key" in the key column.
inline constexpr key_type no_key = static_cast<key_type>(~ck_ulong{0});

enum class mechanism_type : ck_ulong {
    P11_MECHANISM_ROWS(P11_CONSTANT_ENUMERATOR) P11_MECHANISM_ALIASES(P11_ALIAS_ENUMERATOR)
};

namespace detail::rows_of_mechanism_type {
#define P11_MECHANISM_ROW(id, NAME, value, since, deprecated, caps, key, param, unit)                          \
    mechanism_row{P11_CONSTANT_BASE(#NAME, value, since, deprecated), mechanism_flags{} | caps, key,           \
                  parameter_kind::param, key_size_unit::unit},
inline constexpr auto rows = [] {
    using enum mechanism_flags;
    using enum key_type;
    return std::array<mechanism_row, 0 P11_MECHANISM_ROWS(P11_COUNT_ROW)>{{P11_MECHANISM_ROWS(P11_MECHANISM_ROW)}};
}();
#undef P11_MECHANISM_ROW
inline constexpr auto aliases = P11_ALIAS_ARRAY(mechanism_type, P11_MECHANISM_ALIASES);
} // namespace detail::rows_of_mechanism_type

template <>
struct constant_family<mechanism_type> {
    using row_type = mechanism_row;
    static constexpr std::string_view prefix = "CKM_";
    static constexpr const auto& rows = P11_RUNTIME_ROWS(detail::rows_of_mechanism_type::rows);
    static constexpr const auto& named_rows = detail::rows_of_mechanism_type::rows;
    static constexpr const auto& aliases = detail::rows_of_mechanism_type::aliases;
    static constexpr bool is_bitmask = false;
};
static_assert(family_is_well_formed<mechanism_type>(), "CKM_ table is unsorted or has duplicate names");

// What the table says a mechanism can do (nothing for unknown mechanisms).
[[nodiscard]] constexpr mechanism_flags capabilities(mechanism_type m) {
    const auto i = index_of(m);
    return i == npos ? mechanism_flags{} : constant_family<mechanism_type>::rows[i].capabilities;
}

[[nodiscard]] constexpr bool can(mechanism_type m, mechanism_flags what) {
    return has(capabilities(m), what);
}

} // namespace p11
