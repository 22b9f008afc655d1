// The token's random generator: a DRBG seeded from the OS, safe from any thread.
#pragma once

#include "crypto/error.hpp"
#include "crypto/types.hpp"

namespace p11::crypto {

[[nodiscard]] status random_bytes(std::span<byte> out) noexcept;
// Mixes caller-supplied bytes into the generator (C_SeedRandom).
[[nodiscard]] status add_entropy(bytes_view seed) noexcept;
// Re-seeds after fork() so parent and child never share a random stream.
void reseed_after_fork() noexcept;

} // namespace p11::crypto
