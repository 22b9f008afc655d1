// How each value_kind looks in C++ and in bytes: the mapping every typed
// attribute (p11::attr::label, p11::attr::modulus ...) is built on.  Encoding
// and decoding are constexpr and heap-free.
#pragma once

#include <array>
#include <bit>
#include <concepts>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <optional>
#include <span>
#include <string_view>

#include "p11/abi/types.hpp"
#include "p11/constants/attribute.hpp"
#include "p11/constants/key_type.hpp"
#include "p11/constants/mechanism.hpp"
#include "p11/constants/object_class.hpp"

namespace p11 {

using byte = std::uint8_t;
using bytes_view = std::span<const byte>;

// A calendar date as Cryptoki stores it (CK_DATE: "YYYY" "MM" "DD" in ASCII).
struct date {
    std::uint16_t year = 0;
    std::uint8_t month = 0;
    std::uint8_t day = 0;
    friend constexpr bool operator==(const date&, const date&) = default;

    [[nodiscard]] constexpr bool valid() const {
        if (year > 9999 || month < 1 || month > 12 || day < 1) return false;
        constexpr std::uint8_t days[] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
        if (day > days[month - 1]) return false;
        const bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
        return !(month == 2 && day == 29 && !leap);
    }
};

// C++ type of a scalar kind's value.  Scalars have a fixed encoded size;
// everything else is a variable-length byte string or array.
template <value_kind K>
struct kind_traits {
    static constexpr bool scalar = false;
};
template <>
struct kind_traits<value_kind::boolean> {
    static constexpr bool scalar = true;
    using type = bool;
    static constexpr std::size_t size = sizeof(abi::CK_BBOOL);
};
template <>
struct kind_traits<value_kind::date> {
    static constexpr bool scalar = true;
    using type = date;
    static constexpr std::size_t size = sizeof(abi::CK_DATE);
};

namespace detail {
template <class T>
struct ulong_kind {
    static constexpr bool scalar = true;
    using type = T;
    static constexpr std::size_t size = sizeof(ck_ulong);
};
} // namespace detail

template <> struct kind_traits<value_kind::ulong> : detail::ulong_kind<ck_ulong> {};
template <> struct kind_traits<value_kind::object_class> : detail::ulong_kind<object_class> {};
template <> struct kind_traits<value_kind::key_type> : detail::ulong_kind<key_type> {};
template <> struct kind_traits<value_kind::mechanism_type> : detail::ulong_kind<mechanism_type> {};
template <> struct kind_traits<value_kind::certificate_type> : detail::ulong_kind<ck_ulong> {};
template <> struct kind_traits<value_kind::hw_feature_type> : detail::ulong_kind<ck_ulong> {};
template <> struct kind_traits<value_kind::certificate_category> : detail::ulong_kind<ck_ulong> {};
template <> struct kind_traits<value_kind::security_domain> : detail::ulong_kind<ck_ulong> {};
template <> struct kind_traits<value_kind::profile_id> : detail::ulong_kind<ck_ulong> {};
template <> struct kind_traits<value_kind::otp_format> : detail::ulong_kind<ck_ulong> {};
template <> struct kind_traits<value_kind::otp_requirement> : detail::ulong_kind<ck_ulong> {};

[[nodiscard]] constexpr bool is_scalar(value_kind k) {
    switch (k) {
    case value_kind::bytes:
    case value_kind::utf8:
    case value_kind::big_integer:
    case value_kind::der:
    case value_kind::attribute_array:
    case value_kind::mechanism_array:
    case value_kind::ulong_array:
    case value_kind::version: return false;
    default: return true;
    }
}

// Encoded size of a scalar kind (0 for variable-length kinds).
[[nodiscard]] constexpr std::size_t scalar_size(value_kind k) {
    if (k == value_kind::boolean) return sizeof(abi::CK_BBOOL);
    if (k == value_kind::date) return sizeof(abi::CK_DATE);
    return is_scalar(k) ? sizeof(ck_ulong) : 0;
}

// --- Encoding -----------------------------------------------------------
// Native byte order, as the C ABI lays a CK_ULONG out in memory.
constexpr void encode_ulong(ck_ulong v, byte* out) {
    for (std::size_t i = 0; i < sizeof(ck_ulong); ++i) {
        const std::size_t shift = std::endian::native == std::endian::little ? i : sizeof(ck_ulong) - 1 - i;
        out[i] = static_cast<byte>(v >> (8 * shift));
    }
}
[[nodiscard]] constexpr ck_ulong decode_ulong(const byte* in) {
    ck_ulong v = 0;
    for (std::size_t i = 0; i < sizeof(ck_ulong); ++i) {
        const std::size_t shift = std::endian::native == std::endian::little ? i : sizeof(ck_ulong) - 1 - i;
        v |= static_cast<ck_ulong>(in[i]) << (8 * shift);
    }
    return v;
}

constexpr void encode_date(const date& d, byte* out) {
    auto put = [&](unsigned v, int digits, int at) {
        for (int i = digits - 1; i >= 0; --i) {
            out[at + i] = static_cast<byte>('0' + v % 10);
            v /= 10;
        }
    };
    put(d.year, 4, 0);
    put(d.month, 2, 4);
    put(d.day, 2, 6);
}

// An empty value is the spec's "no date"; anything else must be 8 digits
// forming a real calendar date.
[[nodiscard]] constexpr std::optional<date> decode_date(bytes_view in) {
    if (in.size() != sizeof(abi::CK_DATE)) return std::nullopt;
    unsigned fields[3] = {0, 0, 0};
    constexpr int widths[3] = {4, 2, 2};
    std::size_t at = 0;
    for (int f = 0; f < 3; ++f) {
        for (int i = 0; i < widths[f]; ++i, ++at) {
            const byte c = in[at];
            if (c < '0' || c > '9') return std::nullopt;
            fields[f] = fields[f] * 10 + (c - '0');
        }
    }
    date d{static_cast<std::uint16_t>(fields[0]), static_cast<std::uint8_t>(fields[1]),
           static_cast<std::uint8_t>(fields[2])};
    if (!d.valid()) return std::nullopt;
    return d;
}

template <value_kind K>
    requires(kind_traits<K>::scalar)
constexpr void encode_scalar(const typename kind_traits<K>::type& v, byte* out) {
    if constexpr (K == value_kind::boolean) out[0] = v ? 1 : 0;
    else if constexpr (K == value_kind::date) encode_date(v, out);
    else encode_ulong(static_cast<ck_ulong>(v), out);
}

// Decodes a scalar; nullopt when the length or the content is wrong.
template <value_kind K>
    requires(kind_traits<K>::scalar)
[[nodiscard]] constexpr std::optional<typename kind_traits<K>::type> decode_scalar(bytes_view in) {
    using T = typename kind_traits<K>::type;
    if constexpr (K == value_kind::boolean) {
        if (in.size() != 1 || in[0] > 1) return std::nullopt;
        return in[0] == 1;
    } else if constexpr (K == value_kind::date) {
        return decode_date(in);
    } else {
        if (in.size() != sizeof(ck_ulong)) return std::nullopt;
        return static_cast<T>(decode_ulong(in.data()));
    }
}
// The same for a value a lookup may not have found: nullopt when absent.
template <value_kind K>
    requires(kind_traits<K>::scalar)
[[nodiscard]] constexpr std::optional<typename kind_traits<K>::type> decode_scalar(std::optional<bytes_view> in) {
    if (!in) return std::nullopt;
    return decode_scalar<K>(*in);
}

} // namespace p11
