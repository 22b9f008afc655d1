#include "crypto/cng/sha224.hpp"

#include <array>
#include <cstdint>
#include <cstring>

namespace p11::crypto::cng {

namespace {

// FIPS 180-4 §4.2.2 and §5.3.2.
constexpr std::array<std::uint32_t, 64> k256{
    0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
    0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
    0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
    0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
    0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
    0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
    0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
    0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2};
constexpr std::array<std::uint32_t, 8> sha224_iv{0xc1059ed8, 0x367cd507, 0x3070dd17, 0xf70e5939,
                                                 0xffc00b31, 0x68581511, 0x64f98fa7, 0xbefa4fa4};

constexpr std::uint32_t rotr(std::uint32_t x, unsigned n) { return (x >> n) | (x << (32 - n)); }

class sha224 final : public hash {
public:
    ~sha224() override {
        secure_zero(buffer_.data(), buffer_.size());
        secure_zero(state_.data(), sizeof state_);
    }
    void update(bytes_view data) override {
        total_ += data.size();
        for (const byte b : data) {
            buffer_[filled_++] = b;
            if (filled_ == buffer_.size()) {
                compress();
                filled_ = 0;
            }
        }
    }
    void finish(byte* out) override {
        const std::uint64_t bits = total_ * 8;
        buffer_[filled_++] = 0x80;
        if (filled_ > 56) {
            std::memset(buffer_.data() + filled_, 0, buffer_.size() - filled_);
            compress();
            filled_ = 0;
        }
        std::memset(buffer_.data() + filled_, 0, 56 - filled_);
        for (int i = 0; i < 8; ++i) buffer_[56 + i] = static_cast<byte>(bits >> (56 - 8 * i));
        compress();
        for (std::size_t i = 0; i < 7; ++i)
            for (std::size_t j = 0; j < 4; ++j) out[4 * i + j] = static_cast<byte>(state_[i] >> (24 - 8 * j));
    }
    std::unique_ptr<hash> clone() const override { return std::make_unique<sha224>(*this); }
    hash_alg algorithm() const override { return hash_alg::sha224; }

private:
    void compress() {
        std::array<std::uint32_t, 64> w{};
        for (std::size_t t = 0; t < 16; ++t)
            w[t] = (std::uint32_t{buffer_[4 * t]} << 24) | (std::uint32_t{buffer_[4 * t + 1]} << 16) |
                   (std::uint32_t{buffer_[4 * t + 2]} << 8) | buffer_[4 * t + 3];
        for (std::size_t t = 16; t < 64; ++t) {
            const std::uint32_t s0 = rotr(w[t - 15], 7) ^ rotr(w[t - 15], 18) ^ (w[t - 15] >> 3);
            const std::uint32_t s1 = rotr(w[t - 2], 17) ^ rotr(w[t - 2], 19) ^ (w[t - 2] >> 10);
            w[t] = w[t - 16] + s0 + w[t - 7] + s1;
        }
        auto v = state_;  // a b c d e f g h
        for (std::size_t t = 0; t < 64; ++t) {
            const std::uint32_t t1 = v[7] + (rotr(v[4], 6) ^ rotr(v[4], 11) ^ rotr(v[4], 25)) +
                                     ((v[4] & v[5]) ^ (~v[4] & v[6])) + k256[t] + w[t];
            const std::uint32_t t2 =
                (rotr(v[0], 2) ^ rotr(v[0], 13) ^ rotr(v[0], 22)) + ((v[0] & v[1]) ^ (v[0] & v[2]) ^ (v[1] & v[2]));
            for (std::size_t i = 7; i > 0; --i) v[i] = v[i - 1];
            v[4] += t1;
            v[0] = t1 + t2;
        }
        for (std::size_t i = 0; i < 8; ++i) state_[i] += v[i];
        secure_zero(w.data(), sizeof w);
        secure_zero(v.data(), sizeof v);
    }

    std::array<std::uint32_t, 8> state_ = sha224_iv;
    std::array<byte, 64> buffer_{};
    std::size_t filled_ = 0;
    std::uint64_t total_ = 0;
};

} // namespace

std::unique_ptr<hash> make_sha224() { return std::make_unique<sha224>(); }

} // namespace p11::crypto::cng
