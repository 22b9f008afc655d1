// Every constant family, and lookups across all of them by name.
#pragma once

#include <optional>
#include <string_view>

#include "p11/constants/attribute.hpp"
#include "p11/constants/flags.hpp"
#include "p11/constants/key_type.hpp"
#include "p11/constants/mechanism.hpp"
#include "p11/constants/object_class.hpp"
#include "p11/constants/rv.hpp"

namespace p11 {

template <class... Families>
struct family_list {};

// The families lookup_value() searches.  A new family header is added here.
using all_families = family_list<rv, attribute_type, mechanism_type, object_class, key_type, mechanism_flags>;

namespace detail {
template <class... F>
constexpr std::optional<ck_ulong> lookup_in(family_list<F...>, std::string_view n) {
    std::optional<ck_ulong> found;
    ((found ? void() : [&] {
        if (auto e = from_name<F>(n)) found = static_cast<ck_ulong>(*e);
    }()), ...);
    return found;
}
template <class... F>
constexpr std::size_t count_in(family_list<F...>, std::string_view n) {
    return ((from_name<F>(n) ? 1u : 0u) + ... + 0u);
}
template <class... F>
constexpr bool names_unique_across(family_list<F...> list) {
    bool ok = true;
    ((
         [&] {
             for (const auto& e : name_index<F>) ok = ok && count_in(list, e.name) == 1;
         }()),
     ...);
    return ok;
}
} // namespace detail

// The value of any Cryptoki constant by its name or alias ("CKM_AES_GCM").
[[nodiscard]] constexpr std::optional<ck_ulong> lookup_value(std::string_view constant_name) {
    return detail::lookup_in(all_families{}, constant_name);
}

static_assert(detail::names_unique_across(all_families{}), "a constant name appears in two families");

} // namespace p11
