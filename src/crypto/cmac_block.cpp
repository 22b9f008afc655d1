// AES-CMAC from NIST SP 800-38B: subkeys K1, K2 from L = CIPH_K(0^128)
// (§6.1), CBC-MAC over the message with the last block XORed with K1 when
// complete or padded with 10* and XORed with K2 otherwise (§6.2).  The last
// block is held back until finish(), as it may be the final one.
#include <array>
#include <cstring>

#include "crypto/internal/aes_block.hpp"
#include "crypto/internal/cmac_block.hpp"

namespace p11::crypto::internal {

namespace {

using block128 = std::array<byte, aes_block_size>;

// The doubling of §6.1 steps 2-3: shift left by one bit, XOR R_128 = 0x87
// into the last byte when the top bit was set (without branching on it).
block128 dbl(const block128& in) {
    block128 out{};
    for (std::size_t i = 0; i < aes_block_size; ++i) {
        const byte next = i + 1 < aes_block_size ? in[i + 1] : 0;
        out[i] = static_cast<byte>((in[i] << 1) | (next >> 7));
    }
    out[aes_block_size - 1] ^= static_cast<byte>(0x87 & (0u - (in[0] >> 7)));
    return out;
}

class cmac_on_block final : public mac {
public:
    cmac_on_block(aes_key_ptr key, std::unique_ptr<aes_block> block) : key_(std::move(key)), block_(std::move(block)) {
        block128 l{};
        block_->process(l.data(), l.data());
        k1_ = dbl(l);
        k2_ = dbl(k1_);
        secure_zero(l.data(), l.size());
    }
    ~cmac_on_block() override {
        for (block128* b : {&k1_, &k2_, &state_, &pending_}) secure_zero(b->data(), b->size());
    }
    cmac_on_block(const cmac_on_block&) = delete;
    cmac_on_block& operator=(const cmac_on_block&) = delete;

    void update(bytes_view data) override {
        for (const byte b : data) {
            if (pending_len_ == aes_block_size) {  // a further byte: the held block was not the last
                absorb(pending_);
                pending_len_ = 0;
            }
            pending_[pending_len_++] = b;
        }
    }

    void finish(byte* out) override {
        block128 last{};
        if (pending_len_ == aes_block_size) {
            for (std::size_t i = 0; i < aes_block_size; ++i) last[i] = static_cast<byte>(pending_[i] ^ k1_[i]);
        } else {
            std::memcpy(last.data(), pending_.data(), pending_len_);
            last[pending_len_] = 0x80;
            for (std::size_t i = 0; i < aes_block_size; ++i) last[i] ^= k2_[i];
        }
        absorb(last);
        std::memcpy(out, state_.data(), aes_block_size);
        secure_zero(last.data(), last.size());
        reset();
    }

    std::size_t size() const override { return aes_block_size; }

    void reset() override {
        secure_zero(state_.data(), state_.size());
        secure_zero(pending_.data(), pending_.size());
        pending_len_ = 0;
    }

private:
    void absorb(const block128& m) {
        for (std::size_t i = 0; i < aes_block_size; ++i) state_[i] ^= m[i];
        block_->process(state_.data(), state_.data());
    }

    aes_key_ptr key_;  // before block_: the block's schedule goes back to the key first
    std::unique_ptr<aes_block> block_;
    block128 k1_{}, k2_{}, state_{}, pending_{};
    std::size_t pending_len_ = 0;
};

} // namespace

std::unique_ptr<mac> make_cmac_on_block(const aes_key_ptr& key) {
    if (!key) return nullptr;
    auto block = make_aes_block(key, direction::encrypt);
    if (!block) return nullptr;
    return std::make_unique<cmac_on_block>(key, std::move(block));
}

} // namespace p11::crypto::internal
