// ChaCha20-Poly1305 (RFC 8439: 256-bit key, 96-bit nonce, 128-bit tag), as
// the streaming cipher of aes.hpp: the tag appended to the ciphertext when
// encrypting, expected at its end when decrypting, no plaintext released
// before it is verified.  Backends that lack it (CNG) return nullptr and say
// so in capabilities.hpp.
#pragma once

#include <memory>

#include "crypto/aes.hpp"

namespace p11::crypto {

inline constexpr std::size_t chacha20_key_bytes = 32, chacha20_poly1305_nonce_bytes = 12,
                             chacha20_poly1305_tag_bytes = 16;

// nullptr for a key or a nonce of another length, or a backend without it.
[[nodiscard]] std::unique_ptr<cipher> make_chacha20_poly1305(bytes_view key, bytes_view nonce, bytes_view aad,
                                                             direction d);

} // namespace p11::crypto
