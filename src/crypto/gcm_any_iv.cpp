// GCM from its definition in NIST SP 800-38D: GHASH (§6.4) over GF(2^128)
// with the bitwise multiplication of §6.3 (Algorithm 1), the pre-counter
// block J0 of §7.1 step 2 for any IV length, GCTR (§6.5) from inc32(J0), and
// the tag MSB_t(GCTR_K(J0, S)).  Encryption streams; decryption keeps the
// input until finish(), where the tag is checked before any plaintext leaves.
#include <array>
#include <cstdint>
#include <cstring>

#include "crypto/internal/aes_block.hpp"
#include "crypto/internal/gcm_any_iv.hpp"

namespace p11::crypto::internal {

namespace {

using block128 = std::array<byte, aes_block_size>;

// X · Y in GF(2^128), bit 0 being the most significant bit of byte 0 (§6.3).
block128 gf_multiply(const block128& x, const block128& y) {
    block128 z{};
    block128 v = y;
    for (std::size_t i = 0; i < 128; ++i) {
        if ((x[i / 8] >> (7 - i % 8)) & 1u)
            for (std::size_t k = 0; k < 16; ++k) z[k] ^= v[k];
        const bool lsb = v[15] & 1u;
        for (std::size_t k = 15; k > 0; --k) v[k] = static_cast<byte>((v[k] >> 1) | (v[k - 1] << 7));
        v[0] = static_cast<byte>(v[0] >> 1);
        if (lsb) v[0] ^= 0xE1;  // R = 11100001 || 0^120
    }
    return z;
}

// GHASH_H over a byte string fed in pieces; a partial block is zero-padded
// when pad() is called (the "|| 0^v" of §7.1).
class ghash {
public:
    explicit ghash(const block128& h) : h_(h) {}
    ~ghash() {
        secure_zero(h_.data(), h_.size());
        secure_zero(y_.data(), y_.size());
    }
    void absorb(bytes_view data) {
        for (const byte b : data) {
            y_[filled_++] ^= b;
            if (filled_ == aes_block_size) multiply();
        }
    }
    void pad() {
        if (filled_ != 0) multiply();
    }
    // [len(A)]_64 || [len(C)]_64 in bits, then the result.
    block128 finish(std::uint64_t first_bytes, std::uint64_t second_bytes) {
        pad();
        block128 lengths{};
        put_u64(lengths.data(), first_bytes * 8);
        put_u64(lengths.data() + 8, second_bytes * 8);
        absorb(lengths);
        return y_;
    }
    static void put_u64(byte* out, std::uint64_t v) {
        for (int i = 7; i >= 0; --i, v >>= 8) out[i] = static_cast<byte>(v);
    }

private:
    void multiply() {
        y_ = gf_multiply(y_, h_);
        filled_ = 0;
    }
    block128 h_;
    block128 y_{};
    std::size_t filled_ = 0;
};

// inc32: the low 32 bits of the block, modulo 2^32 (§6.2).
void inc32(block128& cb) {
    for (std::size_t i = 15; i >= 12; --i)
        if (++cb[i] != 0) break;
}

class gcm_any_iv final : public cipher {
public:
    gcm_any_iv(std::unique_ptr<aes_block> block, bytes_view iv, bytes_view aad, std::size_t tag_bytes, direction d)
        : block_(std::move(block)), hash_(hash_key(*block_)), tag_bytes_(tag_bytes), d_(d) {
        // §7.1 step 2: J0 = IV || 0^31 || 1 for 96-bit IVs, else
        // GHASH_H(IV || 0^(s+64) || [len(IV)]_64).
        if (iv.size() == 12) {
            std::memcpy(j0_.data(), iv.data(), 12);
            j0_[15] = 1;
        } else {
            ghash g(hash_key(*block_));
            g.absorb(iv);
            j0_ = g.finish(0, iv.size());
        }
        counter_ = j0_;
        hash_.absorb(aad);
        hash_.pad();
        aad_bytes_ = aad.size();
    }
    ~gcm_any_iv() override {
        secure_zero(keystream_.data(), keystream_.size());
        secure_zero(j0_.data(), j0_.size());
        secure_zero(counter_.data(), counter_.size());
    }

