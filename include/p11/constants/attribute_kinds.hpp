// What an attribute's value is (value_kind) and the rules the specification
// attaches to it (attribute_policy): the columns of the CKA_ table beyond the
// common four.  Both are X-macro lists so their names come for free.
#pragma once

#include <array>
#include <cstdint>
#include <string_view>

// X(identifier, "what it is")
#define P11_VALUE_KINDS(X)                                                          \
    X(ulong, "CK_ULONG, a count or size")                                           \
    X(boolean, "CK_BBOOL, exactly one byte")                                        \
    X(bytes, "opaque byte string")                                                  \
    X(utf8, "RFC 2279 string, not NUL-terminated")                                 \
    X(date, "CK_DATE: eight ASCII digits YYYYMMDD, or empty")                       \
    X(big_integer, "unsigned big-endian integer")                                   \
    X(der, "DER encoding")                                                          \
    X(attribute_array, "CK_ATTRIBUTE[]")                                            \
    X(mechanism_array, "CK_MECHANISM_TYPE[]")                                       \
    X(ulong_array, "CK_ULONG[]")                                                    \
    X(version, "CK_VERSION, two bytes")                                             \
    X(object_class, "CK_OBJECT_CLASS")                                              \
    X(key_type, "CK_KEY_TYPE")                                                      \
    X(certificate_type, "CK_CERTIFICATE_TYPE")                                      \
    X(hw_feature_type, "CK_HW_FEATURE_TYPE")                                        \
    X(mechanism_type, "CK_MECHANISM_TYPE")                                          \
    X(certificate_category, "CK_CERTIFICATE_CATEGORY")                              \
    X(security_domain, "CK_JAVA_MIDP_SECURITY_DOMAIN")                              \
    X(profile_id, "CK_PROFILE_ID")                                                  \
    X(otp_format, "CK_OTP_FORMAT_*")                                                \
    X(otp_requirement, "CK_OTP_PARAM_IGNORED / _OPTIONAL / _MANDATORY")

// The footnotes of the specification's attribute tables, as named bits.
// They are recorded for the object classes where the attribute is defined
// with its most restrictive meaning (for CKA_VALUE: the key classes); a
// provider's per-class schema narrows them where a class differs.
// X(identifier, bit, "meaning")
#define P11_ATTRIBUTE_POLICIES(X)                                                           \
    X(required_on_create, 0, "must be given to C_CreateObject")                             \
    X(forbidden_on_create, 1, "must not be given to C_CreateObject")                        \
    X(required_on_generate, 2, "must be given to C_GenerateKey(Pair)")                      \
    X(forbidden_on_generate, 3, "must not be given to C_GenerateKey(Pair)")                 \
    X(required_on_unwrap, 4, "must be given to C_UnwrapKey")                                \
    X(forbidden_on_unwrap, 5, "must not be given to C_UnwrapKey")                           \
    X(sensitive, 6, "never revealed if CKA_SENSITIVE or not CKA_EXTRACTABLE")               \
    X(modifiable, 7, "may change via C_SetAttributeValue or C_CopyObject")                  \
    X(token_default, 8, "the default is token-specific")                                    \
    X(so_sets_true, 9, "only the SO may set it to CK_TRUE")                                 \
    X(sticky_true, 10, "once CK_TRUE it can never change")                                  \
    X(sticky_false, 11, "once CK_FALSE it can never change")                                \
    X(read_only, 12, "computed by the token, never given by a caller")

namespace p11 {

enum class value_kind : std::uint8_t {
#define P11_VALUE_KIND_ENUMERATOR(id, what) id,
    P11_VALUE_KINDS(P11_VALUE_KIND_ENUMERATOR)
#undef P11_VALUE_KIND_ENUMERATOR
};

inline constexpr std::array value_kind_names{
#define P11_VALUE_KIND_NAME(id, what) std::string_view{#id},
    P11_VALUE_KINDS(P11_VALUE_KIND_NAME)
#undef P11_VALUE_KIND_NAME
};

[[nodiscard]] constexpr std::string_view name(value_kind k) { return value_kind_names[static_cast<std::size_t>(k)]; }

enum class attribute_policy : std::uint16_t {
    none = 0,
#define P11_POLICY_ENUMERATOR(id, bit, meaning) id = 1u << bit,
    P11_ATTRIBUTE_POLICIES(P11_POLICY_ENUMERATOR)
#undef P11_POLICY_ENUMERATOR
};

struct attribute_policy_info {
    attribute_policy bit;
    std::string_view name;
    std::string_view meaning;
};

inline constexpr std::array attribute_policy_table{
#define P11_POLICY_ROW(id, bit, meaning) attribute_policy_info{attribute_policy::id, #id, meaning},
    P11_ATTRIBUTE_POLICIES(P11_POLICY_ROW)
#undef P11_POLICY_ROW
};

constexpr attribute_policy operator|(attribute_policy a, attribute_policy b) {
    return static_cast<attribute_policy>(static_cast<std::uint16_t>(a) | static_cast<std::uint16_t>(b));
}
constexpr bool has(attribute_policy set, attribute_policy bit) {
    return (static_cast<std::uint16_t>(set) & static_cast<std::uint16_t>(bit)) == static_cast<std::uint16_t>(bit);
}

} // namespace p11
