// The bare AES block function for backend-independent modes (key wrap, CTR).
#include <mbedtls/aes.h>

#include "crypto/internal/aes_block.hpp"
#include "crypto/mbedtls/handles.hpp"

namespace p11::crypto::internal {

namespace {

class mbed_aes_block final : public aes_block {
public:
    explicit mbed_aes_block(direction d) : mode_(d == direction::encrypt ? MBEDTLS_AES_ENCRYPT : MBEDTLS_AES_DECRYPT) {}
    bool set_key(bytes_view key) {
        const auto bits = static_cast<unsigned>(key.size() * 8);
        return (mode_ == MBEDTLS_AES_ENCRYPT ? mbedtls_aes_setkey_enc(ctx_.get(), key.data(), bits)
                                             : mbedtls_aes_setkey_dec(ctx_.get(), key.data(), bits)) == 0;
    }
    void process(const byte* in, byte* out) override { mbedtls_aes_crypt_ecb(ctx_.get(), mode_, in, out); }

private:
    int mode_;
    mbed::aes_context ctx_;  // mbedtls_aes_free wipes the key schedule
};

} // namespace

std::unique_ptr<aes_block> make_aes_block(bytes_view key, direction d) {
    if (key.size() != 16 && key.size() != 24 && key.size() != 32) return nullptr;
    auto b = std::make_unique<mbed_aes_block>(d);
    if (!b->set_key(key)) return nullptr;
    return b;
}

} // namespace p11::crypto::internal
