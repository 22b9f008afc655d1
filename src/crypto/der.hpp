// The few DER shapes the crypto layer reads and writes itself (lengths,
// OCTET STRING around EC points, INTEGER, SubjectPublicKeyInfo pieces).
// Strict DER only: a non-minimal length is rejected, as DER demands.
#pragma once

#include <optional>

#include "crypto/types.hpp"

namespace p11::crypto::der {

inline constexpr byte tag_integer = 0x02;
inline constexpr byte tag_bit_string = 0x03;
inline constexpr byte tag_octet_string = 0x04;
inline constexpr byte tag_null = 0x05;
inline constexpr byte tag_oid = 0x06;
inline constexpr byte tag_sequence = 0x30;

void append_length(bytes& out, std::size_t length);
// tag || length || content
[[nodiscard]] bytes tlv(byte tag, bytes_view content);
// A non-negative INTEGER from a big-endian magnitude (leading zeros dropped,
// a 00 added when the top bit is set).
[[nodiscard]] bytes unsigned_integer(bytes_view magnitude);

struct element {
    byte tag;
    bytes_view content;
    std::size_t encoded_size;  // header + content
};
// The first element of `in` (single-byte tag, definite minimal length).
[[nodiscard]] std::optional<element> read(bytes_view in);
// `in` is exactly one element with this tag; its content.
[[nodiscard]] std::optional<bytes_view> read_exact(bytes_view in, byte tag);

} // namespace p11::crypto::der
