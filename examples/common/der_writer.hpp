// Just enough DER writing for the examples to make X.509 certificates: each
// function returns one complete TLV, so a structure reads like its ASN.1.
#pragma once

#include <cstdint>
#include <initializer_list>
#include <span>
#include <string_view>
#include <vector>

namespace example::der_out {

using bytes = std::vector<std::uint8_t>;
using bytes_view = std::span<const std::uint8_t>;

inline bytes tlv(std::uint8_t tag, bytes_view value) {
    const std::size_t n = value.size();
    std::size_t length_bytes = 0;
    for (std::size_t v = n; v; v >>= 8) ++length_bytes;
    bytes out;
    out.reserve(2 + length_bytes + n);
    out.push_back(tag);
    if (n < 0x80) {
        out.push_back(static_cast<std::uint8_t>(n));
    } else {
        out.push_back(static_cast<std::uint8_t>(0x80 | length_bytes));
        for (std::size_t i = length_bytes; i-- > 0;) out.push_back(static_cast<std::uint8_t>(n >> (8 * i)));
    }
    out.insert(out.end(), value.begin(), value.end());
    return out;
}

inline bytes concat(std::initializer_list<bytes_view> parts) {
    bytes out;
    for (auto p : parts) out.insert(out.end(), p.begin(), p.end());
    return out;
}

inline bytes sequence(std::initializer_list<bytes_view> parts) { return tlv(0x30, concat(parts)); }
inline bytes set(std::initializer_list<bytes_view> parts) { return tlv(0x31, concat(parts)); }
inline bytes explicit_tag(unsigned n, bytes_view inner) { return tlv(static_cast<std::uint8_t>(0xa0 | n), inner); }
inline bytes octet_string(bytes_view v) { return tlv(0x04, v); }
inline bytes null() { return {0x05, 0x00}; }
inline bytes boolean(bool v) { return {0x01, 0x01, static_cast<std::uint8_t>(v ? 0xff : 0x00)}; }
inline bytes oid(bytes_view encoded_arcs) { return tlv(0x06, encoded_arcs); }
inline bytes utf8(std::string_view s) {
    return tlv(0x0c, bytes_view{reinterpret_cast<const std::uint8_t*>(s.data()), s.size()});
}

// A non-negative INTEGER from big-endian magnitude bytes (a CKA_MODULUS, say):
// DER wants no redundant leading zeros, and one zero when the top bit is set
// so that the value does not read as negative.
inline bytes unsigned_integer(bytes_view magnitude) {
    std::size_t skip = 0;
    while (skip + 1 < magnitude.size() && magnitude[skip] == 0) ++skip;
    const auto rest = magnitude.subspan(skip);
    bytes v;
    v.reserve(rest.size() + 1);
    if (rest.empty() || (rest[0] & 0x80)) v.push_back(0);
    v.insert(v.end(), rest.begin(), rest.end());
    return tlv(0x02, v);
}
inline bytes small_integer(std::uint64_t n) {
    bytes magnitude;
    for (int shift = 56; shift >= 0; shift -= 8) magnitude.push_back(static_cast<std::uint8_t>(n >> shift));
    return unsigned_integer(magnitude);
}

// BIT STRING with the byte-aligned content `v` (a public key, a signature).
inline bytes bit_string(bytes_view v) { return tlv(0x03, concat({bytes{0x00}, v})); }
// A one-byte named-bit list (keyUsage): DER counts the unused trailing zero bits.
inline bytes named_bits(std::uint8_t first_byte) {
    std::uint8_t unused = 0;
    while (unused < 7 && !(first_byte & (1u << unused))) ++unused;
    return tlv(0x03, bytes{unused, first_byte});
}

} // namespace example::der_out
