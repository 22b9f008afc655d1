// AES-ECB and AES-CBC (with optional PKCS #7 padding), streaming on the
// shared internal/block_mode.hpp.
#include <array>
#include <cstring>

#include <mbedtls/aes.h>

#include "crypto/aes.hpp"
#include "crypto/internal/block_mode.hpp"
#include "crypto/mbedtls/aes_key.hpp"

namespace p11::crypto {

namespace {

constexpr std::size_t block = 16;

class block_mode final : public internal::block_mode {
public:
    block_mode(mbed::leased<mbed::aes_context> ctx, direction d, bool cbc, bool pad)
        : internal::block_mode(d, pad), ctx_(std::move(ctx)), cbc_(cbc) {}
    ~block_mode() override { secure_zero(iv_.data(), iv_.size()); }

    void set_iv(bytes_view iv16) { std::memcpy(iv_.data(), iv16.data(), block); }

private:
    void crypt(const byte* in, std::size_t length, byte* out) override {
        const int mode = dir() == direction::encrypt ? MBEDTLS_AES_ENCRYPT : MBEDTLS_AES_DECRYPT;
        if (cbc_) {
            mbedtls_aes_crypt_cbc(ctx_.get(), mode, length, iv_.data(), in, out);
            return;
        }
        for (std::size_t off = 0; off < length; off += block) mbedtls_aes_crypt_ecb(ctx_.get(), mode, in + off, out + off);
    }

    mbed::leased<mbed::aes_context> ctx_;
    bool cbc_;
    std::array<byte, block> iv_{};
};

} // namespace

std::unique_ptr<cipher> make_aes_ecb(const aes_key_ptr& key, direction d) {
    if (!key) return nullptr;
    auto schedule = mbed::backend(*key).schedule(d);
    if (!schedule) return nullptr;
    return std::make_unique<block_mode>(mbed::leased<mbed::aes_context>(key, std::move(schedule)), d, false, false);
}

std::unique_ptr<cipher> make_aes_cbc(const aes_key_ptr& key, bytes_view iv16, direction d, bool pkcs7_padding) {
    if (!key || iv16.size() != block) return nullptr;
    auto schedule = mbed::backend(*key).schedule(d);
    if (!schedule) return nullptr;
    auto c = std::make_unique<block_mode>(mbed::leased<mbed::aes_context>(key, std::move(schedule)), d, true,
                                          pkcs7_padding);
    c->set_iv(iv16);
    return c;
}

} // namespace p11::crypto
