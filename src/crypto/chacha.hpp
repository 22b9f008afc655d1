// ChaCha20-Poly1305 (RFC 8439: 256-bit key, 96-bit nonce, 128-bit tag), as
// the streaming cipher of aes.hpp: the tag appended to the ciphertext when
// encrypting, expected at its end when decrypting, no plaintext released
// before it is verified.  Backends that lack it (CNG) give no key and say
// so in capabilities.hpp.
#pragma once

#include <memory>

#include "crypto/aes.hpp"

namespace p11::crypto {

inline constexpr std::size_t chacha20_key_bytes = 32, chacha20_poly1305_nonce_bytes = 12,
                             chacha20_poly1305_tag_bytes = 16;

// A ChaCha20 key prepared once, as aes_key: what a backend can make ahead
// (OpenSSL: keyed EVP_CIPHER_CTXs, pooled per direction) is made on first
// use and kept, so that an operation only loads its nonce and AAD.  Safe to
// use from several threads at once; every cipher made from it keeps it
// alive.  The key and the contexts are wiped when the last reference goes.
class chacha20_key {
public:
    virtual ~chacha20_key() = default;
};
using chacha20_key_ptr = std::shared_ptr<const chacha20_key>;

// nullptr for a key not 32 bytes long, or a backend without ChaCha20.
[[nodiscard]] chacha20_key_ptr load_chacha20_key(bytes_view key);

// nullptr for a null key or a nonce of another length.
[[nodiscard]] std::unique_ptr<cipher> make_chacha20_poly1305(const chacha20_key_ptr& key, bytes_view nonce,
                                                             bytes_view aad, direction d);

} // namespace p11::crypto
