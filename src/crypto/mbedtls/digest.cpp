// SHA-1/SHA-2 digests, HMAC and PBKDF2 on mbedTLS's md layer.
#include <limits>

#include <mbedtls/md.h>
#include <mbedtls/pkcs5.h>

#include "crypto/hash.hpp"
#include "crypto/mbedtls/handles.hpp"
#include "crypto/mbedtls/support.hpp"

namespace p11::crypto {

namespace {

using mbed::throw_if_failed;

// A hash mbedTLS 2.28 lacks (SHA-3) is `unsupported`, as the contract says,
// rather than the bad input mbedtls_md_setup would report for no info.
const mbedtls_md_info_t* info(hash_alg h) {
    const auto* i = mbedtls_md_info_from_type(mbed::md_type(h));
    if (i == nullptr) throw_backend_error(backend_error::unsupported, MBEDTLS_ERR_MD_FEATURE_UNAVAILABLE);
    return i;
}

class md_hash final : public hash {
public:
    explicit md_hash(hash_alg h, bool start = true) : alg_(h) {
        throw_if_failed(mbedtls_md_setup(ctx_.get(), info(h), 0));
        if (start) throw_if_failed(mbedtls_md_starts(ctx_.get()));
    }
    void update(bytes_view data) override { throw_if_failed(mbedtls_md_update(ctx_.get(), data.data(), data.size())); }
    void finish(byte* out) override { throw_if_failed(mbedtls_md_finish(ctx_.get(), out)); }
    std::unique_ptr<hash> clone() const override {
        auto copy = std::make_unique<md_hash>(alg_, false);
        throw_if_failed(mbedtls_md_clone(copy->ctx_.get(), ctx_.get()));
        return copy;
    }
    hash_alg algorithm() const override { return alg_; }

private:
    hash_alg alg_;
    mbed::md_context ctx_;
};

class hmac final : public mac {
public:
    hmac(hash_alg h, bytes_view key) : size_(digest_size(h)) {
        throw_if_failed(mbedtls_md_setup(ctx_.get(), info(h), 1));
        throw_if_failed(mbedtls_md_hmac_starts(ctx_.get(), key.data(), key.size()));
    }
    void update(bytes_view data) override {
        throw_if_failed(mbedtls_md_hmac_update(ctx_.get(), data.data(), data.size()));
    }
    void finish(byte* out) override { throw_if_failed(mbedtls_md_hmac_finish(ctx_.get(), out)); }
    std::size_t size() const override { return size_; }
    void reset() override { throw_if_failed(mbedtls_md_hmac_reset(ctx_.get())); }

private:
    std::size_t size_;
    mbed::md_context ctx_;  // holds the padded keys; mbedtls_md_free wipes them
};

} // namespace

std::unique_ptr<hash> make_hash(hash_alg h) { return std::make_unique<md_hash>(h); }

void digest(hash_alg h, bytes_view data, byte* out) { throw_if_failed(mbedtls_md(info(h), data.data(), data.size(), out)); }

std::unique_ptr<mac> make_hmac(hash_alg h, bytes_view key) { return std::make_unique<hmac>(h, key); }

status pbkdf2(hash_alg h, bytes_view password, bytes_view salt, std::uint32_t iterations, std::span<byte> out) {
    if (iterations == 0 || out.empty()) return status::invalid_input;
    if (out.size() > std::numeric_limits<std::uint32_t>::max()) return status::unsupported;
    if (is_sha3(h)) return status::unsupported;
    mbed::md_context ctx;
    if (mbedtls_md_setup(ctx.get(), info(h), 1) != 0) return status::internal;
    const int ret = mbedtls_pkcs5_pbkdf2_hmac(ctx.get(), password.data(), password.size(), salt.data(), salt.size(),
                                              iterations, static_cast<std::uint32_t>(out.size()), out.data());
    return ret == 0 ? status::ok : status::internal;
}

} // namespace p11::crypto
