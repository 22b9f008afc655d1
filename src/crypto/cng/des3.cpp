// TDEA on CNG: a prepared key keeps the key bytes.  The block function is
// CBC of one block with a zero IV, which is ECB: wine 8's 3DES provider
// refuses BCRYPT_CHAIN_MODE_ECB (STATUS_NOT_SUPPORTED) and runs CBC, CNG's
// default, so the provider keeps that mode everywhere.  Wine also carries
// the chain from one call to the next when the IV given is the same, so
// each block gets a key object of its own, made from the bytes (TDEA is
// for legacy use: no speed is sought).  Whether the platform computes TDEA
// right is found once (capabilities.cpp).
#include <array>
#include <cstring>

#include "crypto/cng/support.hpp"
#include "crypto/internal/des3_block.hpp"

namespace p11::crypto {

namespace {

// A fresh CNG key object, or an empty handle.
cng::key_handle key_object(const secure_bytes& k24) {
    BCRYPT_KEY_HANDLE h = nullptr;
    if (!cng::ok(BCryptGenerateSymmetricKey(cng::algorithm(cng::provider::des3), &h, nullptr, 0, cng::in(k24.data()),
                                            cng::ulong(k24.size()), 0)))
        return nullptr;
    return cng::key_handle(h);
}

class cng_des3_block final : public internal::des3_block {
public:
    cng_des3_block(des3_key_ptr key, direction d) : key_(std::move(key)), d_(d) {}
    void process(const byte* in, byte* out) override {
        std::array<byte, des3_block_size> iv{}, block{};
        std::memcpy(block.data(), in, block.size());  // in and out may be one buffer
        const auto h = key_object(static_cast<const internal::des3_raw_key&>(*key_).bytes());
        if (!h) cng::throw_if_failed(STATUS_UNSUCCESSFUL);
        auto* k = static_cast<BCRYPT_KEY_HANDLE>(h.get());
        const ULONG size = cng::ulong(block.size());
        ULONG n = 0;
        const NTSTATUS st = d_ == direction::encrypt
                                ? BCryptEncrypt(k, block.data(), size, nullptr, iv.data(), size, out, size, &n, 0)
                                : BCryptDecrypt(k, block.data(), size, nullptr, iv.data(), size, out, size, &n, 0);
        secure_zero(block.data(), block.size());
        cng::throw_if_failed(st);
    }

private:
    des3_key_ptr key_;
    direction d_;
};

} // namespace

des3_key_ptr load_des3_key(bytes_view key) {
    auto k = internal::des3_key_bytes(key);
    if (!k || cng::algorithm(cng::provider::des3) == nullptr) return nullptr;
    return std::make_shared<internal::des3_raw_key>(std::move(*k));
}

namespace internal {

std::unique_ptr<des3_block> make_des3_block(const des3_key_ptr& key, direction d) {
    // The key bytes were taken by CNG once already (or are refused now).
    if (!key || !key_object(static_cast<const internal::des3_raw_key&>(*key).bytes())) return nullptr;
    return std::make_unique<cng_des3_block>(key, d);
}

} // namespace internal

} // namespace p11::crypto
