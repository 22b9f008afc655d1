// The one gate every caller-supplied (pointer, length) pair passes before the
// module reads or writes through it.  A length is only a claim about the
// caller's buffer: nothing can prove it, but a length beyond what the module
// ever accepts in one call is refused here, with the most precise code the
// function's return list (PKCS #11 2.40 base specification, chapter 5) has,
// before any code sizes a copy, adds to it or hands it to a backend.  So a
// hostile (CK_ULONG)-1 or 2^40 ends as a CKR_ code instead of an overflowed
// sum, an allocation failure or a read past the caller's buffer.
//
// The module's limits, per call (docs/module.md repeats them):
//   template_count    4096 attributes    C_GetAttributeValue: CKR_ARGUMENTS_BAD
//                                        (templates that make or search objects
//                                        go through parse_template, same count)
//   attribute_value   16 MiB per value   CKR_ATTRIBUTE_VALUE_INVALID (parse_template)
//   data              256 MiB per call   C_Encrypt*, C_Sign*, C_Verify*(data):
//                                        CKR_DATA_LEN_RANGE; C_Decrypt*:
//                                        CKR_ENCRYPTED_DATA_LEN_RANGE; C_Digest*
//                                        (no length code in its list): ARGUMENTS_BAD.
//                                        Multi-part calls exist for more.
//   random            256 MiB per call   C_GenerateRandom, C_SeedRandom: ARGUMENTS_BAD
//   pin               4 KiB              C_InitPIN, C_SetPIN: CKR_PIN_LEN_RANGE;
//                                        C_Login, C_InitToken (no such code in
//                                        their lists): CKR_ARGUMENTS_BAD
//   signature         1 MiB              C_Verify, C_VerifyFinal, C_VerifyRecover:
//                                        CKR_SIGNATURE_LEN_RANGE
//   wrapped_key       1 MiB              C_UnwrapKey: CKR_WRAPPED_KEY_LEN_RANGE
//   parameter_field   64 KiB             byte strings inside mechanism parameters
//                                        (IVs, labels, shared and public data) and
//                                        byte-string parameters themselves:
//                                        CKR_MECHANISM_PARAM_INVALID (GCM's AAD
//                                        takes the data limit: it is message data)
// A NULL pointer with a non-zero length is CKR_ARGUMENTS_BAD everywhere
// (CKR_MECHANISM_PARAM_INVALID inside a mechanism parameter).
#pragma once

#include <cstddef>
#include <span>

#include "p11/abi/types.hpp"
#include "p11/attributes/parser.hpp"
#include "p11/result.hpp"

namespace p11::provider {

namespace limits {
// The template parser's own defaults: one number for every template.
inline constexpr std::size_t template_count = template_rules{}.max_count;
inline constexpr std::size_t attribute_value = template_rules{}.max_value_length;
inline constexpr std::size_t data = std::size_t{256} << 20;
inline constexpr std::size_t random = std::size_t{256} << 20;
inline constexpr std::size_t pin = 4096;
inline constexpr std::size_t signature = std::size_t{1} << 20;
inline constexpr std::size_t wrapped_key = std::size_t{1} << 20;
inline constexpr std::size_t parameter_field = std::size_t{64} << 10;
} // namespace limits

// A caller's length checked against a limit: `too_long` when above it.
struct length_rule {
    std::size_t limit;
    rv too_long;
};

// The caller's (pointer, count) as a span of `T`s, or the code: NULL with a
// count -> CKR_ARGUMENTS_BAD; count above the limit -> rule.too_long.  A NULL
// pointer with count 0 is the empty span.  `T` may be const (input) or not
// (output, C_GenerateRandom).
template <class T>
[[nodiscard]] constexpr result<std::span<T>> caller_span(T* p, abi::CK_ULONG count, length_rule rule,
                                                         rv null_with_count = rv::arguments_bad) {
    if (p == nullptr && count != 0) return null_with_count;
    if (count > rule.limit) return rule.too_long;
    return std::span<T>{p, p ? static_cast<std::size_t>(count) : 0};
}

// The common case: input bytes.
[[nodiscard]] inline result<bytes_view> caller_bytes(const void* p, abi::CK_ULONG len, length_rule rule,
                                                     rv null_with_count = rv::arguments_bad) {
    return caller_span(static_cast<const byte*>(p), len, rule, null_with_count);
}

// The rules of each function family, named once (see the table above).
namespace length_rules {
inline constexpr length_rule data{limits::data, rv::data_len_range};
inline constexpr length_rule encrypted_data{limits::data, rv::encrypted_data_len_range};
inline constexpr length_rule digest_data{limits::data, rv::arguments_bad};
inline constexpr length_rule random{limits::random, rv::arguments_bad};
inline constexpr length_rule signature{limits::signature, rv::signature_len_range};
inline constexpr length_rule wrapped_key{limits::wrapped_key, rv::wrapped_key_len_range};
inline constexpr length_rule new_pin{limits::pin, rv::pin_len_range};
inline constexpr length_rule given_pin{limits::pin, rv::arguments_bad};
inline constexpr length_rule template_count{limits::template_count, rv::arguments_bad};
inline constexpr length_rule parameter_field{limits::parameter_field, rv::mechanism_param_invalid};
inline constexpr length_rule parameter_data{limits::data, rv::mechanism_param_invalid};
} // namespace length_rules

} // namespace p11::provider
