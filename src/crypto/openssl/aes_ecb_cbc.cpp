// AES-ECB and AES-CBC (with optional PKCS #7 padding), streaming on one
// EVP_CIPHER_CTX with OpenSSL's padding off.
//
// OpenSSL buffers partial blocks itself, so most modes pass data straight
// through.  CBC-PAD decryption is the exception: EVP would hold the last
// block back by writing it into the caller's buffer beyond the count it
// returns (more than max_update_output promises), and would check the
// padding with branches on the plaintext.  So we keep the last block here and
// remove the padding ourselves in constant time (internal/padding.hpp).
// Encryption lets EVP pad: nothing secret depends on the padding's length.
#include <array>
#include <cstring>

#include "crypto/aes.hpp"
#include "crypto/internal/padding.hpp"
#include "crypto/openssl/aes_key.hpp"
#include "crypto/openssl/cipher_ctx.hpp"

namespace p11::crypto {

namespace {

using internal::aes_block_size;
constexpr std::size_t block = aes_block_size;

class block_mode final : public cipher {
public:
    block_mode(ossl::leased_context ctx, direction d, bool pad) : ctx_(std::move(ctx)), dir_(d), pad_(pad) {}
    ~block_mode() override { secure_zero(tail_.data(), tail_.size()); }

    std::size_t max_update_output(std::size_t input) const override {
        const std::size_t total = pending_ + input;
        if (holds_back_last_block()) return total - kept_after(total);
        return total / block * block;
    }

    std::size_t max_finish_output() const override {
        if (!pad_) return 0;
        return dir_ == direction::encrypt ? block : block - 1;
    }

    status update(bytes_view in, byte* out, std::size_t& written) override {
        written = 0;
        if (!holds_back_last_block()) {
            if (!ossl::update(*ctx_, in.data(), in.size(), out, written)) return status::invalid_input;
            pending_ = (pending_ + in.size()) % block;
            return status::ok;
        }
        // pending_ is the length of tail_.  Feed everything but the bytes to
        // keep; what is fed is whole blocks and the tail's bytes come first.
        const std::size_t total = pending_ + in.size();
        const std::size_t feed = total - kept_after(total);
        std::size_t from_in = 0;
        if (feed != 0) {  // then feed >= block >= pending_: the whole tail goes
            std::size_t a = 0, b = 0;
            from_in = feed - pending_;
            if (!ossl::update(*ctx_, tail_.data(), pending_, out, a) ||
                !ossl::update(*ctx_, in.data(), from_in, out + a, b))
                return status::internal;
            written = a + b;
            pending_ = 0;
        }
        const std::size_t rest = in.size() - from_in;
        if (rest != 0) std::memcpy(tail_.data() + pending_, in.data() + from_in, rest);
        pending_ += rest;
        return status::ok;
    }

    status finish(byte* out, std::size_t& written) override {
        written = 0;
        ossl::error_scope errors;
        if (!holds_back_last_block()) {
            int n = 0;
            // Without padding, leftover bytes (not a whole block) fail here;
            // with it (encryption), EVP adds the PKCS #7 block.
            if (EVP_CipherFinal_ex(ctx_.get(), out, &n) != 1) return status::invalid_input;
            written = static_cast<std::size_t>(n);
            return status::ok;
        }
        if (pending_ != block) return status::invalid_input;
        std::array<byte, block> plain{};
        std::size_t n = 0;
        if (!ossl::update(*ctx_, tail_.data(), block, plain.data(), n) || n != block) return status::internal;
        pending_ = 0;
        const status st = internal::pkcs7_unpad(plain, out, written);
        OPENSSL_cleanse(plain.data(), plain.size());
        return st;
    }

private:
    bool holds_back_last_block() const noexcept { return pad_ && dir_ == direction::decrypt; }
    // CBC-PAD decryption keeps the last block, whole or partial, of `total`
    // bytes seen so far: it may be the padding.
    static std::size_t kept_after(std::size_t total) noexcept {
        if (total == 0) return 0;
        return total % block == 0 ? block : total % block;
    }

    ossl::leased_context ctx_;
    direction dir_;
    bool pad_;
    std::array<byte, block> tail_{};  // CBC-PAD decryption only
    std::size_t pending_ = 0;         // bytes not yet a whole block (tail_'s length for CBC-PAD decryption)
};

std::unique_ptr<cipher> make(ossl::aes_mode m, const aes_key_ptr& key, bytes_view iv, direction d, bool pad) {
    if (!key) return nullptr;
    ossl::error_scope errors;
    auto ctx = ossl::lease_context(key, m, d, iv);
    if (!ctx) return nullptr;
    if (pad && d == direction::encrypt && EVP_CIPHER_CTX_set_padding(ctx->get(), 1) != 1) return nullptr;
    return std::make_unique<block_mode>(std::move(*ctx), d, pad);
}

} // namespace

std::unique_ptr<cipher> make_aes_ecb(const aes_key_ptr& key, direction d) {
    return make(ossl::aes_mode::ecb, key, {}, d, false);
}

std::unique_ptr<cipher> make_aes_cbc(const aes_key_ptr& key, bytes_view iv16, direction d, bool pkcs7_padding) {
    if (iv16.size() != block) return nullptr;
    return make(ossl::aes_mode::cbc, key, iv16, d, pkcs7_padding);
}

} // namespace p11::crypto
