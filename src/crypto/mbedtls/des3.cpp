// The TDEA block function on mbedTLS: a prepared key keeps one key schedule
// per direction.  mbedtls_des3_crypt_ecb only reads its context, so every
// operation on the key shares the two schedules (no pool, unlike AES, whose
// contexts the library may write).
#include <mbedtls/des.h>

#include "crypto/internal/des3_block.hpp"

namespace p11::crypto {

namespace {

class mbed_des3_key final : public des3_key {
public:
    explicit mbed_des3_key(const secure_bytes& k24) {
        mbedtls_des3_init(&enc_);
        mbedtls_des3_init(&dec_);
        mbedtls_des3_set3key_enc(&enc_, k24.data());
        mbedtls_des3_set3key_dec(&dec_, k24.data());
    }
    ~mbed_des3_key() override {
        mbedtls_des3_free(&enc_);  // wipes the schedule
        mbedtls_des3_free(&dec_);
    }
    mbed_des3_key(const mbed_des3_key&) = delete;
    mbed_des3_key& operator=(const mbed_des3_key&) = delete;

    // The library takes a non-const context for a read-only use.
    mbedtls_des3_context* schedule(direction d) const {
        return const_cast<mbedtls_des3_context*>(d == direction::encrypt ? &enc_ : &dec_);
    }

private:
    mbedtls_des3_context enc_, dec_;
};

class mbed_des3_block final : public internal::des3_block {
public:
    mbed_des3_block(des3_key_ptr key, mbedtls_des3_context* ctx) : key_(std::move(key)), ctx_(ctx) {}
    void process(const byte* in, byte* out) override { mbedtls_des3_crypt_ecb(ctx_, in, out); }

private:
    des3_key_ptr key_;
    mbedtls_des3_context* ctx_;
};

} // namespace

des3_key_ptr load_des3_key(bytes_view key) {
    const auto k = internal::des3_key_bytes(key);
    if (!k) return nullptr;
    return std::make_shared<mbed_des3_key>(*k);
}

namespace internal {

std::unique_ptr<des3_block> make_des3_block(const des3_key_ptr& key, direction d) {
    if (!key) return nullptr;
    return std::make_unique<mbed_des3_block>(key, static_cast<const mbed_des3_key&>(*key).schedule(d));
}

} // namespace internal

} // namespace p11::crypto
