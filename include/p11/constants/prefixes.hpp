// What each naming prefix of Cryptoki stands for: the constant families
// (CKA_, CKM_, ...), the functions and types, and the Hungarian prefixes of
// argument and field names (pulCount, hSession, ...).
//
// The family headers say which prefix their rows carry; this table says what
// the prefix means.  naming_prefixes_cover_families() in version_history.hpp
// fails the build when a family's prefix has no entry here.
#pragma once

#include <array>
#include <string_view>

namespace p11 {

enum class prefix_kind { identifier, argument };

struct naming_prefix {
    std::string_view prefix;
    std::string_view meaning;
    prefix_kind kind;
};

inline constexpr std::array naming_prefixes{
    naming_prefix{"C_", "Function", prefix_kind::identifier},
    naming_prefix{"CK_", "Data type or general constant", prefix_kind::identifier},
    naming_prefix{"CKA_", "Attribute", prefix_kind::identifier},
    naming_prefix{"CKC_", "Certificate type", prefix_kind::identifier},
    naming_prefix{"CKD_", "Key derivation function", prefix_kind::identifier},
    naming_prefix{"CKF_", "Bit flag", prefix_kind::identifier},
    naming_prefix{"CKG_", "Mask generation function", prefix_kind::identifier},
    naming_prefix{"CKH_", "Hardware feature type", prefix_kind::identifier},
    naming_prefix{"CKK_", "Key type", prefix_kind::identifier},
    naming_prefix{"CKM_", "Mechanism type", prefix_kind::identifier},
    naming_prefix{"CKN_", "Notification", prefix_kind::identifier},
    naming_prefix{"CKO_", "Object class", prefix_kind::identifier},
    naming_prefix{"CKP_", "Pseudo-random function", prefix_kind::identifier},
    naming_prefix{"CKS_", "Session state", prefix_kind::identifier},
    naming_prefix{"CKR_", "Return value", prefix_kind::identifier},
    naming_prefix{"CKU_", "User type", prefix_kind::identifier},
    naming_prefix{"CKZ_", "Salt/Encoding parameter source", prefix_kind::identifier},
    naming_prefix{"h", "a handle", prefix_kind::argument},
    naming_prefix{"ul", "a CK_ULONG", prefix_kind::argument},
    naming_prefix{"p", "a pointer", prefix_kind::argument},
    naming_prefix{"pb", "a pointer to a CK_BYTE", prefix_kind::argument},
    naming_prefix{"ph", "a pointer to a handle", prefix_kind::argument},
    naming_prefix{"pul", "a pointer to a CK_ULONG", prefix_kind::argument},
};

// The identifier prefix a name falls under: the longest one it starts with
// ("CKG_MGF1_SHA1" is CKG_, "CK_OTP_VALUE" is CK_).
[[nodiscard]] constexpr const naming_prefix* naming_prefix_of(std::string_view name) {
    const naming_prefix* best = nullptr;
    for (const auto& p : naming_prefixes)
        if (p.kind == prefix_kind::identifier && name.starts_with(p.prefix) &&
            (best == nullptr || p.prefix.size() > best->prefix.size()))
            best = &p;
    return best;
}

// Whether a name falls under any identifier prefix.  Apart from
// naming_prefix_of because GCC 12 under -fsanitize=undefined does not
// evaluate a comparison of an element's address with nullptr as a constant.
[[nodiscard]] constexpr bool has_naming_prefix(std::string_view name) {
    for (const auto& p : naming_prefixes)
        if (p.kind == prefix_kind::identifier && name.starts_with(p.prefix)) return true;
    return false;
}

} // namespace p11
