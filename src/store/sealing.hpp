// The store's uses of the crypto layer: AES-256-GCM sealing of record parts
// under the token key, SHA-256 checksums, random bytes.  Failures of the
// backend itself (RNG, allocation) become CKR_FUNCTION_FAILED; a failed
// authentication is not an error here but an empty answer.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <span>
#include <vector>

#include "p11/result.hpp"
#include "p11/secure.hpp"

namespace p11::store::detail {

inline constexpr std::size_t token_key_bytes = 32;  // AES-256
inline constexpr std::size_t nonce_bytes = 12;
inline constexpr std::size_t tag_bytes = 16;
inline constexpr std::size_t digest_bytes = 32;
using digest = std::array<std::uint8_t, digest_bytes>;

[[nodiscard]] result<void> random_fill(std::span<std::uint8_t> out);
[[nodiscard]] digest sha256(std::span<const std::uint8_t> data);

// Appends nonce || ciphertext || tag to `out`.  The nonce is random: the
// token key lives for the token's lifetime and no write counter survives
// every crash, so a counter nonce could repeat; 96 random bits cannot within
// any plausible number of writes.
[[nodiscard]] result<void> seal(std::span<const std::uint8_t> key, std::span<const std::uint8_t> aad,
                                std::span<const std::uint8_t> plaintext, std::vector<std::uint8_t>& out);
// nullopt when the sealed bytes or the associated data were altered, or the
// key is not the one that sealed them.
[[nodiscard]] std::optional<secure_bytes> unseal(std::span<const std::uint8_t> key, std::span<const std::uint8_t> aad,
                                                 std::span<const std::uint8_t> sealed);
[[nodiscard]] constexpr std::size_t sealed_size(std::size_t plaintext) { return nonce_bytes + plaintext + tag_bytes; }

} // namespace p11::store::detail
