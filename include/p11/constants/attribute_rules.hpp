// The rules the specification's attribute tables attach to an attribute
// (PKCS #11 base 2.40 §4, footnotes 1 to 12), plus the few p11forge needs to
// say what the footnotes leave to prose.  One vocabulary for both places that
// state rules: the CKA_ table (each attribute's strictest rules across
// classes) and a provider's per-class object schema (provider/object_schema.hpp).
//
// A set of rules is an `attribute_rule` whose bits are joined with |.  It is
// asked with has_all or has_any, never with a bare `has`: "all bits" and "any
// bit" differ as soon as the question names more than one rule or none.
#pragma once

#include <array>
#include <cstdint>
#include <string_view>

// X(identifier, bit, footnote, "meaning"); footnote 0: not a spec footnote.
#define P11_ATTRIBUTE_RULES(X)                                                                               \
    X(required_on_create, 0, 1, "must be given to C_CreateObject")                                            \
    X(forbidden_on_create, 1, 2, "must not be given to C_CreateObject")                                       \
    X(required_on_generate, 2, 3, "must be given to C_GenerateKey(Pair)")                                     \
    X(forbidden_on_generate, 3, 4, "must not be given to C_GenerateKey(Pair)")                                \
    X(required_on_unwrap, 4, 5, "must be given to C_UnwrapKey")                                               \
    X(forbidden_on_unwrap, 5, 6, "must not be given to C_UnwrapKey")                                          \
    X(sensitive, 6, 7, "never revealed if CKA_SENSITIVE or not CKA_EXTRACTABLE")                              \
    X(modifiable, 7, 8, "may change via C_SetAttributeValue or C_CopyObject")                                 \
    X(token_default, 8, 9, "the default is token-specific")                                                   \
    X(so_sets_true, 9, 10, "only the SO may set it to CK_TRUE")                                               \
    X(sticky_true, 10, 11, "once CK_TRUE it can never change")                                                \
    X(sticky_false, 11, 12, "once CK_FALSE it can never change")                                              \
    X(read_only, 12, 0, "computed by the token, never given by a caller")                                     \
    X(copy_settable, 13, 0, "C_CopyObject may change it although C_SetAttributeValue may not")                \
    X(lower_only, 14, 0, "only CK_FALSE may be written (CKA_MODIFIABLE, CKA_COPYABLE, CKA_DESTROYABLE)")

namespace p11 {

enum class attribute_rule : std::uint16_t {
    none = 0,
#define P11_ATTRIBUTE_RULE_ENUMERATOR(id, bit, footnote, meaning) id = 1u << bit,
    P11_ATTRIBUTE_RULES(P11_ATTRIBUTE_RULE_ENUMERATOR)
#undef P11_ATTRIBUTE_RULE_ENUMERATOR
};

struct attribute_rule_info {
    attribute_rule bit;
    int footnote;  // 0: p11forge's own rule
    std::string_view name;
    std::string_view meaning;
};

inline constexpr std::array attribute_rule_table{
#define P11_ATTRIBUTE_RULE_ROW(id, bit, footnote, meaning) \
    attribute_rule_info{attribute_rule::id, footnote, #id, meaning},
    P11_ATTRIBUTE_RULES(P11_ATTRIBUTE_RULE_ROW)
#undef P11_ATTRIBUTE_RULE_ROW
};

[[nodiscard]] constexpr attribute_rule operator|(attribute_rule a, attribute_rule b) {
    return static_cast<attribute_rule>(static_cast<std::uint16_t>(a) | static_cast<std::uint16_t>(b));
}

// Every rule of `wanted` is in `set`; true for `none` (nothing is wanted).
[[nodiscard]] constexpr bool has_all(attribute_rule set, attribute_rule wanted) {
    return (static_cast<std::uint16_t>(set) & static_cast<std::uint16_t>(wanted)) ==
           static_cast<std::uint16_t>(wanted);
}
// At least one rule of `wanted` is in `set`; false for `none`.
[[nodiscard]] constexpr bool has_any(attribute_rule set, attribute_rule wanted) {
    return (static_cast<std::uint16_t>(set) & static_cast<std::uint16_t>(wanted)) != 0;
}

namespace detail {
// Footnote n is bit n-1, so a footnote number read in the spec finds its rule.
constexpr bool rule_bits_follow_footnotes() {
    for (const auto& r : attribute_rule_table)
        if (r.footnote != 0 && static_cast<std::uint16_t>(r.bit) != (1u << (r.footnote - 1))) return false;
    return true;
}
} // namespace detail
static_assert(detail::rule_bits_follow_footnotes(), "an attribute rule's bit is not its footnote's");

// The meaning of the two questions, fixed here so no caller has to guess.
static_assert(has_all(attribute_rule::modifiable | attribute_rule::sensitive, attribute_rule::sensitive));
static_assert(!has_all(attribute_rule::sensitive, attribute_rule::modifiable | attribute_rule::sensitive));
static_assert(has_any(attribute_rule::sensitive, attribute_rule::modifiable | attribute_rule::sensitive));
static_assert(!has_any(attribute_rule::sensitive, attribute_rule::modifiable));
static_assert(has_all(attribute_rule::sensitive, attribute_rule::none));
static_assert(!has_any(attribute_rule::sensitive, attribute_rule::none));

} // namespace p11
