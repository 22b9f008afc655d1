// AES-GCM (NIST SP 800-38D) on EVP.  Encryption streams, as EVP's GCM does.
// Decryption streams too, but into a buffer of ours: plaintext may only
// leave once the tag has been verified (an application must never see
// unauthenticated data), and the tag is the last tag_bytes of the input,
// which we cannot recognise before finish().  So the last tag_bytes seen are
// held back and everything before them is decrypted as it arrives.
#include <algorithm>
#include <array>
#include <cstring>

#include <openssl/core_names.h>
#include <openssl/params.h>

#include "crypto/aes.hpp"
#include "crypto/internal/gcm_any_iv.hpp"
#include "crypto/openssl/aes_key.hpp"
#include "crypto/openssl/cipher_ctx.hpp"

namespace p11::crypto {

namespace {

// OpenSSL's GCM keeps the IV in a 128-byte field (GCM_IV_MAX_SIZE); longer
// IVs (PKCS #11 allows 256 bytes) take the block-function implementation.
constexpr std::size_t max_iv = 128;

// A new message on the context a cipher keeps: the IV (its length first when
// it changes) and the AAD.  Init with no cipher and no key keeps the key schedule.
bool restart_context(EVP_CIPHER_CTX* ctx, std::size_t& iv_length, bytes_view iv, bytes_view aad, direction d) {
    if (iv.empty() || iv.size() > max_iv) return false;
    ossl::error_scope errors;
    if (iv.size() != iv_length) {
        std::size_t wanted = iv.size();
        const OSSL_PARAM params[] = {
            OSSL_PARAM_construct_size_t(OSSL_CIPHER_PARAM_AEAD_IVLEN, &wanted),
            OSSL_PARAM_construct_end(),
        };
        if (EVP_CIPHER_CTX_set_params(ctx, params) != 1) return false;
        iv_length = wanted;
    }
    std::size_t n = 0;
    return EVP_CipherInit_ex2(ctx, nullptr, nullptr, iv.data(), d == direction::encrypt ? 1 : 0, nullptr) == 1 &&
           ossl::update(*ctx, aad.data(), aad.size(), nullptr, n);
}

class gcm_encrypt final : public cipher {
public:
    gcm_encrypt(ossl::leased_context ctx, std::size_t tag_bytes, std::size_t iv_length)
        : ctx_(std::move(ctx)), tag_bytes_(tag_bytes), iv_length_(iv_length) {}

    bool restart(bytes_view iv, bytes_view aad) override {
        return restart_context(ctx_.get(), iv_length_, iv, aad, direction::encrypt);
    }

    std::size_t max_update_output(std::size_t input) const override { return input; }
    std::size_t max_finish_output() const override { return tag_bytes_; }

    status update(bytes_view in, byte* out, std::size_t& written) override {
        ossl::error_scope errors;
        // Fails past the SP 800-38D length limit.
        return ossl::update(*ctx_, in.data(), in.size(), out, written) ? status::ok : status::invalid_input;
    }

    status finish(byte* out, std::size_t& written) override {
        written = 0;
        ossl::error_scope errors;
        int n = 0;
        if (EVP_CipherFinal_ex(ctx_.get(), out, &n) != 1) return status::internal;
        // A shorter tag is the leading bytes of the full one.
        OSSL_PARAM params[] = {
            OSSL_PARAM_construct_octet_string(OSSL_CIPHER_PARAM_AEAD_TAG, out + n, tag_bytes_),
            OSSL_PARAM_construct_end(),
        };
        if (EVP_CIPHER_CTX_get_params(ctx_.get(), params) != 1) return status::internal;
        written = static_cast<std::size_t>(n) + tag_bytes_;
        return status::ok;
    }

private:
    ossl::leased_context ctx_;
    std::size_t tag_bytes_;
    std::size_t iv_length_;  // the context's, as the lease left it
};

class gcm_decrypt final : public cipher {
public:
    gcm_decrypt(ossl::leased_context ctx, std::size_t tag_bytes, std::size_t iv_length)
        : ctx_(std::move(ctx)), tag_bytes_(tag_bytes), iv_length_(iv_length) {}
    ~gcm_decrypt() override { secure_zero(tail_.data(), tail_.size()); }

