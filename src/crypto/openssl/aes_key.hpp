// The OpenSSL prepared AES key: EVP_CIPHER_CTXs keyed once per mode and
// direction, pooled (internal/pool.hpp), and reset to a new IV per operation.
// Keying a context is most of the cost of a short AES operation on EVP: a
// context allocation, the key schedule and, for GCM, the GHASH table.
#pragma once

#include <array>
#include <optional>

#include "crypto/aes.hpp"
#include "crypto/internal/pool.hpp"
#include "crypto/openssl/handles.hpp"
#include "crypto/openssl/support.hpp"

namespace p11::crypto::ossl {

struct keyed_cipher {
    cipher_ctx ctx;  // EVP_CIPHER_CTX_free wipes the key schedule
    // GCM: the IV length the context is set to (OpenSSL's default is 96
    // bits), so that the usual 12-byte IV costs no parameter call.
    std::size_t gcm_iv_length = 12;
};

class evp_aes_key final : public aes_key {
public:
    explicit evp_aes_key(bytes_view key);
    [[nodiscard]] std::size_t key_bytes() const override { return key_.size(); }

    using lease = internal::context_pool<keyed_cipher>::lease;
    // A context of mode `m` keyed for `d`, reset for a new operation with
    // `iv` (none for ECB; any non-empty length for GCM) and padding off.
    // Empty when OpenSSL refuses.
    [[nodiscard]] lease context(aes_mode m, direction d, bytes_view iv) const;

private:
    [[nodiscard]] internal::context_pool<keyed_cipher> pool_for(aes_mode m, direction d);
    static constexpr std::size_t index(aes_mode m, direction d) noexcept {
        return static_cast<std::size_t>(m) * 2 + (d == direction::encrypt ? 0 : 1);
    }

    secure_bytes key_;  // to key the contexts a pool makes on demand
    mutable std::array<internal::context_pool<keyed_cipher>, 6> pools_;
};

// A context lent by a key, with the key it came from: the members' order
// gives the context back before the last reference to its pool can go.
class leased_context {
public:
    leased_context(aes_key_ptr key, evp_aes_key::lease lease) : key_(std::move(key)), lease_(std::move(lease)) {}
    [[nodiscard]] EVP_CIPHER_CTX* get() const noexcept { return lease_->ctx.get(); }
    [[nodiscard]] EVP_CIPHER_CTX& operator*() const noexcept { return *lease_->ctx; }

private:
    aes_key_ptr key_;
    evp_aes_key::lease lease_;
};

// `key` must be an OpenSSL-backend key (every key is, in this build).
[[nodiscard]] std::optional<leased_context> lease_context(const aes_key_ptr& key, aes_mode m, direction d,
                                                          bytes_view iv);

} // namespace p11::crypto::ossl
