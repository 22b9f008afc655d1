// p11::attribute_type (CKA_), with each attribute's value kind and rules.
#pragma once

#include "p11/constants/attribute_kinds.hpp"
#include "p11/constants/attribute_rules.hpp"
#include "p11/constants/attribute_rows.hpp"
#include "p11/constants/table.hpp"

namespace p11 {

struct attribute_row : constant_row {
    value_kind kind;
    attribute_rule rules;  // the strictest across the classes that define it
};

enum class attribute_type : ck_ulong {
    P11_ATTRIBUTE_ROWS(P11_CONSTANT_ENUMERATOR) P11_ATTRIBUTE_ALIASES(P11_ALIAS_ENUMERATOR)
};

namespace detail::rows_of_attribute_type {
#define P11_ATTRIBUTE_ROW(id, NAME, value, since, deprecated, kind, rules)                                \
    attribute_row{P11_CONSTANT_BASE(#NAME, value, since, deprecated), value_kind::kind, attribute_rule{} | rules},
inline constexpr auto rows = [] {
    using enum attribute_rule;
    return std::array<attribute_row, 0 P11_ATTRIBUTE_ROWS(P11_COUNT_ROW)>{{P11_ATTRIBUTE_ROWS(P11_ATTRIBUTE_ROW)}};
}();
#undef P11_ATTRIBUTE_ROW
inline constexpr auto aliases = P11_ALIAS_ARRAY(attribute_type, P11_ATTRIBUTE_ALIASES);
} // namespace detail::rows_of_attribute_type

template <>
struct constant_family<attribute_type> {
    using row_type = attribute_row;
    static constexpr std::string_view prefix = "CKA_";
    static constexpr const auto& rows = P11_RUNTIME_ROWS(detail::rows_of_attribute_type::rows);
    static constexpr const auto& named_rows = detail::rows_of_attribute_type::rows;
    static constexpr const auto& aliases = detail::rows_of_attribute_type::aliases;
    static constexpr bool is_bitmask = false;
};
static_assert(family_is_well_formed<attribute_type>(), "CKA_ table is unsorted or has duplicate names");

// CKF_ARRAY_ATTRIBUTE: the bit that marks attributes whose value is a CK_ATTRIBUTE[].
inline constexpr ck_ulong array_attribute_bit = 0x40000000;

// Unknown and vendor attributes are opaque bytes to us.
[[nodiscard]] constexpr value_kind kind_of(attribute_type t) {
    const auto i = index_of(t);
    return i == npos ? value_kind::bytes : constant_family<attribute_type>::rows[i].kind;
}

// The strictest rules of `t` (see attribute_rows.hpp); a class's own are in
// its provider's object schema.  Unknown and vendor attributes have none.
[[nodiscard]] constexpr attribute_rule rules_of(attribute_type t) {
    const auto i = index_of(t);
    return i == npos ? attribute_rule::none : constant_family<attribute_type>::rows[i].rules;
}

} // namespace p11
