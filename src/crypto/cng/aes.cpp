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
        : key_(key.begin(), key.end()),
          pool_([this] { return make(cng::provider::aes_ecb); }),
          gcm_pool_([this] { return make(cng::provider::aes_gcm); }) {}
    std::size_t key_bytes() const override { return key_.size(); }
    // A key object on the ECB provider, or on the GCM one.
    internal::context_pool<key_object>::lease lend(bool gcm = false) const {
        return (gcm ? gcm_pool_ : pool_).acquire();
    }

private:
    std::unique_ptr<key_object> make(cng::provider mode) const {
        BCRYPT_ALG_HANDLE alg = cng::algorithm(mode);
        BCRYPT_KEY_HANDLE h = nullptr;
        if (alg == nullptr ||
            !cng::ok(BCryptGenerateSymmetricKey(alg, &h, nullptr, 0, cng::in(key_.data()), cng::ulong(key_.size()), 0)))
            return nullptr;
        return std::make_unique<key_object>(key_object{cng::key_handle(h)});
    }

    secure_bytes key_;  // to make the key objects the pools lend
    mutable internal::context_pool<key_object> pool_;
    mutable internal::context_pool<key_object> gcm_pool_;
};

// A key object lent by a key, with the key: the lease goes back first.
class leased_key {
public:
    leased_key(aes_key_ptr key, internal::context_pool<key_object>::lease l) : key_(std::move(key)), lease_(std::move(l)) {}
    [[nodiscard]] BCRYPT_KEY_HANDLE handle() const noexcept { return static_cast<BCRYPT_KEY_HANDLE>(lease_->h.get()); }
    [[nodiscard]] const aes_key_ptr& key() const noexcept { return key_; }
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

std::optional<leased_key> lend(const aes_key_ptr& key, bool gcm = false) {
    auto lease = static_cast<const cng_aes_key&>(*key).lend(gcm);
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

// CNG's GCM, one call at finish(): decryption must hold everything until the
// tag is checked anyway, and one unchained call is the GCM every CNG has
// (wine's included).  Encryption therefore writes nothing before finish()
// either, which the cipher contract allows.  Should CNG refuse the call, the
// shared GCM runs over what was held.
class cng_gcm final : public cipher {
public:
    cng_gcm(leased_key k, bytes_view iv, bytes_view aad, std::size_t tag_bytes, direction d)
        : key_(std::move(k)), iv_(iv.begin(), iv.end()), aad_(aad.begin(), aad.end()), tag_bytes_(tag_bytes), dir_(d) {}

    std::size_t max_update_output(std::size_t input) const override { return held_.size() + input; }
    std::size_t max_finish_output() const override {
        if (dir_ == direction::encrypt) return held_.size() + tag_bytes_;
        return held_.size() > tag_bytes_ ? held_.size() - tag_bytes_ : 0;
    }

    status update(bytes_view in, byte*, std::size_t& written) override {
        written = 0;
        held_.insert(held_.end(), in.begin(), in.end());
        return status::ok;
    }

    status finish(byte* out, std::size_t& written) override {
        written = 0;
        if (dir_ == direction::decrypt && held_.size() < tag_bytes_) return status::invalid_input;
        const std::size_t length = dir_ == direction::encrypt ? held_.size() : held_.size() - tag_bytes_;
        // Wine 8's CNG accepts any tag over an empty ciphertext (tests/module,
        // GCM test cases 1, 7, 13 with a flipped tag bit): the shared GCM checks it.
        if (dir_ == direction::decrypt && length == 0) return shared_gcm(out, written);
        BCRYPT_AUTHENTICATED_CIPHER_MODE_INFO info;
        BCRYPT_INIT_AUTH_MODE_INFO(info);
        info.pbNonce = iv_.data();
        info.cbNonce = cng::ulong(iv_.size());
        info.pbAuthData = aad_.empty() ? nullptr : aad_.data();
        info.cbAuthData = cng::ulong(aad_.size());
        info.cbTag = cng::ulong(tag_bytes_);
        ULONG done = 0;
        NTSTATUS st;
        // Into our own memory first: the caller's buffer may be visible to
        // other threads of the application.
        secure_bytes result(length + (dir_ == direction::encrypt ? tag_bytes_ : 0));
        if (dir_ == direction::encrypt) {
            info.pbTag = result.data() + length;
            st = BCryptEncrypt(key_.handle(), cng::in(held_.data()), cng::ulong(length), &info, nullptr, 0,
                               result.data(), cng::ulong(length), &done, 0);
        } else {
            info.pbTag = held_.data() + length;
            st = BCryptDecrypt(key_.handle(), cng::in(held_.data()), cng::ulong(length), &info, nullptr, 0,
                               result.data(), cng::ulong(length), &done, 0);
            if (st == STATUS_AUTH_TAG_MISMATCH_VALUE) return status::decrypt_failed;
        }
        if (!cng::ok(st)) return shared_gcm(out, written);
        if (!result.empty()) std::memcpy(out, result.data(), result.size());
        written = result.size();
        held_.clear();
        return status::ok;
    }

private:
    // STATUS_AUTH_TAG_MISMATCH: not in mingw's ntstatus.h.
    static constexpr NTSTATUS STATUS_AUTH_TAG_MISMATCH_VALUE = static_cast<NTSTATUS>(0xC000A002L);

    status shared_gcm(byte* out, std::size_t& written) {
        auto gcm = internal::make_gcm_any_iv(key_.key(), iv_, aad_, tag_bytes_, dir_);
        if (!gcm) return status::internal;
        std::size_t first = 0, second = 0;
        const status st = gcm->update(held_, out, first);
        if (st != status::ok) return st;
        const status fin = gcm->finish(out + first, second);
        if (fin == status::ok) written = first + second;
        return fin;
    }

    leased_key key_;
    bytes iv_;
    bytes aad_;
    std::size_t tag_bytes_;
    direction dir_;
    secure_bytes held_;  // plaintext (encryption) or ciphertext || tag
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

// GCM: CNG's for 12-byte IVs and tags of 12..16 bytes (all it takes), the
// shared one on the block function (gcm_any_iv.cpp) for any other IV and
// tag length.
std::unique_ptr<cipher> make_aes_gcm(const aes_key_ptr& key, bytes_view iv, bytes_view aad, std::size_t tag_bytes,
                                     direction d) {
    if (!key || iv.empty() || tag_bytes < 4 || tag_bytes > 16) return nullptr;
    if (iv.size() == 12 && tag_bytes >= 12) {
        if (auto k = lend(key, true)) return std::make_unique<cng_gcm>(std::move(*k), iv, aad, tag_bytes, d);
    }
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
