// The bare AES block function for backend-independent modes (key wrap, CTR):
// a key schedule lent by the prepared key.
#include <mbedtls/aes.h>

#include "crypto/internal/aes_block.hpp"
#include "crypto/mbedtls/aes_key.hpp"

namespace p11::crypto::internal {

namespace {

class mbed_aes_block final : public aes_block {
public:
    mbed_aes_block(mbed::leased<mbed::aes_context> ctx, direction d)
        : ctx_(std::move(ctx)), mode_(d == direction::encrypt ? MBEDTLS_AES_ENCRYPT : MBEDTLS_AES_DECRYPT) {}
    void process(const byte* in, byte* out) override { mbedtls_aes_crypt_ecb(ctx_.get(), mode_, in, out); }

private:
    mbed::leased<mbed::aes_context> ctx_;
    int mode_;
};

} // namespace

std::unique_ptr<aes_block> make_aes_block(const aes_key_ptr& key, direction d) {
    auto schedule = mbed::backend(*key).schedule(d);
    if (!schedule) return nullptr;
    return std::make_unique<mbed_aes_block>(mbed::leased<mbed::aes_context>(key, std::move(schedule)), d);
}

} // namespace p11::crypto::internal
