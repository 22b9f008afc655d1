// ChaCha20-Poly1305 on mbedTLS's chachapoly (Debian's 2.28 has it).
// Encryption streams; decryption is internal::aead_open on
// mbedtls_chachapoly_auth_decrypt.  The prepared key is only its bytes:
// mbedtls_chachapoly_setkey copies 32 bytes into the cipher's state, which
// costs less than a pool's lock would, so every cipher keys a context of
// its own (inside it: no allocation beyond the cipher's).
#include <array>
#include <cstring>

#include <mbedtls/chachapoly.h>

#include "crypto/chacha.hpp"
#include "crypto/internal/aead_open.hpp"

namespace p11::crypto {

namespace {

class mbed_chacha20_key final : public chacha20_key {
public:
    explicit mbed_chacha20_key(bytes_view key) : key_(key.begin(), key.end()) {}
    [[nodiscard]] const byte* value() const noexcept { return key_.data(); }

private:
    secure_bytes key_;
};

// A chachapoly context keyed at construction, freed (and so wiped) with its owner.
class keyed_context {
public:
    explicit keyed_context(const chacha20_key& key) {
        mbedtls_chachapoly_init(&ctx_);
        // Fails only for a null key.
        (void)mbedtls_chachapoly_setkey(&ctx_, static_cast<const mbed_chacha20_key&>(key).value());
    }
    ~keyed_context() { mbedtls_chachapoly_free(&ctx_); }
    keyed_context(const keyed_context&) = delete;
    keyed_context& operator=(const keyed_context&) = delete;
    mbedtls_chachapoly_context* get() noexcept { return &ctx_; }

private:
    mbedtls_chachapoly_context ctx_;
};

class chachapoly_encrypt final : public cipher {
public:
    explicit chachapoly_encrypt(const chacha20_key& key) : ctx_(key) {}
    // mbedtls_chachapoly_starts resets the state a message left; the key stays.
    bool restart(bytes_view nonce, bytes_view aad) override {
        return nonce.size() == chacha20_poly1305_nonce_bytes &&
               mbedtls_chachapoly_starts(ctx_.get(), nonce.data(), MBEDTLS_CHACHAPOLY_ENCRYPT) == 0 &&
               mbedtls_chachapoly_update_aad(ctx_.get(), aad.data(), aad.size()) == 0;
    }
    std::size_t max_update_output(std::size_t input) const override { return input; }
    std::size_t max_finish_output() const override { return chacha20_poly1305_tag_bytes; }
    status update(bytes_view in, byte* out, std::size_t& written) override {
        written = 0;
        if (!in.empty() && mbedtls_chachapoly_update(ctx_.get(), in.size(), in.data(), out) != 0)
            return status::invalid_input;
        written = in.size();
        return status::ok;
    }
    status finish(byte* out, std::size_t& written) override {
        written = 0;
        if (mbedtls_chachapoly_finish(ctx_.get(), out) != 0) return status::internal;
        written = chacha20_poly1305_tag_bytes;
        return status::ok;
    }

private:
    keyed_context ctx_;
};

// mbedtls_chachapoly_auth_decrypt takes the nonce and the AAD with the
// ciphertext, at finish(): kept until then.
class chachapoly_decrypt final : public internal::aead_open {
public:
    explicit chachapoly_decrypt(const chacha20_key& key) : aead_open(chacha20_poly1305_tag_bytes), ctx_(key) {}
    bool restart(bytes_view nonce, bytes_view aad) override {
        if (nonce.size() != chacha20_poly1305_nonce_bytes) return false;
        forget_input();
        std::memcpy(nonce_.data(), nonce.data(), nonce_.size());
        aad_.assign(aad.begin(), aad.end());
        return true;
    }

private:
    status open(bytes_view ciphertext, bytes_view tag, byte* plain) override {
        const int ret = mbedtls_chachapoly_auth_decrypt(ctx_.get(), ciphertext.size(), nonce_.data(), aad_.data(),
                                                        aad_.size(), tag.data(), ciphertext.data(), plain);
        if (ret == MBEDTLS_ERR_CHACHAPOLY_AUTH_FAILED) return status::decrypt_failed;
        return ret == 0 ? status::ok : status::invalid_input;
    }

    keyed_context ctx_;
    std::array<byte, chacha20_poly1305_nonce_bytes> nonce_{};
    crypto::bytes aad_;
};

} // namespace

chacha20_key_ptr load_chacha20_key(bytes_view key) {
    if (key.size() != chacha20_key_bytes) return nullptr;
    return std::make_shared<mbed_chacha20_key>(key);
}

std::unique_ptr<cipher> make_chacha20_poly1305(const chacha20_key_ptr& key, bytes_view nonce, bytes_view aad,
                                               direction d) {
    if (!key) return nullptr;
    std::unique_ptr<cipher> c;
    if (d == direction::encrypt)
        c = std::make_unique<chachapoly_encrypt>(*key);
    else
        c = std::make_unique<chachapoly_decrypt>(*key);
    if (!c->restart(nonce, aad)) return nullptr;
    return c;
}

} // namespace p11::crypto
