// Every constant family, and lookups across all of them by name.
#pragma once

#include <array>
#include <cstddef>
#include <optional>
#include <string_view>
#include <type_traits>

#include "p11/constants/attribute.hpp"
#include "p11/constants/certificate_category.hpp"
#include "p11/constants/certificate_type.hpp"
#include "p11/constants/dkm_length_method.hpp"
#include "p11/constants/ec_kdf.hpp"
#include "p11/constants/flags.hpp"
#include "p11/constants/generator_function.hpp"
#include "p11/constants/hw_feature_type.hpp"
#include "p11/constants/key_type.hpp"
#include "p11/constants/mechanism.hpp"
#include "p11/constants/mgf.hpp"
#include "p11/constants/notification.hpp"
#include "p11/constants/oaep_source.hpp"
#include "p11/constants/object_class.hpp"
#include "p11/constants/otp_format.hpp"
#include "p11/constants/otp_param_type.hpp"
#include "p11/constants/otp_requirement.hpp"
#include "p11/constants/pbkdf2_prf.hpp"
#include "p11/constants/pbkdf2_salt_source.hpp"
#include "p11/constants/prf_data_type.hpp"
#include "p11/constants/profile_id.hpp"
#include "p11/constants/profiles.hpp"
#include "p11/constants/rv.hpp"
#include "p11/constants/security_domain.hpp"
#include "p11/constants/session_state.hpp"
#include "p11/constants/special.hpp"
#include "p11/constants/user_type.hpp"

namespace p11 {

template <class... Families>
struct family_list {};

// The families lookup_value() searches.  A new family header is added here.
using all_families = family_list<
    rv, attribute_type, mechanism_type, object_class, key_type,
    // CKF_ sets
    token_flags, slot_flags, session_flags, mechanism_flags, init_flags, interface_flags, wait_flags, otp_flags,
    attribute_flags, message_flags, hkdf_salt_flags,
    // small enumerations
    certificate_type, certificate_category, security_domain, hw_feature_type, user_type, session_state, ec_kdf, mgf,
    generator_function, oaep_source, pbkdf2_salt_source, pbkdf2_prf, profile_id, notification, otp_param_type,
    otp_format, otp_requirement, prf_data_type, dkm_length_method>;

namespace detail {
template <class... F>
constexpr std::optional<ck_ulong> lookup_in(family_list<F...>, std::string_view n) {
    std::optional<ck_ulong> found;
    ((found ? void() : [&] {
        if (auto e = from_name<F>(n)) found = static_cast<ck_ulong>(*e);
    }()), ...);
    return found;
}
// Names carry their family's prefix, so two families can only share a name
// when one prefix starts the other (CKF_ sets, CKG_ / CKG_MGF1_, CKP_ /
// CKP_PKCS5_PBKD2_ ...); only those pairs are compared, by a linear walk of
// their sorted name indexes.  Comparing every name against every family
// instead exceeds clang's constexpr step limit once CKA_/CKM_ are full.
template <std::size_t N, std::size_t M>
constexpr bool disjoint(const std::array<name_entry, N>& a, const std::array<name_entry, M>& b) {
    std::size_t i = 0, j = 0;
    while (i < N && j < M) {
        if (a[i].name < b[j].name) ++i;
        else if (b[j].name < a[i].name) ++j;
        else return false;
    }
    return true;
}
template <class A, class B>
constexpr bool names_disjoint() {
    constexpr std::string_view pa = constant_family<A>::prefix;
    constexpr std::string_view pb = constant_family<B>::prefix;
    if constexpr (std::is_same_v<A, B> || !(pa.starts_with(pb) || pb.starts_with(pa))) return true;
    else return disjoint(name_index<A>, name_index<B>);
}
template <class A, class... F>
constexpr bool disjoint_from_all(family_list<F...>) {
    return (names_disjoint<A, F>() && ...);
}
template <class... F>
constexpr bool names_unique_across(family_list<F...> list) {
    bool ok = (disjoint_from_all<F>(list) && ...);
    for (const auto& c : special_constants) ok = ok && !lookup_in(list, c.name);
    return ok;
}
} // namespace detail

// The value of any Cryptoki constant by its name or alias ("CKM_AES_GCM"),
// the standalone ones of special.hpp ("CK_INVALID_HANDLE") included.
[[nodiscard]] constexpr std::optional<ck_ulong> lookup_value(std::string_view constant_name) {
    if (auto v = detail::lookup_in(all_families{}, constant_name)) return v;
    return lookup_special(constant_name);
}

static_assert(detail::names_unique_across(all_families{}), "a constant name appears in two families");

} // namespace p11