    bool restart(bytes_view iv, bytes_view aad) override {
        secure_zero(tail_.data(), tail_.size());
        tail_len_ = received_ = 0;
        plain_.clear();
        return restart_context(ctx_.get(), iv_length_, iv, aad, direction::decrypt);
    }

    // update() writes nothing, but a caller sizing one buffer for update and
    // finish together asks before the update (see aes.hpp): everything it
    // feeds may come out of finish(), so that is the bound.
    std::size_t max_update_output(std::size_t input) const override { return received_ + input; }
    std::size_t max_finish_output() const override { return received_ > tag_bytes_ ? received_ - tag_bytes_ : 0; }

    status update(bytes_view in, byte*, std::size_t& written) override {
        written = 0;
        ossl::error_scope errors;
        const std::size_t total = tail_len_ + in.size();
        const std::size_t feed = total > tag_bytes_ ? total - tag_bytes_ : 0;
        const std::size_t from_tail = std::min(feed, tail_len_);
        const std::size_t from_in = feed - from_tail;
        if (!decrypt(tail_.data(), from_tail) || !decrypt(in.data(), from_in)) return status::invalid_input;
        std::memmove(tail_.data(), tail_.data() + from_tail, tail_len_ - from_tail);
        tail_len_ -= from_tail;
        const std::size_t rest = in.size() - from_in;  // at most tag_bytes_ - tail_len_
        if (rest != 0) std::memcpy(tail_.data() + tail_len_, in.data() + from_in, rest);
        tail_len_ += rest;
        received_ += in.size();
        return status::ok;
    }

    status finish(byte* out, std::size_t& written) override {
        written = 0;
        if (tail_len_ < tag_bytes_) return status::invalid_input;
        ossl::error_scope errors;
        OSSL_PARAM params[] = {
            OSSL_PARAM_construct_octet_string(OSSL_CIPHER_PARAM_AEAD_TAG, tail_.data(), tag_bytes_),
            OSSL_PARAM_construct_end(),
        };
        if (EVP_CIPHER_CTX_set_params(ctx_.get(), params) != 1) return status::internal;
        int n = 0;
        std::array<byte, 16> none{};  // GCM writes nothing in Final: it only compares the tag
        if (EVP_CipherFinal_ex(ctx_.get(), none.data(), &n) != 1) return status::decrypt_failed;
        if (!plain_.empty()) std::memcpy(out, plain_.data(), plain_.size());
        written = plain_.size();
        return status::ok;
    }

private:
    bool decrypt(const byte* in, std::size_t length) {
        if (length == 0) return true;
        const std::size_t at = plain_.size();
        plain_.resize(at + length);
        std::size_t n = 0;
        return ossl::update(*ctx_, in, length, plain_.data() + at, n) && n == length;
    }

    ossl::leased_context ctx_;
    std::size_t tag_bytes_;
    std::size_t iv_length_;
    std::array<byte, 16> tail_{};  // the last tag_bytes_ (or fewer) bytes seen
    std::size_t tail_len_ = 0;
    std::size_t received_ = 0;
    secure_bytes plain_;  // decrypted, not yet authenticated
};

} // namespace

std::unique_ptr<cipher> make_aes_gcm(const aes_key_ptr& key, bytes_view iv, bytes_view aad, std::size_t tag_bytes,
                                     direction d) {
    if (!key || iv.empty() || tag_bytes < 4 || tag_bytes > 16) return nullptr;
    if (iv.size() > max_iv) return internal::make_gcm_any_iv(key, iv, aad, tag_bytes, d);
    ossl::error_scope errors;
    auto ctx = ossl::lease_context(key, ossl::aes_mode::gcm, d, iv);
    std::size_t n = 0;
    if (!ctx || !ossl::update(**ctx, aad.data(), aad.size(), nullptr, n)) return nullptr;
    if (d == direction::encrypt) return std::make_unique<gcm_encrypt>(std::move(*ctx), tag_bytes, iv.size());
    return std::make_unique<gcm_decrypt>(std::move(*ctx), tag_bytes, iv.size());
}

} // namespace p11::crypto
