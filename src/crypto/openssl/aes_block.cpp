// The bare AES block function for backend-independent modes (key wrap, CTR
// with a narrow counter): one EVP_CIPHER_CTX in ECB mode, padding off, key
// schedule built once per object.
#include "crypto/internal/aes_block.hpp"
#include "crypto/openssl/cipher_ctx.hpp"

namespace p11::crypto::internal {

namespace {

class evp_aes_block final : public aes_block {
public:
    explicit evp_aes_block(ossl::cipher_ctx ctx) : ctx_(std::move(ctx)) {}
    // ECB on one block with padding off cannot fail once the key is set.
    void process(const byte* in, byte* out) override {
        int written = 0;
        EVP_CipherUpdate(ctx_.get(), out, &written, in, static_cast<int>(aes_block_size));
    }

private:
    ossl::cipher_ctx ctx_;  // EVP_CIPHER_CTX_free wipes the key schedule
};

} // namespace

std::unique_ptr<aes_block> make_aes_block(bytes_view key, direction d) {
    ossl::error_scope errors;
    auto ctx = ossl::keyed_context(ossl::aes(ossl::aes_mode::ecb, key.size()), key, {}, d);
    if (!ctx) return nullptr;
    return std::make_unique<evp_aes_block>(std::move(ctx));
}

} // namespace p11::crypto::internal
