// SHA-1/SHA-2 digests, HMAC and PBKDF2 on CNG's hash providers; SHA-224,
// which CNG lacks, in software (sha224.cpp) with HMAC (RFC 2104) and PBKDF2
// (RFC 8018 §5.2) written here on top of it.  AES-CMAC is the shared
// algorithm on the AES block (crypto/cmac_block.cpp).
#include <algorithm>
#include <array>
#include <cstring>

#include "crypto/aes.hpp"
#include "crypto/cng/sha224.hpp"
#include "crypto/cng/support.hpp"
#include "crypto/hash.hpp"
#include "crypto/internal/cmac_block.hpp"

namespace p11::crypto {

namespace {

using cng::throw_if_failed;

// A CNG hash object, created with a key for HMAC.
cng::hash_handle create(BCRYPT_ALG_HANDLE alg, bytes_view key) {
    if (alg == nullptr) throw_if_failed(STATUS_NOT_SUPPORTED);
    BCRYPT_HASH_HANDLE h = nullptr;
    throw_if_failed(BCryptCreateHash(alg, &h, nullptr, 0, cng::in(key.data()), cng::ulong(key.size()), 0));
    return cng::hash_handle(h);
}

cng::hash_handle duplicate(void* h) {
    BCRYPT_HASH_HANDLE copy = nullptr;
    throw_if_failed(BCryptDuplicateHash(static_cast<BCRYPT_HASH_HANDLE>(h), &copy, nullptr, 0, 0));
    return cng::hash_handle(copy);
}

void feed(void* h, bytes_view data) {
    if (data.empty()) return;
    throw_if_failed(BCryptHashData(static_cast<BCRYPT_HASH_HANDLE>(h), cng::in(data.data()), cng::ulong(data.size()), 0));
}

void finish_into(void* h, byte* out, std::size_t size) {
    throw_if_failed(BCryptFinishHash(static_cast<BCRYPT_HASH_HANDLE>(h), out, cng::ulong(size), 0));
}

class cng_hash final : public hash {
public:
    cng_hash(hash_alg h, cng::hash_handle handle) : alg_(h), h_(std::move(handle)) {}
    void update(bytes_view data) override { feed(h_.get(), data); }
    void finish(byte* out) override { finish_into(h_.get(), out, digest_size(alg_)); }
    std::unique_ptr<hash> clone() const override { return std::make_unique<cng_hash>(alg_, duplicate(h_.get())); }
    hash_alg algorithm() const override { return alg_; }

private:
    hash_alg alg_;
    cng::hash_handle h_;
};

// HMAC on a CNG HMAC provider.  reset() starts again from a duplicate of the
// freshly keyed object, which CNG keeps with the key's padded blocks.
class cng_hmac final : public mac {
public:
    cng_hmac(hash_alg h, bytes_view key)
        : size_(digest_size(h)), keyed_(create(cng::hash_provider(h, true), key)), work_(duplicate(keyed_.get())) {}
    void update(bytes_view data) override { feed(work_.get(), data); }
    void finish(byte* out) override {
        finish_into(work_.get(), out, size_);
        reset();
    }
    std::size_t size() const override { return size_; }
    void reset() override { work_ = duplicate(keyed_.get()); }

private:
    std::size_t size_;
    cng::hash_handle keyed_;
    cng::hash_handle work_;
};

// HMAC (RFC 2104) on our hash interface, for SHA-224: the inner and outer
// hashes are kept after absorbing K ^ ipad and K ^ opad, and cloned per use.
class generic_hmac final : public mac {
public:
    generic_hmac(hash_alg h, bytes_view key) : size_(digest_size(h)) {
        const std::size_t b = block_size(h);
        secure_bytes k(b, 0);
        if (key.size() > b) {
            auto kh = make_hash(h);
            kh->update(key);
            kh->finish(k.data());
        } else if (!key.empty()) {
            std::memcpy(k.data(), key.data(), key.size());
        }
        for (auto& x : k) x ^= 0x36;
        inner_ = make_hash(h);
        inner_->update(k);
        for (auto& x : k) x ^= 0x36 ^ 0x5c;
        outer_ = make_hash(h);
        outer_->update(k);
        reset();
    }
    void update(bytes_view data) override { work_->update(data); }
    void finish(byte* out) override {
        std::array<byte, 64> inner{};
        work_->finish(inner.data());
        auto o = outer_->clone();
        o->update(bytes_view(inner.data(), size_));
        o->finish(out);
        secure_zero(inner.data(), inner.size());
        reset();
    }
    std::size_t size() const override { return size_; }
    void reset() override { work_ = inner_->clone(); }

private:
    std::size_t size_;
    std::unique_ptr<hash> inner_, outer_, work_;
};

} // namespace

std::unique_ptr<hash> make_hash(hash_alg h) {
    if (h == hash_alg::sha224) return cng::make_sha224();
    return std::make_unique<cng_hash>(h, create(cng::hash_provider(h, false), {}));
}

void digest(hash_alg h, bytes_view data, byte* out) {
    auto ctx = make_hash(h);
    ctx->update(data);
    ctx->finish(out);
}

std::unique_ptr<mac> make_hmac(hash_alg h, bytes_view key) {
    if (h == hash_alg::sha224) return std::make_unique<generic_hmac>(h, key);
    return std::make_unique<cng_hmac>(h, key);
}

std::unique_ptr<mac> make_aes_cmac(bytes_view key) { return internal::make_cmac_on_block(load_aes_key(key)); }

status pbkdf2(hash_alg h, bytes_view password, bytes_view salt, std::uint32_t iterations, std::span<byte> out) {
    if (iterations == 0 || out.empty()) return status::invalid_input;
    if (out.size() > 0xffffffffu) return status::unsupported;
    // No SHA-3 here (capabilities.cpp): a status, as the other backends give, not make_hmac's throw.
    if (is_sha3(h)) return status::unsupported;
    if (BCRYPT_ALG_HANDLE prf = cng::hash_provider(h, true)) {
        const NTSTATUS st = BCryptDeriveKeyPBKDF2(prf, cng::in(password.data()), cng::ulong(password.size()),
                                                  cng::in(salt.data()), cng::ulong(salt.size()), iterations,
                                                  out.data(), cng::ulong(out.size()), 0);
        return cng::status_of(st, status::internal);
    }
    // RFC 8018 §5.2 on our HMAC (SHA-224): T_i = U_1 ^ ... ^ U_c.
    auto prf = make_hmac(h, password);
    const std::size_t hlen = prf->size();
    std::array<byte, 64> u{}, t{};
    for (std::uint32_t i = 1; !out.empty(); ++i) {
        const std::array<byte, 4> index{static_cast<byte>(i >> 24), static_cast<byte>(i >> 16),
                                        static_cast<byte>(i >> 8), static_cast<byte>(i)};
        prf->update(salt);
        prf->update(index);
        prf->finish(u.data());
        std::memcpy(t.data(), u.data(), hlen);
        for (std::uint32_t c = 1; c < iterations; ++c) {
            prf->update(bytes_view(u.data(), hlen));
            prf->finish(u.data());
            for (std::size_t j = 0; j < hlen; ++j) t[j] ^= u[j];
        }
        const std::size_t n = std::min(hlen, out.size());
        std::memcpy(out.data(), t.data(), n);
        out = out.subspan(n);
    }
    secure_zero(u.data(), u.size());
    secure_zero(t.data(), t.size());
    return status::ok;
}

} // namespace p11::crypto
