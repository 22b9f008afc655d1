// ChaCha20-Poly1305 on EVP ("ChaCha20-Poly1305", fetched once).  Encryption
// streams; decryption is internal::aead_open, EVP checking the tag at Final.
#include <cstring>

#include "crypto/chacha.hpp"
#include "crypto/internal/aead_open.hpp"
#include "crypto/openssl/cipher_ctx.hpp"

namespace p11::crypto {

namespace {

const EVP_CIPHER* chacha20_poly1305() {
    static EVP_CIPHER* const c = EVP_CIPHER_fetch(nullptr, "ChaCha20-Poly1305", nullptr);
    return c;
}

// Keyed, with the nonce and the AAD taken; empty on failure.
ossl::cipher_ctx started(bytes_view key, bytes_view nonce, bytes_view aad, direction d) {
    auto ctx = ossl::keyed_context(chacha20_poly1305(), key, nonce, d);
    std::size_t n = 0;
    if (!ctx || !ossl::update(*ctx, aad.data(), aad.size(), nullptr, n)) return {};
    return ctx;
}

class chachapoly_encrypt final : public cipher {
public:
    explicit chachapoly_encrypt(ossl::cipher_ctx ctx) : ctx_(std::move(ctx)) {}
    // Init with no cipher and no key keeps the key and starts over with the
    // nonce (Poly1305's state and lengths reset).
    bool restart(bytes_view nonce, bytes_view aad) override {
        if (nonce.size() != chacha20_poly1305_nonce_bytes) return false;
        ossl::error_scope errors;
        std::size_t n = 0;
        return EVP_CipherInit_ex2(ctx_.get(), nullptr, nullptr, nonce.data(), 1, nullptr) == 1 &&
               ossl::update(*ctx_, aad.data(), aad.size(), nullptr, n);
    }
    std::size_t max_update_output(std::size_t input) const override { return input; }
    std::size_t max_finish_output() const override { return chacha20_poly1305_tag_bytes; }
    status update(bytes_view in, byte* out, std::size_t& written) override {
        ossl::error_scope errors;
        return ossl::update(*ctx_, in.data(), in.size(), out, written) ? status::ok : status::invalid_input;
    }
    status finish(byte* out, std::size_t& written) override {
        written = 0;
        ossl::error_scope errors;
        int n = 0;
        if (EVP_CipherFinal_ex(ctx_.get(), out, &n) != 1 || n != 0) return status::internal;
        if (EVP_CIPHER_CTX_ctrl(ctx_.get(), EVP_CTRL_AEAD_GET_TAG, static_cast<int>(chacha20_poly1305_tag_bytes), out) != 1)
            return status::internal;
        written = chacha20_poly1305_tag_bytes;
        return status::ok;
    }

private:
    ossl::cipher_ctx ctx_;
};

class chachapoly_decrypt final : public internal::aead_open {
public:
    explicit chachapoly_decrypt(ossl::cipher_ctx ctx) : aead_open(chacha20_poly1305_tag_bytes), ctx_(std::move(ctx)) {}

private:
    status open(bytes_view ciphertext, bytes_view tag, byte* plain) override {
        ossl::error_scope errors;
        std::size_t n = 0;
        if (!ossl::update(*ctx_, ciphertext.data(), ciphertext.size(), plain, n) || n != ciphertext.size())
            return status::invalid_input;
        if (EVP_CIPHER_CTX_ctrl(ctx_.get(), EVP_CTRL_AEAD_SET_TAG, static_cast<int>(tag.size()),
                                const_cast<byte*>(tag.data())) != 1)
            return status::internal;
        int last = 0;
        return EVP_CipherFinal_ex(ctx_.get(), plain + n, &last) == 1 ? status::ok : status::decrypt_failed;
    }

    ossl::cipher_ctx ctx_;
};

} // namespace

std::unique_ptr<cipher> make_chacha20_poly1305(bytes_view key, bytes_view nonce, bytes_view aad, direction d) {
    if (key.size() != chacha20_key_bytes || nonce.size() != chacha20_poly1305_nonce_bytes) return nullptr;
    ossl::error_scope errors;
    auto ctx = started(key, nonce, aad, d);
    if (!ctx) return nullptr;
    if (d == direction::encrypt) return std::make_unique<chachapoly_encrypt>(std::move(ctx));
    return std::make_unique<chachapoly_decrypt>(std::move(ctx));
}

} // namespace p11::crypto
