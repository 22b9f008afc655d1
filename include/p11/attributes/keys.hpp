// Typed attribute keys: p11::attr::label, p11::attr::sign, ... one per CKA_
// row, generated from the table.  Assigning to a key makes a value whose C++
// type the table decides, so `p11::attr::sign = true` compiles and
// `p11::attr::sign = "yes"` does not.
#pragma once

#include <array>
#include <concepts>
#include <cstddef>
#include <span>
#include <string_view>
#include <type_traits>

#include "p11/attributes/value.hpp"

namespace p11 {

class attribute_template;

// A value with its bytes inline: what fixed_template is made of.
template <attribute_type Type, std::size_t N>
struct inline_value {
    static constexpr attribute_type type = Type;
    static constexpr std::size_t size = N;
    std::array<byte, N> bytes{};
    [[nodiscard]] constexpr bytes_view view() const { return {bytes.data(), N}; }
};

// A value that refers to the caller's bytes (a runtime string or buffer).
// Only owning templates accept it; they copy the bytes in.
template <attribute_type Type>
struct borrowed_value {
    static constexpr attribute_type type = Type;
    bytes_view bytes;
};

// CKA_WRAP_TEMPLATE and friends: a nested template, copied by the owner.
template <attribute_type Type>
struct nested_value {
    static constexpr attribute_type type = Type;
    const attribute_template* nested;
};

// V is exactly the C++ type of scalar kind K.  A concept, so that the
// nested type is only looked at for scalar kinds (clang substitutes eagerly
// inside a plain requires-clause).
template <class V, value_kind K>
concept scalar_value_of = kind_traits<K>::scalar && std::same_as<V, typename kind_traits<K>::type>;

template <attribute_type Type>
struct attribute_key {
    static constexpr attribute_type type = Type;
    static constexpr value_kind kind = kind_of(Type);

    // Scalars: exactly the table's type (no int -> bool, no key_type -> object_class).
    template <scalar_value_of<kind> V>
    constexpr auto operator=(V v) const {
        inline_value<Type, kind_traits<kind>::size> out;
        encode_scalar<kind>(v, out.bytes.data());
        return out;
    }
    // CK_ULONG counts and sizes also take any non-bool integer.
    template <std::integral V>
        requires(kind == value_kind::ulong && !std::same_as<V, bool> && !std::same_as<V, ck_ulong> &&
                 !std::same_as<V, char>)
    constexpr auto operator=(V v) const {
        inline_value<Type, sizeof(ck_ulong)> out;
        encode_ulong(static_cast<ck_ulong>(v), out.bytes.data());
        return out;
    }
    // Strings from literals keep their size in the type (no terminating NUL).
    template <std::size_t N>
        requires(kind == value_kind::utf8)
    constexpr auto operator=(const char (&s)[N]) const {
        inline_value<Type, N - 1> out;
        for (std::size_t i = 0; i + 1 < N; ++i) out.bytes[i] = static_cast<byte>(s[i]);
        return out;
    }
    template <class S>
        requires(kind == value_kind::utf8 && std::is_convertible_v<const S&, std::string_view> &&
                 !std::is_array_v<S>)
    constexpr borrowed_value<Type> operator=(const S& s) const {
        const std::string_view v = s;
        return {bytes_view{reinterpret_cast<const byte*>(v.data()), v.size()}};
    }
    // Byte strings: a std::array keeps its size in the type, a span does not.
    template <std::size_t N>
        requires(kind == value_kind::bytes || kind == value_kind::big_integer || kind == value_kind::der)
    constexpr auto operator=(const std::array<byte, N>& b) const {
        return inline_value<Type, N>{b};
    }
    template <std::size_t E>
        requires(kind == value_kind::bytes || kind == value_kind::big_integer || kind == value_kind::der)
    constexpr borrowed_value<Type> operator=(std::span<const byte, E> b) const {
        return {bytes_view{b.data(), b.size()}};
    }
    // CKA_ALLOWED_MECHANISMS: an array of CK_MECHANISM_TYPE.
    template <std::size_t N>
        requires(kind == value_kind::mechanism_array)
    constexpr auto operator=(const std::array<mechanism_type, N>& list) const {
        inline_value<Type, N * sizeof(ck_ulong)> out;
        for (std::size_t i = 0; i < N; ++i) encode_ulong(static_cast<ck_ulong>(list[i]), out.bytes.data() + i * sizeof(ck_ulong));
        return out;
    }
    constexpr nested_value<Type> operator=(const attribute_template& t) const
        requires(kind == value_kind::attribute_array)
    {
        return {&t};
    }
};

// The keys themselves, one per row and alias of the CKA_ table.
namespace attr {
#define P11_ATTRIBUTE_KEY(id, NAME, value, since, deprecated, kind, rules) \
    inline constexpr attribute_key<attribute_type::id> id{};
#define P11_ATTRIBUTE_ALIAS_KEY(id, NAME, canonical, since, deprecated) \
    inline constexpr attribute_key<attribute_type::canonical> id{};
P11_ATTRIBUTE_ROWS(P11_ATTRIBUTE_KEY)
P11_ATTRIBUTE_ALIASES(P11_ATTRIBUTE_ALIAS_KEY)
#undef P11_ATTRIBUTE_KEY
#undef P11_ATTRIBUTE_ALIAS_KEY
} // namespace attr

} // namespace p11
