// Constant-time helpers for the unpadding code that every backend (and every
// token unpadding a card's raw RSA result) shares.  Flags are 0/1 values,
// masks all-ones or zero; nothing here branches on its arguments.
#pragma once

#include <cstdint>

#include "crypto/types.hpp"

namespace p11::crypto::internal {

constexpr std::uint32_t is_zero(std::uint32_t x) { return ((x | (0u - x)) >> 31) ^ 1u; }
constexpr std::uint32_t equal(std::uint32_t a, std::uint32_t b) { return is_zero(a ^ b); }
constexpr std::uint32_t mask_of(std::uint32_t flag) { return 0u - flag; }
// 1 when a < b, for values below 2^31.
constexpr std::uint32_t less(std::uint32_t a, std::uint32_t b) { return (a - b) >> 31; }

// block[from..], where `from` is secret: the block is shifted left by `from`
// in log2(size) passes of masked moves over every byte, so the memory
// accesses do not depend on `from` (only the result's length does).
[[nodiscard]] secure_bytes tail_from_secret_offset(bytes_view block, std::uint32_t from);

} // namespace p11::crypto::internal
