// The bare AES block function for backend-independent modes (key wrap, CTR
// with a narrow counter): an ECB context lent by the prepared key, padding
// off.
#include "crypto/internal/aes_block.hpp"
#include "crypto/openssl/aes_key.hpp"

namespace p11::crypto::internal {

namespace {

class evp_aes_block final : public aes_block {
public:
    explicit evp_aes_block(ossl::leased_context ctx) : ctx_(std::move(ctx)) {}
    // ECB on one block with padding off cannot fail once the key is set.
    void process(const byte* in, byte* out) override {
        int written = 0;
        EVP_CipherUpdate(ctx_.get(), out, &written, in, static_cast<int>(aes_block_size));
    }

private:
    ossl::leased_context ctx_;
};

} // namespace

std::unique_ptr<aes_block> make_aes_block(const aes_key_ptr& key, direction d) {
    ossl::error_scope errors;
    auto ctx = ossl::lease_context(key, ossl::aes_mode::ecb, d, {});
    if (!ctx) return nullptr;
    return std::make_unique<evp_aes_block>(std::move(*ctx));
}

} // namespace p11::crypto::internal
