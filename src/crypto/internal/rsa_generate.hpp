// The checks of generate_rsa()'s parameters (rsa.hpp), the same for every
// backend: an even size of 1024..4096 bits (mbedTLS needs it even) and an
// odd public exponent of at least 3 below 2^31 (mbedtls_rsa_gen_key takes
// an int), 65537 when none is given.
#pragma once

#include <cstddef>
#include <optional>

#include "crypto/types.hpp"

namespace p11::crypto::internal {

// The exponent to generate with, or nullopt when the parameters are refused.
[[nodiscard]] std::optional<int> rsa_generation_exponent(std::size_t bits, bytes_view public_exponent) noexcept;

} // namespace p11::crypto::internal
