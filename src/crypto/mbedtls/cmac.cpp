// AES-CMAC (NIST SP 800-38B, RFC 4493) on mbedTLS's cipher layer.
#include <mbedtls/cipher.h>
#include <mbedtls/cmac.h>

#include "crypto/hash.hpp"
#include "crypto/mbedtls/support.hpp"

namespace p11::crypto {

namespace {

class aes_cmac final : public mac {
public:
    aes_cmac() { mbedtls_cipher_init(&ctx_); }
    ~aes_cmac() override { mbedtls_cipher_free(&ctx_); }  // wipes the subkeys and state
    aes_cmac(const aes_cmac&) = delete;
    aes_cmac& operator=(const aes_cmac&) = delete;

    bool start(bytes_view key) {
        mbedtls_cipher_type_t type;
        switch (key.size()) {
        case 16: type = MBEDTLS_CIPHER_AES_128_ECB; break;
        case 24: type = MBEDTLS_CIPHER_AES_192_ECB; break;
        case 32: type = MBEDTLS_CIPHER_AES_256_ECB; break;
        default: return false;
        }
        mbed::throw_if_failed(mbedtls_cipher_setup(&ctx_, mbedtls_cipher_info_from_type(type)));
        mbed::throw_if_failed(mbedtls_cipher_cmac_starts(&ctx_, key.data(), key.size() * 8));
        return true;
    }
    void update(bytes_view data) override {
        if (data.empty()) return;  // mbedTLS rejects a null input pointer even for no data
        mbed::throw_if_failed(mbedtls_cipher_cmac_update(&ctx_, data.data(), data.size()));
    }
    void finish(byte* out) override { mbed::throw_if_failed(mbedtls_cipher_cmac_finish(&ctx_, out)); }
    std::size_t size() const override { return 16; }
    void reset() override { mbed::throw_if_failed(mbedtls_cipher_cmac_reset(&ctx_)); }

private:
    mbedtls_cipher_context_t ctx_;
};

} // namespace

std::unique_ptr<mac> make_aes_cmac(bytes_view key) {
    auto m = std::make_unique<aes_cmac>();
    if (!m->start(key)) return nullptr;
    return m;
}

} // namespace p11::crypto
