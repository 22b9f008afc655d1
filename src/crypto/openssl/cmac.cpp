// AES-CMAC (NIST SP 800-38B, RFC 4493) through EVP_MAC.
#include <openssl/core_names.h>
#include <openssl/evp.h>
#include <openssl/params.h>

#include "crypto/hash.hpp"
#include "crypto/openssl/support.hpp"

namespace p11::crypto {

namespace {

class aes_cmac final : public mac {
public:
    explicit aes_cmac(ossl::mac_ctx ctx) : ctx_(std::move(ctx)) {}
    void update(bytes_view data) override {
        if (data.empty()) return;
        ossl::throw_if_failed(EVP_MAC_update(ctx_.get(), data.data(), data.size()));
    }
    void finish(byte* out) override {
        std::size_t length = 0;
        ossl::throw_if_failed(EVP_MAC_final(ctx_.get(), out, &length, 16));
    }
    std::size_t size() const override { return 16; }
    // Initialising with no key keeps the subkeys.
    void reset() override { ossl::throw_if_failed(EVP_MAC_init(ctx_.get(), nullptr, 0, nullptr)); }

private:
    ossl::mac_ctx ctx_;  // EVP_MAC_CTX_free wipes the subkeys and state
};

} // namespace

std::unique_ptr<mac> make_aes_cmac(bytes_view key) {
    const char* cipher;
    switch (key.size()) {
    case 16: cipher = "AES-128-CBC"; break;
    case 24: cipher = "AES-192-CBC"; break;
    case 32: cipher = "AES-256-CBC"; break;
    default: return nullptr;
    }
    ossl::mac_ctx ctx(EVP_MAC_CTX_new(ossl::mac_algorithm("CMAC")));
    if (!ctx) throw std::bad_alloc();
    OSSL_PARAM params[] = {
        OSSL_PARAM_construct_utf8_string(OSSL_MAC_PARAM_CIPHER, const_cast<char*>(cipher), 0),
        OSSL_PARAM_construct_end(),
    };
    ossl::throw_if_failed(EVP_MAC_init(ctx.get(), key.data(), key.size(), params));
    return std::make_unique<aes_cmac>(std::move(ctx));
}

} // namespace p11::crypto
