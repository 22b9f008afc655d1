// The TDEA block function on OpenSSL 3: "DES-EDE3-ECB" from the default
// provider (OpenSSL 3.0 moved single DES to the legacy provider, not TDEA;
// nothing here loads the legacy provider).  A prepared key keeps the key
// bytes; each operation keys an EVP_CIPHER_CTX of its own, padding off
// (TDEA operations are rare: no pool).
#include <openssl/evp.h>

#include "crypto/internal/des3_block.hpp"
#include "crypto/openssl/handles.hpp"
#include "crypto/openssl/support.hpp"

namespace p11::crypto {

namespace {

const EVP_CIPHER* des_ede3_ecb() noexcept {
    static EVP_CIPHER* const cipher = EVP_CIPHER_fetch(nullptr, "DES-EDE3-ECB", nullptr);
    return cipher;
}

class ossl_des3_block final : public internal::des3_block {
public:
    ossl_des3_block(des3_key_ptr key, ossl::cipher_ctx ctx) : key_(std::move(key)), ctx_(std::move(ctx)) {}
    // ECB on one block with padding off cannot fail once the key is set.
    void process(const byte* in, byte* out) override {
        int written = 0;
        EVP_CipherUpdate(ctx_.get(), out, &written, in, static_cast<int>(des3_block_size));
    }

private:
    des3_key_ptr key_;
    ossl::cipher_ctx ctx_;
};

} // namespace

des3_key_ptr load_des3_key(bytes_view key) {
    auto k = internal::des3_key_bytes(key);
    if (!k || des_ede3_ecb() == nullptr) return nullptr;
    return std::make_shared<internal::des3_raw_key>(std::move(*k));
}

namespace internal {

std::unique_ptr<des3_block> make_des3_block(const des3_key_ptr& key, direction d) {
    if (!key) return nullptr;
    ossl::error_scope errors;
    ossl::cipher_ctx ctx(EVP_CIPHER_CTX_new());
    if (!ctx) throw std::bad_alloc();
    const auto& k = static_cast<const internal::des3_raw_key&>(*key).bytes();
    if (EVP_CipherInit_ex2(ctx.get(), des_ede3_ecb(), k.data(), nullptr, d == direction::encrypt ? 1 : 0, nullptr) != 1 ||
        EVP_CIPHER_CTX_set_padding(ctx.get(), 0) != 1)
        return nullptr;
    return std::make_unique<ossl_des3_block>(key, std::move(ctx));
}

} // namespace internal

} // namespace p11::crypto