    std::size_t max_update_output(std::size_t input) const override {
        return d_ == direction::encrypt ? input : held_.size() + input;
    }
    std::size_t max_finish_output() const override {
        if (d_ == direction::encrypt) return tag_bytes_;
        return held_.size() > tag_bytes_ ? held_.size() - tag_bytes_ : 0;
    }

    status update(bytes_view in, byte* out, std::size_t& written) override {
        written = 0;
        if (d_ == direction::decrypt) {
            held_.insert(held_.end(), in.begin(), in.end());
            return status::ok;
        }
        if (!within_limit(in.size())) return status::invalid_input;
        crypt(in, out);
        hash_.absorb({out, in.size()});
        written = in.size();
        return status::ok;
    }

    status finish(byte* out, std::size_t& written) override {
        written = 0;
        if (d_ == direction::encrypt) {
            const block128 tag = tag_of_hashed();
            std::memcpy(out, tag.data(), tag_bytes_);
            written = tag_bytes_;
            return status::ok;
        }
        if (held_.size() < tag_bytes_) return status::invalid_input;
        const std::size_t length = held_.size() - tag_bytes_;
        if (!within_limit(length)) return status::invalid_input;
        const bytes_view ciphertext{held_.data(), length};
        hash_.absorb(ciphertext);
        text_bytes_ = length;
        const block128 expected = tag_of_hashed();
        unsigned diff = 0;
        for (std::size_t i = 0; i < tag_bytes_; ++i) diff |= expected[i] ^ held_[length + i];
        if (diff != 0) return status::decrypt_failed;
        // Decrypt into our own memory first: the caller's buffer may be
        // visible to other threads of the application while we work.
        secure_bytes plain(length);
        crypt(ciphertext, plain.data());
        if (length != 0) std::memcpy(out, plain.data(), length);
        written = length;
        return status::ok;
    }

private:
    static block128 hash_key(aes_block& b) {
        block128 h{};
        b.process(h.data(), h.data());  // H = CIPH_K(0^128)
        return h;
    }
    // §5.2.1.1: at most 2^39 - 256 bits of plaintext (2^32 - 2 blocks).
    bool within_limit(std::size_t more) {
        constexpr std::uint64_t max_bytes = (std::uint64_t{1} << 36) - 32;
        if (more > max_bytes - text_bytes_) return false;
        if (d_ == direction::encrypt) text_bytes_ += more;
        return true;
    }
    // GCTR from inc32(J0), continuing across calls.
    void crypt(bytes_view in, byte* out) {
        for (std::size_t i = 0; i < in.size(); ++i) {
            if (used_ == aes_block_size) {
                inc32(counter_);
                block_->process(counter_.data(), keystream_.data());
                used_ = 0;
            }
            out[i] = static_cast<byte>(in[i] ^ keystream_[used_++]);
        }
    }
    block128 tag_of_hashed() {
        block128 s = hash_.finish(aad_bytes_, text_bytes_);
        block128 mask{};
        block_->process(j0_.data(), mask.data());
        for (std::size_t i = 0; i < 16; ++i) s[i] ^= mask[i];
        return s;
    }

    std::unique_ptr<aes_block> block_;
    ghash hash_;
    std::size_t tag_bytes_;
    direction d_;
    block128 j0_{};
    block128 counter_{};
    block128 keystream_{};
    std::size_t used_ = aes_block_size;
    std::uint64_t aad_bytes_ = 0;
    std::uint64_t text_bytes_ = 0;
    bytes held_;  // decryption: ciphertext || tag, not secret
};

} // namespace

std::unique_ptr<cipher> make_gcm_any_iv(const aes_key_ptr& key, bytes_view iv, bytes_view aad, std::size_t tag_bytes,
                                        direction d) {
    if (!key || iv.empty() || tag_bytes < 4 || tag_bytes > 16) return nullptr;
    auto block = make_aes_block(key, direction::encrypt);  // GCM only ever encrypts blocks
    if (!block) return nullptr;
    return std::make_unique<gcm_any_iv>(std::move(block), iv, aad, tag_bytes, d);
}

} // namespace p11::crypto::internal
