// AES in the modes the software token offers, and key wrap (RFC 3394 / 5649,
// written here on the raw block cipher: Debian's mbedTLS lacks NIST_KW).
#pragma once

#include <cstddef>
#include <memory>

#include "crypto/error.hpp"
#include "crypto/types.hpp"

namespace p11::crypto {

enum class direction : std::uint8_t { encrypt, decrypt };

// A streaming AES mode.  update() may hold back data (a partial block, the
// last block of CBC-PAD decryption, all of GCM decryption until the tag is
// checked); finish() releases the rest.
// Sizes: update(in) writes at most max_update_output(in.size()) and finish()
// at most max_finish_output(), each asked just before the call; and
// max_update_output(n) + max_finish_output(), asked before an update, bounds
// that update and the finish() after it together, so a single-part caller
// (C_Encrypt) can size one buffer up front.  A bound may exceed the output
// (GCM decryption writes nothing in update()).  `in` and `out` of one call
// must not overlap.
class cipher {
public:
    virtual ~cipher() = default;
    [[nodiscard]] virtual std::size_t max_update_output(std::size_t input) const = 0;
    [[nodiscard]] virtual std::size_t max_finish_output() const = 0;
    // Returns the bytes written to out, or an error status.
    virtual status update(bytes_view in, byte* out, std::size_t& written) = 0;
    virtual status finish(byte* out, std::size_t& written) = 0;
    // AEAD: starts over with another IV and AAD (the same key, direction and
    // tag length), dropping whatever the last message left, so that a caller
    // with many messages (the 3.0 message-based functions) keeps one keyed
    // context instead of borrowing one and allocating a cipher per message.
    // False where a backend cannot (the caller then makes a new cipher).
    virtual bool restart(bytes_view /*iv*/, bytes_view /*aad*/) { return false; }
};

// An AES key prepared once: a backend builds its key schedules (OpenSSL: keyed
// EVP_CIPHER_CTXs) on first use per mode and direction and keeps them in
// small pools, so that later operations on the same key only reset an IV.
// Safe to use from several threads at once; every cipher made from it keeps
// it alive.  Backends free the schedules with their wiping free functions.
class aes_key {
public:
    virtual ~aes_key() = default;
    [[nodiscard]] virtual std::size_t key_bytes() const = 0;
};
using aes_key_ptr = std::shared_ptr<const aes_key>;

// nullptr unless the key is 16, 24 or 32 bytes long.
[[nodiscard]] aes_key_ptr load_aes_key(bytes_view key);

// ECB and CBC need whole blocks; CBC-PAD adds/removes PKCS #7 padding.
[[nodiscard]] std::unique_ptr<cipher> make_aes_ecb(const aes_key_ptr& key, direction d);
[[nodiscard]] std::unique_ptr<cipher> make_aes_cbc(const aes_key_ptr& key, bytes_view iv16, direction d,
                                                   bool pkcs7_padding);
// CTR with the counter in the low `counter_bits` bits of the 16-byte block
// (CK_AES_CTR_PARAMS); the bits above never change.  Needing a block past
// the field's all-ones value (a wrap) is an error (invalid_input), reported
// before that update writes anything.  nullptr for counter_bits outside 1..128.
[[nodiscard]] std::unique_ptr<cipher> make_aes_ctr(const aes_key_ptr& key, bytes_view counter_block16,
                                                   unsigned counter_bits, direction d);
// GCM (NIST SP 800-38D): IV of any non-zero length (both backends; the module
// admits 1..256 bytes, as PKCS #11 does), tag of 4..16 bytes appended
// to the ciphertext on encryption and expected at its end on decryption.
[[nodiscard]] std::unique_ptr<cipher> make_aes_gcm(const aes_key_ptr& key, bytes_view iv, bytes_view aad,
                                                   std::size_t tag_bytes, direction d);

// The same for a key used once (the store's sealing, tests): nullptr also for
// a key of the wrong length.
[[nodiscard]] std::unique_ptr<cipher> make_aes_ecb(bytes_view key, direction d);
[[nodiscard]] std::unique_ptr<cipher> make_aes_cbc(bytes_view key, bytes_view iv16, direction d, bool pkcs7_padding);
[[nodiscard]] std::unique_ptr<cipher> make_aes_ctr(bytes_view key, bytes_view counter_block16,
                                                   unsigned counter_bits, direction d);
[[nodiscard]] std::unique_ptr<cipher> make_aes_gcm(bytes_view key, bytes_view iv, bytes_view aad,
                                                   std::size_t tag_bytes, direction d);

// RFC 3394 (no padding; input a multiple of 8 bytes, at least 16) and
// RFC 5649 (with padding; any non-empty input).  `iv` overrides the default
// initial value (8 bytes for 3394, 4 for 5649) when not empty.  A null or
// wrongly sized key encryption key is invalid_key.
[[nodiscard]] status aes_key_wrap(const aes_key_ptr& kek, bytes_view key, bytes_view iv, bytes& out);
[[nodiscard]] status aes_key_unwrap(const aes_key_ptr& kek, bytes_view wrapped, bytes_view iv, secure_bytes& out);
[[nodiscard]] status aes_key_wrap_pad(const aes_key_ptr& kek, bytes_view key, bytes_view iv, bytes& out);
[[nodiscard]] status aes_key_unwrap_pad(const aes_key_ptr& kek, bytes_view wrapped, bytes_view iv, secure_bytes& out);
[[nodiscard]] status aes_key_wrap(bytes_view kek, bytes_view key, bytes_view iv, bytes& out);
[[nodiscard]] status aes_key_unwrap(bytes_view kek, bytes_view wrapped, bytes_view iv, secure_bytes& out);
[[nodiscard]] status aes_key_wrap_pad(bytes_view kek, bytes_view key, bytes_view iv, bytes& out);
[[nodiscard]] status aes_key_unwrap_pad(bytes_view kek, bytes_view wrapped, bytes_view iv, secure_bytes& out);

} // namespace p11::crypto
