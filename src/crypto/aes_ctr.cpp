// AES-CTR with the counter confined to the low `counter_bits` bits of the
// block (CK_AES_CTR_PARAMS, NIST SP 800-38A appendix B.1): the bits above it
// never change, and running past the last counter value is refused instead
// of silently reusing a counter block.
#include <algorithm>
#include <array>
#include <cstring>
#include <limits>

#include "crypto/aes.hpp"
#include "crypto/internal/aes_block.hpp"

namespace p11::crypto {

namespace {

using internal::aes_block_size;

class ctr_cipher final : public cipher {
public:
    ctr_cipher(std::unique_ptr<internal::aes_block> block, bytes_view counter_block, unsigned counter_bits)
        : block_(std::move(block)), bits_(counter_bits) {
        std::memcpy(counter_.data(), counter_block.data(), aes_block_size);
        blocks_left_ = blocks_available();
    }
    ~ctr_cipher() override {
        secure_zero(keystream_.data(), keystream_.size());
        secure_zero(counter_.data(), counter_.size());
    }

    std::size_t max_update_output(std::size_t input) const override { return input; }
    std::size_t max_finish_output() const override { return 0; }

    status update(bytes_view in, byte* out, std::size_t& written) override {
        written = 0;
        // Refuse before producing anything if the counter would wrap.
        const std::size_t from_buffer = std::min(in.size(), buffered_);
        const std::size_t rest = in.size() - from_buffer;
        const std::uint64_t needed = rest / aes_block_size + (rest % aes_block_size != 0);
        if (needed > blocks_left_) return status::invalid_input;

        for (std::size_t i = 0; i < in.size(); ++i) {
            if (buffered_ == 0) next_keystream();
            out[i] = static_cast<byte>(in[i] ^ keystream_[aes_block_size - buffered_]);
            --buffered_;
        }
        written = in.size();
        return status::ok;
    }

    status finish(byte*, std::size_t& written) override {
        written = 0;
        return status::ok;
    }

private:
    // 2^bits minus the counter's current value, saturated at 2^64 - 1 (more
    // blocks than any input can need).
    std::uint64_t blocks_available() const {
        constexpr auto max = std::numeric_limits<std::uint64_t>::max();
        std::uint64_t low = 0;  // the counter's low 64 bits (within the field)
        for (std::size_t i = 8; i < 16; ++i) low = (low << 8) | counter_[i];
        if (bits_ < 64) {
            const std::uint64_t field = low & ((std::uint64_t{1} << bits_) - 1);
            return (std::uint64_t{1} << bits_) - field;
        }
        // Bits 64 .. bits-1 all set means the remaining count is 2^64 - low.
        bool high_all_ones = true;
        for (unsigned bit = 64; bit < bits_; ++bit) {
            const byte b = counter_[15 - bit / 8];
            if (((b >> (bit % 8)) & 1) == 0) high_all_ones = false;
        }
        if (!high_all_ones || low == 0) return max;
        return (max - low) + 1;
    }

    void next_keystream() {
        block_->process(counter_.data(), keystream_.data());
        buffered_ = aes_block_size;
        --blocks_left_;
        increment();
    }

    // Adds one modulo 2^bits, leaving the bits above untouched.
    void increment() {
        unsigned remaining = bits_;
        for (std::size_t i = aes_block_size; i-- > 0 && remaining > 0;) {
            const unsigned width = std::min(remaining, 8u);
            const byte mask = static_cast<byte>((1u << width) - 1);
            const byte field = static_cast<byte>((counter_[i] + 1) & mask);
            counter_[i] = static_cast<byte>((counter_[i] & ~mask) | field);
            if (field != 0) return;  // no carry
            remaining -= width;
        }
    }

    std::unique_ptr<internal::aes_block> block_;
    unsigned bits_;
    std::array<byte, aes_block_size> counter_{};
    std::array<byte, aes_block_size> keystream_{};
    std::size_t buffered_ = 0;  // unused keystream bytes at the end of keystream_
    std::uint64_t blocks_left_ = 0;
};

} // namespace

std::unique_ptr<cipher> make_aes_ctr(const aes_key_ptr& key, bytes_view counter_block16, unsigned counter_bits,
                                     direction d) {
    (void)d;  // CTR is its own inverse
    if (!key || counter_block16.size() != aes_block_size || counter_bits == 0 || counter_bits > 128) return nullptr;
    auto block = internal::make_aes_block(key, direction::encrypt);
    if (!block) return nullptr;
    return std::make_unique<ctr_cipher>(std::move(block), counter_block16, counter_bits);
}

} // namespace p11::crypto
