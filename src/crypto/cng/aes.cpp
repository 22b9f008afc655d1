// AES on CNG: a prepared key is the key bytes and a pool of CNG key objects
// made from them on the ECB provider (one per concurrent operation: CNG does
// not promise that one key object serves two threads at once).  ECB runs
// CNG's ECB over all whole blocks of a call; CBC chains those blocks here;
// CTR, GCM, key wrap and CMAC are the shared algorithms on the block function
// (aes_ctr.cpp, gcm_any_iv.cpp, key_wrap.cpp, cmac_block.cpp).
#include <array>
#include <cstring>
#include <optional>

#include "crypto/aes.hpp"
#include "crypto/cng/support.hpp"
#include "crypto/internal/aes_block.hpp"
#include "crypto/internal/gcm_any_iv.hpp"
#include "crypto/internal/block_mode.hpp"
#include "crypto/internal/pool.hpp"

namespace p11::crypto {

namespace {

using internal::aes_block_size;
constexpr std::size_t block = aes_block_size;

struct key_object {
    cng::key_handle h;
};

class cng_aes_key final : public aes_key {
public:
    explicit cng_aes_key(bytes_view key)
        : key_(key.begin(), key.end()), pool_([this]() -> std::unique_ptr<key_object> {
              BCRYPT_ALG_HANDLE alg = cng::algorithm(cng::provider::aes_ecb);
              BCRYPT_KEY_HANDLE h = nullptr;
              if (alg == nullptr ||
                  !cng::ok(BCryptGenerateSymmetricKey(alg, &h, nullptr, 0, cng::in(key_.data()), cng::ulong(key_.size()), 0)))
                  return nullptr;
              return std::make_unique<key_object>(key_object{cng::key_handle(h)});
          }) {}
    std::size_t key_bytes() const override { return key_.size(); }
    internal::context_pool<key_object>::lease lend() const { return pool_.acquire(); }

private:
    secure_bytes key_;  // to make the key objects the pool lends
    mutable internal::context_pool<key_object> pool_;
};

// A key object lent by a key, with the key: the lease goes back first.
class leased_key {
public:
    leased_key(aes_key_ptr key, internal::context_pool<key_object>::lease l) : key_(std::move(key)), lease_(std::move(l)) {}
    // ECB over `length` bytes (whole blocks).  CNG's ECB cannot fail on whole
    // blocks with a valid key; a failure is thrown as the backend's.
    void ecb(direction d, const byte* in, std::size_t length, byte* out) const {
        if (length == 0) return;
        ULONG done = 0;
        auto* h = static_cast<BCRYPT_KEY_HANDLE>(lease_->h.get());
        const NTSTATUS st = d == direction::encrypt
                                ? BCryptEncrypt(h, cng::in(in), cng::ulong(length), nullptr, nullptr, 0, out,
                                                cng::ulong(length), &done, 0)
                                : BCryptDecrypt(h, cng::in(in), cng::ulong(length), nullptr, nullptr, 0, out,
                                                cng::ulong(length), &done, 0);
        cng::throw_if_failed(st);
    }

private:
    aes_key_ptr key_;
    internal::context_pool<key_object>::lease lease_;
};

std::optional<leased_key> lend(const aes_key_ptr& key) {
    auto lease = static_cast<const cng_aes_key&>(*key).lend();
    if (!lease) return std::nullopt;
    return leased_key(key, std::move(lease));
}

class cng_block final : public internal::aes_block {
public:
    cng_block(leased_key k, direction d) : key_(std::move(k)), dir_(d) {}
    void process(const byte* in, byte* out) override {
        std::array<byte, block> tmp;  // in and out may be the same buffer
        std::memcpy(tmp.data(), in, block);
        key_.ecb(dir_, tmp.data(), block, out);
        secure_zero(tmp.data(), tmp.size());
    }

private:
    leased_key key_;
    direction dir_;
};

// ECB and CBC on the shared streaming (internal/block_mode.hpp).
class block_mode final : public internal::block_mode {
public:
    block_mode(leased_key k, direction d, bool cbc, bool pad, bytes_view iv)
        : internal::block_mode(d, pad), key_(std::move(k)), cbc_(cbc) {
        if (cbc) std::memcpy(iv_.data(), iv.data(), block);
    }
    ~block_mode() override { secure_zero(iv_.data(), iv_.size()); }

private:
    void crypt(const byte* in, std::size_t length, byte* out) override {
        if (!cbc_) {
            key_.ecb(dir(), in, length, out);
            return;
        }
        if (dir() == direction::encrypt) {
            for (std::size_t off = 0; off < length; off += block) {
                for (std::size_t i = 0; i < block; ++i) iv_[i] ^= in[off + i];
                key_.ecb(direction::encrypt, iv_.data(), block, out + off);
                std::memcpy(iv_.data(), out + off, block);
            }
            return;
        }
        // Decryption: all blocks in one ECB call, then XOR with the previous
        // ciphertext blocks (still in `in`).
        key_.ecb(direction::decrypt, in, length, out);
        for (std::size_t i = 0; i < block; ++i) out[i] ^= iv_[i];
        for (std::size_t off = block; off < length; off += block)
            for (std::size_t i = 0; i < block; ++i) out[off + i] ^= in[off - block + i];
        std::memcpy(iv_.data(), in + length - block, block);
    }

    leased_key key_;
    bool cbc_;
    std::array<byte, block> iv_{};
};

} // namespace

aes_key_ptr load_aes_key(bytes_view key) {
    if (key.size() != 16 && key.size() != 24 && key.size() != 32) return nullptr;
    return std::make_shared<cng_aes_key>(key);
}

std::unique_ptr<cipher> make_aes_ecb(const aes_key_ptr& key, direction d) {
    if (!key) return nullptr;
    auto k = lend(key);
    if (!k) return nullptr;
    return std::make_unique<block_mode>(std::move(*k), d, false, false, bytes_view{});
}

std::unique_ptr<cipher> make_aes_cbc(const aes_key_ptr& key, bytes_view iv16, direction d, bool pkcs7_padding) {
    if (!key || iv16.size() != block) return nullptr;
    auto k = lend(key);
    if (!k) return nullptr;
    return std::make_unique<block_mode>(std::move(*k), d, true, pkcs7_padding, iv16);
}

// GCM for every IV and tag length on the block function.  (CNG's own GCM
// takes only 12-byte nonces and tags of 12..16 bytes.)
std::unique_ptr<cipher> make_aes_gcm(const aes_key_ptr& key, bytes_view iv, bytes_view aad, std::size_t tag_bytes,
                                     direction d) {
    if (!key) return nullptr;
    return internal::make_gcm_any_iv(key, iv, aad, tag_bytes, d);
}

namespace internal {

std::unique_ptr<aes_block> make_aes_block(const aes_key_ptr& key, direction d) {
    auto k = lend(key);
    if (!k) return nullptr;
    return std::make_unique<cng_block>(std::move(*k), d);
}

} // namespace internal

} // namespace p11::crypto
