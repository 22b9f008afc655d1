// What an attribute's value is (value_kind): a column of the CKA_ table beyond
// the common four, an X-macro list so its names come for free.  The other
// column, the attribute's rules, is constants/attribute_rules.hpp.
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

} // namespace p11
