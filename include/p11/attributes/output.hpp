// The output side of C_GetAttributeValue, written once.
//
// For every entry of the caller's template (PKCS #11 base spec, C_GetAttributeValue):
//   1. the value cannot be revealed (sensitive / unextractable)
//        -> ulValueLen = CK_UNAVAILABLE_INFORMATION, rv CKR_ATTRIBUTE_SENSITIVE
//   2. the object has no such attribute
//        -> ulValueLen = CK_UNAVAILABLE_INFORMATION, rv CKR_ATTRIBUTE_TYPE_INVALID
//   3. pValue is NULL        -> ulValueLen = exact length (a length query)
//   4. the buffer is big enough -> value copied, ulValueLen = exact length
//   5. otherwise             -> ulValueLen = CK_UNAVAILABLE_INFORMATION, rv CKR_BUFFER_TOO_SMALL
// Every entry is processed even after a failure.  When several codes apply the
// spec lets a module return any; we return them in the spec's own order of
// cases: SENSITIVE, then TYPE_INVALID, then BUFFER_TOO_SMALL.
//
// Attribute arrays (CKF_ARRAY_ATTRIBUTE, e.g. CKA_WRAP_TEMPLATE) follow the same
// rules one level down: a NULL pValue asks for count * sizeof(CK_ATTRIBUTE); a
// caller-supplied array of at least that many entries receives the types, and
// each entry's value is filled by the rules above.
#pragma once

#include <cstddef>
#include <span>

#include "p11/abi/types.hpp"
#include "p11/attributes/value.hpp"
#include "p11/constants/rv.hpp"

namespace p11 {

// What an object answers for one attribute type.
class attribute_answer {
public:
    enum class state : std::uint8_t { value, array, sensitive, absent };

    static constexpr attribute_answer of(bytes_view v) { return {state::value, v, {}}; }
    static constexpr attribute_answer of_array(std::span<const abi::CK_ATTRIBUTE> a) { return {state::array, {}, a}; }
    static constexpr attribute_answer sensitive() { return {state::sensitive, {}, {}}; }
    static constexpr attribute_answer absent() { return {state::absent, {}, {}}; }

    [[nodiscard]] constexpr state status() const { return state_; }
    [[nodiscard]] constexpr bytes_view bytes() const { return bytes_; }
    [[nodiscard]] constexpr std::span<const abi::CK_ATTRIBUTE> nested() const { return nested_; }

private:
    constexpr attribute_answer(state s, bytes_view b, std::span<const abi::CK_ATTRIBUTE> n)
        : state_(s), bytes_(b), nested_(n) {}
    state state_;
    bytes_view bytes_;
    std::span<const abi::CK_ATTRIBUTE> nested_;
};

// Collects the per-entry outcomes and yields the one code to return.
class attribute_outcome {
public:
    constexpr void sensitive() { sensitive_ = true; }
    constexpr void invalid() { invalid_ = true; }
    constexpr void too_small() { too_small_ = true; }
    constexpr void merge(const attribute_outcome& o) {
        sensitive_ |= o.sensitive_;
        invalid_ |= o.invalid_;
        too_small_ |= o.too_small_;
    }
    [[nodiscard]] constexpr rv code() const {
        if (sensitive_) return rv::attribute_sensitive;
        if (invalid_) return rv::attribute_type_invalid;
        if (too_small_) return rv::buffer_too_small;
        return rv::ok;
    }

private:
    bool sensitive_ = false, invalid_ = false, too_small_ = false;
};

namespace detail {
inline constexpr abi::CK_ULONG unavailable_length = static_cast<abi::CK_ULONG>(-1);

inline void copy_bytes(void* dst, bytes_view src) {
    auto* d = static_cast<byte*>(dst);
    for (std::size_t i = 0; i < src.size(); ++i) d[i] = src[i];
}

// Fills one caller entry from an answer.  `depth` bounds nested arrays.
inline void fill_one(abi::CK_ATTRIBUTE& out, const attribute_answer& answer, attribute_outcome& outcome,
                     unsigned depth) {
    switch (answer.status()) {
    case attribute_answer::state::sensitive:
        out.ulValueLen = unavailable_length;
        outcome.sensitive();
        return;
    case attribute_answer::state::absent:
        out.ulValueLen = unavailable_length;
        outcome.invalid();
        return;
    case attribute_answer::state::value: {
        const auto v = answer.bytes();
        if (out.pValue == nullptr) {
            out.ulValueLen = static_cast<abi::CK_ULONG>(v.size());
        } else if (out.ulValueLen >= v.size()) {
            copy_bytes(out.pValue, v);
            out.ulValueLen = static_cast<abi::CK_ULONG>(v.size());
        } else {
            out.ulValueLen = unavailable_length;
            outcome.too_small();
        }
        return;
    }
    case attribute_answer::state::array: {
        const auto ours = answer.nested();
        const auto needed = static_cast<abi::CK_ULONG>(ours.size() * sizeof(abi::CK_ATTRIBUTE));
        if (out.pValue == nullptr) {
            out.ulValueLen = needed;
            return;
        }
        if (out.ulValueLen < needed || depth >= 4) {
            out.ulValueLen = unavailable_length;
            outcome.too_small();
            return;
        }
        auto* theirs = static_cast<abi::CK_ATTRIBUTE*>(out.pValue);
        for (std::size_t i = 0; i < ours.size(); ++i) {
            theirs[i].type = ours[i].type;
            fill_one(theirs[i], attribute_answer::of({static_cast<const byte*>(ours[i].pValue), ours[i].ulValueLen}),
                     outcome, depth + 1);
        }
        out.ulValueLen = needed;
        return;
    }
    }
}
} // namespace detail

// Applies the rules to a caller's template.  `lookup(attribute_type)` returns
// an attribute_answer for the object being read.
template <class Lookup>
[[nodiscard]] rv fill_attribute_values(abi::CK_ATTRIBUTE* tmpl, abi::CK_ULONG count, Lookup&& lookup) {
    if (tmpl == nullptr && count != 0) return rv::arguments_bad;
    attribute_outcome outcome;
    for (abi::CK_ULONG i = 0; i < count; ++i)
        detail::fill_one(tmpl[i], lookup(static_cast<attribute_type>(tmpl[i].type)), outcome, 0);
    return outcome.code();
}

} // namespace p11
