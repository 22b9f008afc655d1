// CMAC from NIST SP 800-38B: subkeys K1, K2 from L = CIPH_K(0^b) (§6.1),
// CBC-MAC over the message with the last block XORed with K1 when complete
// or padded with 10* and XORed with K2 otherwise (§6.2).  The last block is
// held back until finish(), as it may be the final one.  One template for
// both block sizes the spec defines: AES (b = 128) and TDEA (b = 64).
#include <array>
#include <cstring>

#include "crypto/internal/aes_block.hpp"
#include "crypto/internal/cmac_block.hpp"
#include "crypto/internal/des3_block.hpp"

namespace p11::crypto::internal {

namespace {

// The constant R_b of §5.3: R_128 = 0^120 10000111, R_64 = 0^59 11011.
template <std::size_t N>
constexpr byte r_b = N == 16 ? 0x87 : 0x1B;

// The doubling of §6.1 steps 2-3: shift left by one bit, XOR R_b into the
// last byte when the top bit was set (without branching on it).
template <std::size_t N>
std::array<byte, N> dbl(const std::array<byte, N>& in) {
    std::array<byte, N> out{};
    for (std::size_t i = 0; i < N; ++i) {
        const byte next = i + 1 < N ? in[i + 1] : 0;
        out[i] = static_cast<byte>((in[i] << 1) | (next >> 7));
    }
    out[N - 1] ^= static_cast<byte>(r_b<N> & (0u - (in[0] >> 7)));
    return out;
}

// KeyPtr keeps the prepared key (which lent the block's schedule) alive.
template <class KeyPtr, class Block, std::size_t N>
class cmac_on_block final : public mac {
    using blockN = std::array<byte, N>;

public:
    cmac_on_block(KeyPtr key, std::unique_ptr<Block> block) : key_(std::move(key)), block_(std::move(block)) {
        blockN l{};
        block_->process(l.data(), l.data());
        k1_ = dbl(l);
        k2_ = dbl(k1_);
        secure_zero(l.data(), l.size());
    }
    ~cmac_on_block() override {
        for (blockN* b : {&k1_, &k2_, &state_, &pending_}) secure_zero(b->data(), b->size());
    }
    cmac_on_block(const cmac_on_block&) = delete;
    cmac_on_block& operator=(const cmac_on_block&) = delete;

    void update(bytes_view data) override {
        for (const byte b : data) {
            if (pending_len_ == N) {  // a further byte: the held block was not the last
                absorb(pending_);
                pending_len_ = 0;
            }
            pending_[pending_len_++] = b;
        }
    }

    void finish(byte* out) override {
        blockN last{};
        if (pending_len_ == N) {
            for (std::size_t i = 0; i < N; ++i) last[i] = static_cast<byte>(pending_[i] ^ k1_[i]);
        } else {
            std::memcpy(last.data(), pending_.data(), pending_len_);
            last[pending_len_] = 0x80;
            for (std::size_t i = 0; i < N; ++i) last[i] ^= k2_[i];
        }
        absorb(last);
        std::memcpy(out, state_.data(), N);
        secure_zero(last.data(), last.size());
        reset();
    }

    std::size_t size() const override { return N; }

    void reset() override {
        secure_zero(state_.data(), state_.size());
        secure_zero(pending_.data(), pending_.size());
        pending_len_ = 0;
    }

private:
    void absorb(const blockN& m) {
        for (std::size_t i = 0; i < N; ++i) state_[i] ^= m[i];
        block_->process(state_.data(), state_.data());
    }

    KeyPtr key_;  // before block_: the block's schedule goes back to the key first
    std::unique_ptr<Block> block_;
    blockN k1_{}, k2_{}, state_{}, pending_{};
    std::size_t pending_len_ = 0;
};

} // namespace

std::unique_ptr<mac> make_cmac_on_block(const aes_key_ptr& key) {
    if (!key) return nullptr;
    auto block = make_aes_block(key, direction::encrypt);
    if (!block) return nullptr;
    return std::make_unique<cmac_on_block<aes_key_ptr, aes_block, aes_block_size>>(key, std::move(block));
}

std::unique_ptr<mac> make_cmac_on_block(const des3_key_ptr& key) {
    if (!key) return nullptr;
    auto block = make_des3_block(key, direction::encrypt);
    if (!block) return nullptr;
    return std::make_unique<cmac_on_block<des3_key_ptr, des3_block, des3_block_size>>(key, std::move(block));
}

} // namespace p11::crypto::internal
