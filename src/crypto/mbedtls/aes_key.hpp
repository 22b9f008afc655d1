// The mbedTLS prepared AES key: key schedules (one per direction) and keyed
// GCM contexts (their GHASH tables too), each made once and pooled
// (internal/pool.hpp).  An operation borrows one and only loads its IV.
#pragma once

#include <mbedtls/gcm.h>

#include "crypto/aes.hpp"
#include "crypto/internal/pool.hpp"
#include "crypto/mbedtls/handles.hpp"

namespace p11::crypto::mbed {

struct gcm_context {
    mbedtls_gcm_context v;
    gcm_context() noexcept { mbedtls_gcm_init(&v); }
    ~gcm_context() { mbedtls_gcm_free(&v); }  // wipes the key schedule and GHASH state
    gcm_context(const gcm_context&) = delete;
    gcm_context& operator=(const gcm_context&) = delete;
    mbedtls_gcm_context* get() noexcept { return &v; }
};

class mbed_aes_key final : public aes_key {
public:
    explicit mbed_aes_key(bytes_view key);
    [[nodiscard]] std::size_t key_bytes() const override { return key_.size(); }

    // A key schedule for `d` (mbedTLS keeps separate ones); a GCM context
    // keyed, to be started with mbedtls_gcm_starts.  Empty only if mbedTLS
    // refuses the key.
    [[nodiscard]] internal::context_pool<aes_context>::lease schedule(direction d) const;
    [[nodiscard]] internal::context_pool<gcm_context>::lease gcm() const;

private:
    secure_bytes key_;  // to key the contexts a pool makes on demand
    mutable internal::context_pool<aes_context> encrypt_;
    mutable internal::context_pool<aes_context> decrypt_;
    mutable internal::context_pool<gcm_context> gcm_;
};

// A context lent by a key, with the key it came from: the members' order
// gives the context back before the last reference to its pool can go.
template <class Context>
class leased {
public:
    using lease = typename internal::context_pool<Context>::lease;
    leased(aes_key_ptr key, lease l) : key_(std::move(key)), lease_(std::move(l)) {}
    [[nodiscard]] auto* get() const noexcept { return lease_->get(); }

private:
    aes_key_ptr key_;
    lease lease_;
};

// `key` must be an mbedTLS-backend key (every key is, in this build).
[[nodiscard]] inline const mbed_aes_key& backend(const aes_key& key) { return static_cast<const mbed_aes_key&>(key); }

} // namespace p11::crypto::mbed
