// TDEA modes written once on the backend's block function: ECB and CBC
// stream through internal/block_mode.hpp (which pads and unpads), CBC chains
// here; CMAC is cmac_block.cpp's template with b = 64 (mac_key.cpp).
#include "crypto/des3.hpp"

#include <array>
#include <cstring>

#include "crypto/internal/block_mode.hpp"
#include "crypto/internal/des3_block.hpp"

namespace p11::crypto {

namespace {

constexpr std::size_t block = des3_block_size;

class des3_mode final : public internal::block_mode {
public:
    des3_mode(des3_key_ptr key, std::unique_ptr<internal::des3_block> f, direction d, bool cbc, bool pad)
        : internal::block_mode(d, pad, block), key_(std::move(key)), f_(std::move(f)), cbc_(cbc) {}
    ~des3_mode() override { secure_zero(iv_.data(), iv_.size()); }

    void set_iv(bytes_view iv8) { std::memcpy(iv_.data(), iv8.data(), block); }

private:
    void crypt(const byte* in, std::size_t length, byte* out) override {
        for (std::size_t off = 0; off < length; off += block) {
            if (!cbc_) {
                f_->process(in + off, out + off);
            } else if (dir() == direction::encrypt) {  // C_i = E(P_i ^ C_{i-1})
                for (std::size_t i = 0; i < block; ++i) iv_[i] ^= in[off + i];
                f_->process(iv_.data(), out + off);
                std::memcpy(iv_.data(), out + off, block);
            } else {  // P_i = D(C_i) ^ C_{i-1}; in and out never overlap
                f_->process(in + off, out + off);
                for (std::size_t i = 0; i < block; ++i) out[off + i] ^= iv_[i];
                std::memcpy(iv_.data(), in + off, block);
            }
        }
    }

    des3_key_ptr key_;  // before f_: the block goes back to the key first
    std::unique_ptr<internal::des3_block> f_;
    bool cbc_;
    std::array<byte, block> iv_{};
};

std::unique_ptr<des3_mode> make_mode(const des3_key_ptr& key, direction d, bool cbc, bool pad) {
    if (!key) return nullptr;
    auto f = internal::make_des3_block(key, d);
    if (!f) return nullptr;
    return std::make_unique<des3_mode>(key, std::move(f), d, cbc, pad);
}

} // namespace

std::unique_ptr<cipher> make_des3_ecb(const des3_key_ptr& key, direction d) { return make_mode(key, d, false, false); }

std::unique_ptr<cipher> make_des3_cbc(const des3_key_ptr& key, bytes_view iv8, direction d, bool pkcs7_padding) {
    if (iv8.size() != block) return nullptr;
    auto c = make_mode(key, d, true, pkcs7_padding);
    if (c) c->set_iv(iv8);
    return c;
}

void set_des_odd_parity(std::span<byte> key) noexcept {
    for (auto& b : key) {
        unsigned ones = 0;
        for (unsigned bit = 1; bit < 8; ++bit) ones += (b >> bit) & 1u;
        b = static_cast<byte>((b & 0xFE) | ((ones & 1u) ^ 1u));
    }
}

namespace internal {

std::optional<secure_bytes> des3_key_bytes(bytes_view key) {
    if (key.size() != 16 && key.size() != 24) return std::nullopt;
    secure_bytes k(key.begin(), key.end());
    if (key.size() == 16) k.insert(k.end(), key.begin(), key.begin() + 8);  // K3 = K1
    return k;
}

} // namespace internal

} // namespace p11::crypto
