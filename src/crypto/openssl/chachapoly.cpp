// ChaCha20-Poly1305 on EVP ("ChaCha20-Poly1305", fetched once).  A key keeps
// keyed contexts, pooled per direction (internal/pool.hpp), as AES keys do
// (aes_key.hpp): an operation borrows one and initialises it again with only
// the nonce, which keeps the key and resets ChaCha20's counter and
// Poly1305's state and lengths.  Keying a new context per operation (an
// allocation and a provider context) cost a tenth of a single-part 1 KiB
// sealing through C_EncryptInit and C_Encrypt.
// Encryption streams; decryption is internal::aead_open, EVP checking the
// tag at Final.
#include <array>

#include "crypto/chacha.hpp"
#include "crypto/internal/aead_open.hpp"
#include "crypto/internal/pool.hpp"
#include "crypto/openssl/cipher_ctx.hpp"

namespace p11::crypto {

namespace {

const EVP_CIPHER* chacha20_poly1305() {
    static EVP_CIPHER* const c = EVP_CIPHER_fetch(nullptr, "ChaCha20-Poly1305", nullptr);
    return c;
}

struct chacha_context {
    ossl::cipher_ctx ctx;  // EVP_CIPHER_CTX_free wipes the key
};
using lease = internal::context_pool<chacha_context>::lease;

// A new message on a keyed context: the nonce (no cipher and no key keeps
// the key) and the AAD.
bool start(EVP_CIPHER_CTX& ctx, bytes_view nonce, bytes_view aad, direction d) {
    if (nonce.size() != chacha20_poly1305_nonce_bytes) return false;
    std::size_t n = 0;
    return EVP_CipherInit_ex2(&ctx, nullptr, nullptr, nonce.data(), d == direction::encrypt ? 1 : 0, nullptr) == 1 &&
           ossl::update(ctx, aad.data(), aad.size(), nullptr, n);
}

class evp_chacha20_key final : public chacha20_key {
public:
    explicit evp_chacha20_key(bytes_view key)
        : key_(key.begin(), key.end()), pools_{pool_for(direction::encrypt), pool_for(direction::decrypt)} {}

    // A context keyed for `d`, started with `nonce` and `aad`; empty when
    // OpenSSL refuses.  Every lease starts its context again, so one that
    // an earlier operation left mid-message (or after a failed tag) is as good.
    [[nodiscard]] lease context(direction d, bytes_view nonce, bytes_view aad) const {
        auto l = pools_[d == direction::encrypt ? 0 : 1].acquire();
        if (l && !start(*l->ctx, nonce, aad, d)) l.discard();
        return l;
    }

private:
    [[nodiscard]] internal::context_pool<chacha_context> pool_for(direction d) {
        return internal::context_pool<chacha_context>([this, d]() -> std::unique_ptr<chacha_context> {
            auto ctx = ossl::keyed_context(chacha20_poly1305(), key_, {}, d);
            if (!ctx) return nullptr;
            return std::make_unique<chacha_context>(chacha_context{std::move(ctx)});
        });
    }

    secure_bytes key_;  // to key the contexts a pool makes on demand
    mutable std::array<internal::context_pool<chacha_context>, 2> pools_;
};

// The members' order gives the context back before the last reference to
// its key (and so its pool) can go.
class chachapoly_encrypt final : public cipher {
public:
    chachapoly_encrypt(chacha20_key_ptr key, lease ctx) : key_(std::move(key)), ctx_(std::move(ctx)) {}
    bool restart(bytes_view nonce, bytes_view aad) override {
        ossl::error_scope errors;
        return start(*ctx_->ctx, nonce, aad, direction::encrypt);
    }
    std::size_t max_update_output(std::size_t input) const override { return input; }
    std::size_t max_finish_output() const override { return chacha20_poly1305_tag_bytes; }
    status update(bytes_view in, byte* out, std::size_t& written) override {
        ossl::error_scope errors;
        return ossl::update(*ctx_->ctx, in.data(), in.size(), out, written) ? status::ok : status::invalid_input;
    }
    status finish(byte* out, std::size_t& written) override {
        written = 0;
        ossl::error_scope errors;
        EVP_CIPHER_CTX* ctx = ctx_->ctx.get();
        int n = 0;
        if (EVP_CipherFinal_ex(ctx, out, &n) != 1 || n != 0) return status::internal;
        if (EVP_CIPHER_CTX_ctrl(ctx, EVP_CTRL_AEAD_GET_TAG, static_cast<int>(chacha20_poly1305_tag_bytes), out) != 1)
            return status::internal;
        written = chacha20_poly1305_tag_bytes;
        return status::ok;
    }

private:
    chacha20_key_ptr key_;
    lease ctx_;
};

class chachapoly_decrypt final : public internal::aead_open {
public:
    chachapoly_decrypt(chacha20_key_ptr key, lease ctx)
        : aead_open(chacha20_poly1305_tag_bytes), key_(std::move(key)), ctx_(std::move(ctx)) {}
    bool restart(bytes_view nonce, bytes_view aad) override {
        forget_input();
        ossl::error_scope errors;
        return start(*ctx_->ctx, nonce, aad, direction::decrypt);
    }

private:
    status open(bytes_view ciphertext, bytes_view tag, byte* plain) override {
        ossl::error_scope errors;
        EVP_CIPHER_CTX* ctx = ctx_->ctx.get();
        std::size_t n = 0;
        if (!ossl::update(*ctx, ciphertext.data(), ciphertext.size(), plain, n) || n != ciphertext.size())
            return status::invalid_input;
        if (EVP_CIPHER_CTX_ctrl(ctx, EVP_CTRL_AEAD_SET_TAG, static_cast<int>(tag.size()),
                                const_cast<byte*>(tag.data())) != 1)
            return status::internal;
        int last = 0;
        return EVP_CipherFinal_ex(ctx, plain + n, &last) == 1 ? status::ok : status::decrypt_failed;
    }

    chacha20_key_ptr key_;
    lease ctx_;
};

} // namespace

chacha20_key_ptr load_chacha20_key(bytes_view key) {
    if (key.size() != chacha20_key_bytes || chacha20_poly1305() == nullptr) return nullptr;
    return std::make_shared<evp_chacha20_key>(key);
}

std::unique_ptr<cipher> make_chacha20_poly1305(const chacha20_key_ptr& key, bytes_view nonce, bytes_view aad,
                                               direction d) {
    if (!key) return nullptr;
    ossl::error_scope errors;
    // Every key is an evp_chacha20_key in this build.
    auto ctx = static_cast<const evp_chacha20_key&>(*key).context(d, nonce, aad);
    if (!ctx) return nullptr;
    if (d == direction::encrypt) return std::make_unique<chachapoly_encrypt>(key, std::move(ctx));
    return std::make_unique<chachapoly_decrypt>(key, std::move(ctx));
}

} // namespace p11::crypto
