// SHA-1/SHA-2 digests, HMAC and PBKDF2 on OpenSSL's EVP layer, with the
// EVP_MD objects fetched once (support.cpp).
#include <climits>
#include <limits>

#include <openssl/core_names.h>
#include <openssl/evp.h>
#include <openssl/params.h>

#include "crypto/hash.hpp"
#include "crypto/openssl/support.hpp"

namespace p11::crypto {

namespace {

using ossl::throw_if_failed;

class md_hash final : public hash {
public:
    md_hash(hash_alg h, ossl::md_ctx ctx) : alg_(h), ctx_(std::move(ctx)) {}
    void update(bytes_view data) override { throw_if_failed(EVP_DigestUpdate(ctx_.get(), data.data(), data.size())); }
    void finish(byte* out) override { throw_if_failed(EVP_DigestFinal_ex(ctx_.get(), out, nullptr)); }
    std::unique_ptr<hash> clone() const override {
        ossl::md_ctx copy(EVP_MD_CTX_new());
        if (!copy) throw std::bad_alloc();
        throw_if_failed(EVP_MD_CTX_copy_ex(copy.get(), ctx_.get()));
        return std::make_unique<md_hash>(alg_, std::move(copy));
    }
    hash_alg algorithm() const override { return alg_; }

private:
    hash_alg alg_;
    ossl::md_ctx ctx_;
};

// HMAC through EVP_MAC.  The digest is named by a parameter at init; the
// provider resolves the name from its method cache.
class hmac final : public mac {
public:
    hmac(hash_alg h, bytes_view key) : size_(digest_size(h)), ctx_(EVP_MAC_CTX_new(ossl::mac_algorithm("HMAC"))) {
        if (!ctx_) throw std::bad_alloc();
        OSSL_PARAM params[] = {
            OSSL_PARAM_construct_utf8_string(OSSL_MAC_PARAM_DIGEST, const_cast<char*>(ossl::md_name(h)), 0),
            OSSL_PARAM_construct_end(),
        };
        // An empty key is a valid HMAC key; OpenSSL wants a pointer all the same.
        static const byte no_key = 0;
        throw_if_failed(EVP_MAC_init(ctx_.get(), key.empty() ? &no_key : key.data(), key.size(), params));
    }
    void update(bytes_view data) override { throw_if_failed(EVP_MAC_update(ctx_.get(), data.data(), data.size())); }
    void finish(byte* out) override {
        std::size_t length = 0;
        throw_if_failed(EVP_MAC_final(ctx_.get(), out, &length, size_));
    }
    std::size_t size() const override { return size_; }
    // Initialising with no key starts again from the padded keys.
    void reset() override { throw_if_failed(EVP_MAC_init(ctx_.get(), nullptr, 0, nullptr)); }

private:
    std::size_t size_;
    ossl::mac_ctx ctx_;  // holds the padded keys; EVP_MAC_CTX_free wipes them
};

} // namespace

std::unique_ptr<hash> make_hash(hash_alg h) {
    ossl::md_ctx ctx(EVP_MD_CTX_new());
    if (!ctx) throw std::bad_alloc();
    throw_if_failed(EVP_DigestInit_ex2(ctx.get(), ossl::md(h), nullptr));
    return std::make_unique<md_hash>(h, std::move(ctx));
}

void digest(hash_alg h, bytes_view data, byte* out) {
    throw_if_failed(EVP_Digest(data.data(), data.size(), out, nullptr, ossl::md(h), nullptr));
}

std::unique_ptr<mac> make_hmac(hash_alg h, bytes_view key) { return std::make_unique<hmac>(h, key); }

status pbkdf2(hash_alg h, bytes_view password, bytes_view salt, std::uint32_t iterations, std::span<byte> out) {
    if (iterations == 0 || out.empty()) return status::invalid_input;
    // PKCS5_PBKDF2_HMAC counts in ints.
    if (out.size() > INT_MAX || iterations > INT_MAX || password.size() > INT_MAX || salt.size() > INT_MAX)
        return status::unsupported;
    ossl::error_scope errors;
    // It runs the PBKDF2 KDF in PKCS #5 mode, without SP 800-132's lower
    // bounds on salt and output length: the caller's parameters are the caller's.
    const int ok = PKCS5_PBKDF2_HMAC(reinterpret_cast<const char*>(password.data()), static_cast<int>(password.size()),
                                     salt.data(), static_cast<int>(salt.size()), static_cast<int>(iterations),
                                     ossl::md(h), static_cast<int>(out.size()), out.data());
    return ok == 1 ? status::ok : status::internal;
}

} // namespace p11::crypto
