// The one validator of untrusted attribute templates.  Every C_ function that
// takes a template (C_CreateObject, C_FindObjectsInit, C_GenerateKey, ...)
// runs it before looking at a single value, so the checks and their CKR codes
// are written once:
//   NULL template with a count             -> CKR_ARGUMENTS_BAD
//   type unknown / not in the profile      -> CKR_ATTRIBUTE_TYPE_INVALID
//   value of the wrong size or shape       -> CKR_ATTRIBUTE_VALUE_INVALID
//     (a length above max_value_length first: checked before the value is
//      read or its length used in any sum,
//      CK_BBOOL not one byte of 0/1, CK_ULONG not sizeof(CK_ULONG), malformed
//      CK_DATE, invalid UTF-8, ragged arrays, NULL pValue with a length,
//      CK_UNAVAILABLE_INFORMATION as a length, nesting deeper than allowed)
//   the same type twice at one level       -> CKR_TEMPLATE_INCONSISTENT
// Attributes are checked in order and the first failure is returned.
// No heap and no exceptions: the parser runs inside modules and firmware.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>

#include "p11/abi/types.hpp"
#include "p11/attributes/keys.hpp"
#include "p11/constants/attribute.hpp"
#include "p11/result.hpp"

namespace p11 {

struct template_rules {
    // Attributes introduced after this version are unknown to the caller's module.
    profile visible = profiles::everything;
    // CKA_VENDOR_DEFINED and above pass as opaque bytes.
    bool accept_vendor = true;
    // Non-vendor values the table does not know (a newer spec, a typo).
    bool accept_unknown = false;
    // Levels of CK_ATTRIBUTE[] inside attribute arrays (CKA_WRAP_TEMPLATE ...).
    unsigned max_depth = 2;
    // Attributes per level; guards the quadratic duplicate check of unknown types.
    std::size_t max_count = 4096;
    // Bytes per value: a caller's ulValueLen is only a claim about its buffer,
    // and no attribute a token keeps comes near this (16 MiB).
    std::size_t max_value_length = std::size_t{16} << 20;
    // RFC 2279 strings must be well-formed UTF-8.
    bool validate_utf8 = true;
    // A type given twice is CKR_TEMPLATE_INCONSISTENT where a template makes
    // or changes an object; a search may repeat one (C_FindObjectsInit has
    // no such return value: every criterion must then match).
    bool allow_duplicates = false;
};

// A validated template: the caller's array, typed accessors on top.
class template_view {
public:
    constexpr template_view() = default;
    constexpr explicit template_view(std::span<const abi::CK_ATTRIBUTE> a) : attrs_(a) {}

    [[nodiscard]] constexpr std::span<const abi::CK_ATTRIBUTE> attributes() const { return attrs_; }
    [[nodiscard]] constexpr std::size_t size() const { return attrs_.size(); }
    [[nodiscard]] constexpr bool empty() const { return attrs_.empty(); }

    [[nodiscard]] constexpr const abi::CK_ATTRIBUTE* find(attribute_type t) const {
        for (const auto& a : attrs_)
            if (a.type == static_cast<abi::CK_ATTRIBUTE_TYPE>(t)) return &a;
        return nullptr;
    }
    [[nodiscard]] constexpr bool contains(attribute_type t) const { return find(t) != nullptr; }

