// AES-ECB and AES-CBC (with optional PKCS #7 padding), streaming.
#include <array>
#include <cstring>

#include <mbedtls/aes.h>

#include "crypto/aes.hpp"
#include "crypto/internal/padding.hpp"
#include "crypto/mbedtls/aes_key.hpp"

namespace p11::crypto {

namespace {

constexpr std::size_t block = 16;

class block_mode final : public cipher {
public:
    block_mode(mbed::leased<mbed::aes_context> ctx, direction d, bool cbc, bool pad)
        : ctx_(std::move(ctx)), dir_(d), cbc_(cbc), pad_(pad) {}
    ~block_mode() override {
        secure_zero(pending_.data(), pending_.size());
        secure_zero(iv_.data(), iv_.size());
    }

    void set_iv(bytes_view iv16) { std::memcpy(iv_.data(), iv16.data(), block); }

    std::size_t max_update_output(std::size_t input) const override {
        const std::size_t total = pending_len_ + input;
        // CBC-PAD decryption keeps the last block back: it may be the padding.
        if (holds_back_last_block()) return total == 0 ? 0 : (total - 1) / block * block;
        return total / block * block;
    }

    std::size_t max_finish_output() const override {
        if (!pad_) return 0;
        return dir_ == direction::encrypt ? block : block - 1;
    }

    // `in` and `out` must not overlap: output can run ahead of input when a
    // held-back partial block is completed.
    status update(bytes_view in, byte* out, std::size_t& written) override {
        const std::size_t out_len = max_update_output(in.size());
        std::size_t produced = 0;
        std::size_t consumed = 0;
        if (pending_len_ != 0 && out_len != 0) {
            consumed = block - pending_len_;
            if (consumed != 0) std::memcpy(pending_.data() + pending_len_, in.data(), consumed);
            crypt(pending_.data(), block, out);
            produced = block;
            pending_len_ = 0;
        }
        const std::size_t direct = out_len - produced;
        if (direct != 0) crypt(in.data() + consumed, direct, out + produced);
        consumed += direct;
        const std::size_t rest = in.size() - consumed;
        if (rest != 0) std::memcpy(pending_.data() + pending_len_, in.data() + consumed, rest);
        pending_len_ += rest;
        written = out_len;
        return status::ok;
    }

    status finish(byte* out, std::size_t& written) override {
        written = 0;
        if (!pad_) return pending_len_ == 0 ? status::ok : status::invalid_input;
        if (dir_ == direction::encrypt) {
            const auto pad = static_cast<byte>(block - pending_len_);
            std::memset(pending_.data() + pending_len_, pad, pad);
            crypt(pending_.data(), block, out);
            pending_len_ = 0;
            written = block;
            return status::ok;
        }
        if (pending_len_ != block) return status::invalid_input;
        std::array<byte, block> plain{};
        crypt(pending_.data(), block, plain.data());
        pending_len_ = 0;
        // PKCS #7 check without branches on the plaintext.
        const status st = internal::pkcs7_unpad(plain, out, written);
        secure_zero(plain.data(), plain.size());
        return st;
    }

private:
    bool holds_back_last_block() const noexcept { return pad_ && dir_ == direction::decrypt; }

    void crypt(const byte* in, std::size_t length, byte* out) {
        const int mode = dir_ == direction::encrypt ? MBEDTLS_AES_ENCRYPT : MBEDTLS_AES_DECRYPT;
        if (cbc_) {
            mbedtls_aes_crypt_cbc(ctx_.get(), mode, length, iv_.data(), in, out);
            return;
        }
        for (std::size_t off = 0; off < length; off += block) mbedtls_aes_crypt_ecb(ctx_.get(), mode, in + off, out + off);
    }

    mbed::leased<mbed::aes_context> ctx_;
    direction dir_;
    bool cbc_;
    bool pad_;
    std::array<byte, block> iv_{};
    std::array<byte, block> pending_{};
    std::size_t pending_len_ = 0;
};

} // namespace

std::unique_ptr<cipher> make_aes_ecb(const aes_key_ptr& key, direction d) {
    if (!key) return nullptr;
    auto schedule = mbed::backend(*key).schedule(d);
    if (!schedule) return nullptr;
    return std::make_unique<block_mode>(mbed::leased<mbed::aes_context>(key, std::move(schedule)), d, false, false);
}

std::unique_ptr<cipher> make_aes_cbc(const aes_key_ptr& key, bytes_view iv16, direction d, bool pkcs7_padding) {
    if (!key || iv16.size() != block) return nullptr;
    auto schedule = mbed::backend(*key).schedule(d);
    if (!schedule) return nullptr;
    auto c = std::make_unique<block_mode>(mbed::leased<mbed::aes_context>(key, std::move(schedule)), d, true,
                                          pkcs7_padding);
    c->set_iv(iv16);
    return c;
}

} // namespace p11::crypto
