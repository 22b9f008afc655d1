// Constant-time helpers for the unpadding code that every backend shares.
#pragma once

namespace p11::crypto::internal {

// All ones when a == b, else zero; no branch on the values.
constexpr unsigned mask_equal(unsigned a, unsigned b) {
    const unsigned x = a ^ b;
    return (((x | (0u - x)) >> (sizeof(unsigned) * 8 - 1)) & 1u) - 1u;
}

} // namespace p11::crypto::internal
