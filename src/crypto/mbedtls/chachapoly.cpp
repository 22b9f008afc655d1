// ChaCha20-Poly1305 on mbedTLS's chachapoly (Debian's 2.28 has it).
// Encryption streams; decryption is internal::aead_open on
// mbedtls_chachapoly_auth_decrypt.
#include <cstring>

#include <mbedtls/chachapoly.h>

#include "crypto/chacha.hpp"
#include "crypto/internal/aead_open.hpp"

namespace p11::crypto {

namespace {

class chachapoly_base : public cipher {
public:
    chachapoly_base() { mbedtls_chachapoly_init(&ctx_); }
    ~chachapoly_base() override { mbedtls_chachapoly_free(&ctx_); }  // zeroises the key
    chachapoly_base(const chachapoly_base&) = delete;
    chachapoly_base& operator=(const chachapoly_base&) = delete;
    bool key(bytes_view k) { return mbedtls_chachapoly_setkey(&ctx_, k.data()) == 0; }

protected:
    mbedtls_chachapoly_context ctx_;
};

class chachapoly_encrypt final : public chachapoly_base {
public:
    bool start(bytes_view nonce, bytes_view aad) {
        return mbedtls_chachapoly_starts(&ctx_, nonce.data(), MBEDTLS_CHACHAPOLY_ENCRYPT) == 0 &&
               mbedtls_chachapoly_update_aad(&ctx_, aad.data(), aad.size()) == 0;
    }
    // mbedtls_chachapoly_starts resets the state a message left; the key stays.
    bool restart(bytes_view nonce, bytes_view aad) override {
        return nonce.size() == chacha20_poly1305_nonce_bytes && start(nonce, aad);
    }
    std::size_t max_update_output(std::size_t input) const override { return input; }
    std::size_t max_finish_output() const override { return chacha20_poly1305_tag_bytes; }
    status update(bytes_view in, byte* out, std::size_t& written) override {
        written = 0;
        if (!in.empty() && mbedtls_chachapoly_update(&ctx_, in.size(), in.data(), out) != 0) return status::invalid_input;
        written = in.size();
        return status::ok;
    }
    status finish(byte* out, std::size_t& written) override {
        written = 0;
        if (mbedtls_chachapoly_finish(&ctx_, out) != 0) return status::internal;
        written = chacha20_poly1305_tag_bytes;
        return status::ok;
    }
};

class chachapoly_decrypt final : public internal::aead_open {
public:
    chachapoly_decrypt(bytes_view nonce, bytes_view aad)
        : aead_open(chacha20_poly1305_tag_bytes), nonce_(nonce.begin(), nonce.end()), aad_(aad.begin(), aad.end()) {
        mbedtls_chachapoly_init(&ctx_);
    }
    ~chachapoly_decrypt() override { mbedtls_chachapoly_free(&ctx_); }
    chachapoly_decrypt(const chachapoly_decrypt&) = delete;
    chachapoly_decrypt& operator=(const chachapoly_decrypt&) = delete;
    bool key(bytes_view k) { return mbedtls_chachapoly_setkey(&ctx_, k.data()) == 0; }

private:
    status open(bytes_view ciphertext, bytes_view tag, byte* plain) override {
        const int ret = mbedtls_chachapoly_auth_decrypt(&ctx_, ciphertext.size(), nonce_.data(), aad_.data(), aad_.size(),
                                                        tag.data(), ciphertext.data(), plain);
        if (ret == MBEDTLS_ERR_CHACHAPOLY_AUTH_FAILED) return status::decrypt_failed;
        return ret == 0 ? status::ok : status::invalid_input;
    }

    mbedtls_chachapoly_context ctx_;
    bytes nonce_;
    bytes aad_;
};

} // namespace

std::unique_ptr<cipher> make_chacha20_poly1305(bytes_view key, bytes_view nonce, bytes_view aad, direction d) {
    if (key.size() != chacha20_key_bytes || nonce.size() != chacha20_poly1305_nonce_bytes) return nullptr;
    if (d == direction::encrypt) {
        auto c = std::make_unique<chachapoly_encrypt>();
        if (!c->key(key) || !c->start(nonce, aad)) return nullptr;
        return c;
    }
    auto c = std::make_unique<chachapoly_decrypt>(nonce, aad);
    if (!c->key(key)) return nullptr;
    return c;
}

} // namespace p11::crypto
