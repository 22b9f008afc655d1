// Message digests and MACs (streaming).  A step fails only when the backend
// does: std::bad_alloc if it ran out of memory, crypto::backend_failure
// otherwise (backend_error.hpp).
#pragma once

#include <cstddef>
#include <memory>
#include <optional>

#include "crypto/error.hpp"
#include "crypto/types.hpp"

namespace p11::crypto {

// SHA-3 (FIPS 202) only where the backend has it (capabilities.hpp: sha3);
// elsewhere making one fails as `unsupported`.
enum class hash_alg : std::uint8_t { sha1, sha224, sha256, sha384, sha512, sha3_224, sha3_256, sha3_384, sha3_512 };
inline constexpr std::size_t hash_alg_count = 9;
[[nodiscard]] constexpr bool is_sha3(hash_alg h) noexcept { return h >= hash_alg::sha3_224; }

[[nodiscard]] std::size_t digest_size(hash_alg h) noexcept;
[[nodiscard]] std::size_t block_size(hash_alg h) noexcept;
// The DER DigestInfo prefix of PKCS #1 v1.5 signatures for this hash.
[[nodiscard]] bytes_view digest_info_prefix(hash_alg h) noexcept;

class hash {
public:
    virtual ~hash() = default;
    virtual void update(bytes_view data) = 0;
    // Writes digest_size() bytes; the object is then spent.
    virtual void finish(byte* out) = 0;
    [[nodiscard]] virtual std::unique_ptr<hash> clone() const = 0;
    [[nodiscard]] virtual hash_alg algorithm() const = 0;
};
[[nodiscard]] std::unique_ptr<hash> make_hash(hash_alg h);
// One-shot convenience.
void digest(hash_alg h, bytes_view data, byte* out);

// HMAC (RFC 2104) and AES-CMAC (NIST SP 800-38B).
class mac {
public:
    virtual ~mac() = default;
    virtual void update(bytes_view data) = 0;
    // Writes size() bytes.
    virtual void finish(byte* out) = 0;
    [[nodiscard]] virtual std::size_t size() const = 0;
    // Back to the state right after keying: the key stays, any data fed since
    // is dropped.  Lets a prepared key (below) reuse a keyed context.
    virtual void reset() = 0;
};
[[nodiscard]] std::unique_ptr<mac> make_hmac(hash_alg h, bytes_view key);
// Key of 16, 24 or 32 bytes; nullptr otherwise.
[[nodiscard]] std::unique_ptr<mac> make_aes_cmac(bytes_view key);

// A MAC key prepared once: keyed contexts (HMAC's padded keys, CMAC's
// subkeys) are made on first use, pooled, and lent to one operation after
// another, reset; safe to use from several threads at once.  Every mac made
// from it keeps it alive.
class mac_key {
public:
    virtual ~mac_key() = default;
    [[nodiscard]] virtual std::size_t size() const = 0;  // of the MAC
};
using mac_key_ptr = std::shared_ptr<const mac_key>;
[[nodiscard]] mac_key_ptr load_hmac_key(hash_alg h, bytes_view key);
// nullptr unless the key is 16, 24 or 32 bytes long.
[[nodiscard]] mac_key_ptr load_aes_cmac_key(bytes_view key);
// nullptr for a null key.
[[nodiscard]] std::unique_ptr<mac> make_mac(const mac_key_ptr& key);

// PBKDF2 (RFC 8018) with HMAC-h.
[[nodiscard]] status pbkdf2(hash_alg h, bytes_view password, bytes_view salt, std::uint32_t iterations,
                            std::span<byte> out);

} // namespace p11::crypto