    [[nodiscard]] bytes_view bytes(attribute_type t) const {
        const auto* a = find(t);
        if (a == nullptr || a->pValue == nullptr) return {};
        return {static_cast<const byte*>(a->pValue), a->ulValueLen};
    }
    // Scalars decode infallibly: the parser already checked their shape.
    template <attribute_type T>
        requires(kind_traits<kind_of(T)>::scalar)
    [[nodiscard]] std::optional<typename kind_traits<kind_of(T)>::type> get(attribute_key<T>) const {
        const auto* a = find(T);
        if (a == nullptr) return std::nullopt;
        return decode_scalar<kind_of(T)>(bytes_view{static_cast<const byte*>(a->pValue), a->ulValueLen});
    }
    template <attribute_type T>
        requires(kind_of(T) == value_kind::attribute_array)
    [[nodiscard]] std::optional<template_view> get(attribute_key<T>) const {
        const auto* a = find(T);
        if (a == nullptr) return std::nullopt;
        return template_view{{static_cast<const abi::CK_ATTRIBUTE*>(a->pValue), a->ulValueLen / sizeof(abi::CK_ATTRIBUTE)}};
    }

private:
    std::span<const abi::CK_ATTRIBUTE> attrs_{};
};

namespace detail {

// RFC 3629 UTF-8 (the RFC 2279 strings of Cryptoki, minus what 3629 outlawed):
// no overlong forms, no surrogates, nothing above U+10FFFF.
[[nodiscard]] constexpr bool is_utf8(bytes_view s) {
    std::size_t i = 0;
    while (i < s.size()) {
        const byte c = s[i];
        std::size_t extra;
        std::uint32_t cp;
        if (c < 0x80) {
            ++i;
            continue;
        } else if ((c & 0xE0) == 0xC0) {
            extra = 1;
            cp = c & 0x1F;
        } else if ((c & 0xF0) == 0xE0) {
            extra = 2;
            cp = c & 0x0F;
        } else if ((c & 0xF8) == 0xF0) {
            extra = 3;
            cp = c & 0x07;
        } else {
            return false;
        }
        if (s.size() - i <= extra) return false;
        for (std::size_t k = 1; k <= extra; ++k) {
            if ((s[i + k] & 0xC0) != 0x80) return false;
            cp = (cp << 6) | (s[i + k] & 0x3F);
        }
        constexpr std::uint32_t smallest[4] = {0, 0x80, 0x800, 0x10000};
        if (cp < smallest[extra] || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return false;
        i += extra + 1;
    }
    return true;
}

inline constexpr std::size_t attribute_row_count = constant_family<attribute_type>::rows.size();

[[nodiscard]] inline rv check_value(const abi::CK_ATTRIBUTE& a, value_kind kind, const template_rules& rules,
                                    unsigned depth);

[[nodiscard]] inline rv check_level(const abi::CK_ATTRIBUTE* attrs, std::size_t count, const template_rules& rules,
                                    unsigned depth) {
    if (count > rules.max_count) return rv::template_inconsistent;
    // A plain bit array, not std::bitset: bitset::test and set check their
    // index by throwing std::out_of_range, which drags the exception runtime
    // and malloc into a firmware image although the index is always in range.
    std::uint32_t seen[(attribute_row_count + 31) / 32]{};
    for (std::size_t i = 0; i < count; ++i) {
        const auto& a = attrs[i];
        const auto type = static_cast<attribute_type>(a.type);
        const auto row = index_of(type);
        value_kind kind = value_kind::bytes;
        if (row != npos) {
            const auto& r = constant_family<attribute_type>::rows[row];
            if (!row_in<attribute_type>(r, rules.visible)) return rv::attribute_type_invalid;
            kind = r.kind;
        } else if (is_vendor_defined(type)) {
            if (!rules.accept_vendor) return rv::attribute_type_invalid;
        } else if (!rules.accept_unknown) {
            return rv::attribute_type_invalid;
        }
        if (const rv value_rv = check_value(a, kind, rules, depth); value_rv != rv::ok) return value_rv;
        if (rules.allow_duplicates) continue;
        if (row != npos) {
            const std::uint32_t bit = std::uint32_t{1} << (row % 32);
            if ((seen[row / 32] & bit) != 0) return rv::template_inconsistent;
            seen[row / 32] |= bit;
        } else {
            for (std::size_t j = 0; j < i; ++j)
                if (attrs[j].type == a.type) return rv::template_inconsistent;
        }
    }
    return rv::ok;
}

[[nodiscard]] inline rv check_value(const abi::CK_ATTRIBUTE& a, value_kind kind, const template_rules& rules,
                                    unsigned depth) {
    const auto len = a.ulValueLen;
    if (len == static_cast<abi::CK_ULONG>(-1)) return rv::attribute_value_invalid;  // CK_UNAVAILABLE_INFORMATION
    if (len > rules.max_value_length) return rv::attribute_value_invalid;
    if (a.pValue == nullptr && len != 0) return rv::attribute_value_invalid;
    const bytes_view v{static_cast<const byte*>(a.pValue), a.pValue ? len : 0};
    switch (kind) {
    case value_kind::boolean:
        return (len == 1 && v[0] <= 1) ? rv::ok : rv::attribute_value_invalid;
    case value_kind::date:
        // An empty CK_DATE is allowed: it means "no date" (CKA_START_DATE default).
        if (len == 0) return rv::ok;
        return decode_date(v) ? rv::ok : rv::attribute_value_invalid;
    case value_kind::utf8:
        return (!rules.validate_utf8 || is_utf8(v)) ? rv::ok : rv::attribute_value_invalid;
    case value_kind::bytes:
    case value_kind::big_integer:
    case value_kind::der:
        return rv::ok;
    case value_kind::mechanism_array:
    case value_kind::ulong_array:
        return len % sizeof(ck_ulong) == 0 ? rv::ok : rv::attribute_value_invalid;
    case value_kind::version:
        return len == sizeof(abi::CK_VERSION) ? rv::ok : rv::attribute_value_invalid;
    case value_kind::attribute_array: {
        if (len % sizeof(abi::CK_ATTRIBUTE) != 0) return rv::attribute_value_invalid;
        if (depth >= rules.max_depth) return rv::attribute_value_invalid;
        const rv inner = check_level(static_cast<const abi::CK_ATTRIBUTE*>(a.pValue), len / sizeof(abi::CK_ATTRIBUTE),
                                     rules, depth + 1);
        // A fault inside a nested template is a fault of the outer attribute's value.
        return inner == rv::ok ? rv::ok
               : inner == rv::attribute_type_invalid || inner == rv::template_inconsistent ? rv::attribute_value_invalid
                                                                                             : inner;
    }
    default:  // the CK_ULONG kinds
        return len == sizeof(ck_ulong) ? rv::ok : rv::attribute_value_invalid;
    }
}

} // namespace detail

// Validates a caller's template and returns a view of it, or the precise CKR.
[[nodiscard]] inline result<template_view> parse_template(const abi::CK_ATTRIBUTE* attrs, abi::CK_ULONG count,
                                                          const template_rules& rules = {}) {
    if (attrs == nullptr && count != 0) return rv::arguments_bad;
    if (count == 0) return template_view{};
    if (const rv r = detail::check_level(attrs, count, rules, 0); r != rv::ok) return r;
    return template_view{{attrs, count}};
}

} // namespace p11
