// What an attribute's value is (value_kind) and the rules the specification
// attaches to it (attribute_policy): the columns of the CKA_ table beyond the
// common four.
#pragma once

#include <cstdint>

namespace p11 {

enum class value_kind : std::uint8_t {
    ulong,                 // CK_ULONG, a count or size
    boolean,               // CK_BBOOL, exactly one byte
    bytes,                 // opaque byte string
    utf8,                  // RFC 2279 string, not NUL-terminated (CKA_LABEL ...)
    date,                  // CK_DATE: eight ASCII digits YYYYMMDD, or empty
    big_integer,           // unsigned big-endian integer (CKA_MODULUS ...)
    der,                   // DER encoding (CKA_SUBJECT, CKA_EC_PARAMS ...)
    attribute_array,       // CK_ATTRIBUTE[] (CKA_WRAP_TEMPLATE ...)
    mechanism_array,       // CK_MECHANISM_TYPE[] (CKA_ALLOWED_MECHANISMS)
    object_class,          // CK_OBJECT_CLASS
    key_type,              // CK_KEY_TYPE
    certificate_type,      // CK_CERTIFICATE_TYPE
    hw_feature_type,       // CK_HW_FEATURE_TYPE
    mechanism_type,        // CK_MECHANISM_TYPE (CKA_KEY_GEN_MECHANISM ...)
    certificate_category,  // CK_CERTIFICATE_CATEGORY
    security_domain,       // CK_JAVA_MIDP_SECURITY_DOMAIN
    profile_id,            // CK_PROFILE_ID
    otp_format,            // CK_OTP_FORMAT_*
    otp_requirement,       // CK_OTP_PARAM_IGNORED / _OPTIONAL / _MANDATORY
};

// The footnotes of the specification's attribute tables, as named bits.
// They are recorded for the object classes where the attribute is defined
// with its most restrictive meaning (for CKA_VALUE: the key classes); a
// provider's per-class schema narrows them where a class differs.
enum class attribute_policy : std::uint16_t {
    none = 0,
    required_on_create = 1u << 0,    // must be given to C_CreateObject
    forbidden_on_create = 1u << 1,   // must not be given to C_CreateObject
    required_on_generate = 1u << 2,  // must be given to C_GenerateKey(Pair)
    forbidden_on_generate = 1u << 3, // must not be given to C_GenerateKey(Pair)
    required_on_unwrap = 1u << 4,    // must be given to C_UnwrapKey
    forbidden_on_unwrap = 1u << 5,   // must not be given to C_UnwrapKey
    sensitive = 1u << 6,             // never revealed if SENSITIVE or !EXTRACTABLE
    modifiable = 1u << 7,            // may change via C_SetAttributeValue / C_CopyObject
    token_default = 1u << 8,         // default is token-specific
    so_sets_true = 1u << 9,          // only the SO may set it to CK_TRUE
    sticky_true = 1u << 10,          // once CK_TRUE it can never change
    sticky_false = 1u << 11,         // once CK_FALSE it can never change
    read_only = 1u << 12,            // computed by the token, never given by a caller
};

constexpr attribute_policy operator|(attribute_policy a, attribute_policy b) {
    return static_cast<attribute_policy>(static_cast<std::uint16_t>(a) | static_cast<std::uint16_t>(b));
}
constexpr bool has(attribute_policy set, attribute_policy bit) {
    return (static_cast<std::uint16_t>(set) & static_cast<std::uint16_t>(bit)) == static_cast<std::uint16_t>(bit);
}

} // namespace p11
