// AES-GCM (NIST SP 800-38D).  Encryption streams; decryption keeps all of the
// ciphertext until finish(), because plaintext may only leave once the tag
// has been verified (an application must never see unauthenticated data).
#include <array>
#include <cstring>

#include <mbedtls/gcm.h>

#include "crypto/aes.hpp"
#include "crypto/internal/aead_open.hpp"
#include "crypto/mbedtls/aes_key.hpp"

namespace p11::crypto {

namespace {

constexpr std::size_t block = 16;

class gcm_base : public cipher {
public:
    gcm_base(mbed::leased<mbed::gcm_context> ctx, std::size_t tag_bytes) : ctx_(std::move(ctx)), tag_bytes_(tag_bytes) {}

protected:
    // Keyed once per key; mbedtls_gcm_starts (auth_decrypt calls it) resets
    // everything an earlier operation left.
    mbed::leased<mbed::gcm_context> ctx_;
    std::size_t tag_bytes_;
};

class gcm_encrypt final : public gcm_base {
public:
    using gcm_base::gcm_base;
    ~gcm_encrypt() override { secure_zero(pending_.data(), pending_.size()); }

    bool start(bytes_view iv, bytes_view aad) {
        return mbedtls_gcm_starts(ctx_.get(), MBEDTLS_GCM_ENCRYPT, iv.data(), iv.size(), aad.data(), aad.size()) == 0;
    }
    bool restart(bytes_view iv, bytes_view aad) override {
        secure_zero(pending_.data(), pending_.size());
        pending_len_ = 0;
        return !iv.empty() && start(iv, aad);
    }

    std::size_t max_update_output(std::size_t input) const override { return (pending_len_ + input) / block * block; }
    // Not pending_len_ + tag: the bound must also hold when asked before an
    // update that will leave up to a block's worth pending (see aes.hpp).
    std::size_t max_finish_output() const override { return block - 1 + tag_bytes_; }

    // mbedTLS 2.28 takes whole blocks except in the last call, so partial
    // blocks wait here.  `in` and `out` must not overlap.
    status update(bytes_view in, byte* out, std::size_t& written) override {
        written = 0;
        const std::size_t out_len = max_update_output(in.size());
        std::size_t consumed = 0;
        if (pending_len_ != 0 && out_len != 0) {
            consumed = block - pending_len_;
            std::memcpy(pending_.data() + pending_len_, in.data(), consumed);
            if (mbedtls_gcm_update(ctx_.get(), block, pending_.data(), out) != 0) return status::invalid_input;
            written = block;
            pending_len_ = 0;
        }
        const std::size_t direct = out_len - written;
        if (direct != 0 && mbedtls_gcm_update(ctx_.get(), direct, in.data() + consumed, out + written) != 0)
            return status::invalid_input;  // past the SP 800-38D length limit
        consumed += direct;
        written += direct;
        const std::size_t rest = in.size() - consumed;
        if (rest != 0) std::memcpy(pending_.data() + pending_len_, in.data() + consumed, rest);
        pending_len_ += rest;
        return status::ok;
    }

    status finish(byte* out, std::size_t& written) override {
        written = 0;
        if (pending_len_ != 0 && mbedtls_gcm_update(ctx_.get(), pending_len_, pending_.data(), out) != 0)
            return status::invalid_input;
        if (mbedtls_gcm_finish(ctx_.get(), out + pending_len_, tag_bytes_) != 0) return status::internal;
        written = pending_len_ + tag_bytes_;
        pending_len_ = 0;
        return status::ok;
    }

private:
    std::array<byte, block> pending_{};
    std::size_t pending_len_ = 0;
};

class gcm_decrypt final : public internal::aead_open {
public:
    gcm_decrypt(mbed::leased<mbed::gcm_context> ctx, std::size_t tag_bytes, bytes_view iv, bytes_view aad)
        : aead_open(tag_bytes), ctx_(std::move(ctx)), iv_(iv.begin(), iv.end()), aad_(aad.begin(), aad.end()) {}

    bool restart(bytes_view iv, bytes_view aad) override {
        if (iv.empty()) return false;
        iv_.assign(iv.begin(), iv.end());
        aad_.assign(aad.begin(), aad.end());
        forget_input();
        return true;
    }

private:
    status open(bytes_view ciphertext, bytes_view tag, byte* plain) override {
        const int ret = mbedtls_gcm_auth_decrypt(ctx_.get(), ciphertext.size(), iv_.data(), iv_.size(), aad_.data(),
                                                 aad_.size(), tag.data(), tag.size(), ciphertext.data(), plain);
        if (ret == MBEDTLS_ERR_GCM_AUTH_FAILED) return status::decrypt_failed;
        return ret == 0 ? status::ok : status::invalid_input;
    }

    // Keyed once per key; mbedtls_gcm_auth_decrypt starts it afresh.
    mbed::leased<mbed::gcm_context> ctx_;
    bytes iv_;
    bytes aad_;
};

} // namespace

std::unique_ptr<cipher> make_aes_gcm(const aes_key_ptr& key, bytes_view iv, bytes_view aad, std::size_t tag_bytes,
                                     direction d) {
    if (!key || iv.empty() || tag_bytes < 4 || tag_bytes > 16) return nullptr;
    auto lease = mbed::backend(*key).gcm();
    if (!lease) return nullptr;
    mbed::leased<mbed::gcm_context> ctx(key, std::move(lease));
    if (d == direction::encrypt) {
        auto c = std::make_unique<gcm_encrypt>(std::move(ctx), tag_bytes);
        if (!c->start(iv, aad)) return nullptr;
        return c;
    }
    return std::make_unique<gcm_decrypt>(std::move(ctx), tag_bytes, iv, aad);
}

} // namespace p11::crypto
