#include "signer.hpp"

#include <algorithm>
#include <array>
#include <vector>

#include <openssl/ecdsa.h>
#include <openssl/rsa.h>

namespace pem {
namespace {

using p11::provider::mechanism_entry;
using p11::provider::out_span;
using M = p11::mechanism_type;

constexpr auto sign_flag = p11::mechanism_flags::sign;
constexpr std::array table{
    mechanism_entry{M::rsa_pkcs, 1024, 8192, sign_flag},
    mechanism_entry{M::sha256_rsa_pkcs, 1024, 8192, sign_flag},
    mechanism_entry{M::sha384_rsa_pkcs, 1024, 8192, sign_flag},
    mechanism_entry{M::sha512_rsa_pkcs, 1024, 8192, sign_flag},
    mechanism_entry{M::ecdsa, 256, 521, sign_flag},
    mechanism_entry{M::ecdsa_sha256, 256, 521, sign_flag},
    mechanism_entry{M::ecdsa_sha384, 256, 521, sign_flag},
    mechanism_entry{M::ecdsa_sha512, 256, 521, sign_flag},
};

// nullptr: the caller hashed (CKM_RSA_PKCS takes a DigestInfo, CKM_ECDSA a digest).
const EVP_MD* digest_of(M m) {
    switch (m) {
    case M::sha256_rsa_pkcs:
    case M::ecdsa_sha256: return EVP_sha256();
    case M::sha384_rsa_pkcs:
    case M::ecdsa_sha384: return EVP_sha384();
    case M::sha512_rsa_pkcs:
    case M::ecdsa_sha512: return EVP_sha512();
    default: return nullptr;
    }
}

// PKCS #11 ECDSA signatures are r || s, each as long as the order; OpenSSL's are DER.
std::vector<std::uint8_t> ecdsa_raw(const std::vector<std::uint8_t>& der_sig, std::size_t half) {
    const unsigned char* p = der_sig.data();
    std::unique_ptr<ECDSA_SIG, freer<ECDSA_SIG, ECDSA_SIG_free>> sig(
        d2i_ECDSA_SIG(nullptr, &p, static_cast<long>(der_sig.size())));
    if (!sig) return {};
    std::vector<std::uint8_t> out(2 * half);
    if (BN_bn2binpad(ECDSA_SIG_get0_r(sig.get()), out.data(), static_cast<int>(half)) < 0 ||
        BN_bn2binpad(ECDSA_SIG_get0_s(sig.get()), out.data() + half, static_cast<int>(half)) < 0)
        return {};
    return out;
}

// Collects the data and signs it whole at the end: the token's keys are
// small files, not a bottleneck worth streaming for.
class operation final : public p11::provider::sign_operation {
public:
    operation(M mechanism, std::shared_ptr<EVP_PKEY> key) : mechanism_(mechanism), key_(std::move(key)) {}

    bool multi_part() const override { return digest_of(mechanism_) != nullptr; }
    std::size_t signature_size() const override {
        if (!is_ec()) return static_cast<std::size_t>(EVP_PKEY_get_size(key_.get()));
        return 2 * ((static_cast<std::size_t>(EVP_PKEY_get_bits(key_.get())) + 7) / 8);
    }
    p11::result<std::size_t> sign(p11::bytes_view data, out_span signature) override {
        data_.insert(data_.end(), data.begin(), data.end());
        return final(signature);
    }
    p11::result<void> update(p11::bytes_view part) override {
        data_.insert(data_.end(), part.begin(), part.end());
        return {};
    }
    p11::result<std::size_t> final(out_span signature) override {
        // PKCS #1 v1.5 padding takes 11 bytes of the modulus.
        if (!is_ec() && digest_of(mechanism_) == nullptr && data_.size() + 11 > signature_size())
            return p11::failure(p11::rv::data_len_range);
        auto produced = openssl_sign();
        if (produced.empty()) return p11::failure(p11::rv::function_failed);
        if (is_ec()) produced = ecdsa_raw(produced, signature_size() / 2);
        if (produced.empty() || produced.size() > signature.size()) return p11::failure(p11::rv::function_failed);
        std::copy(produced.begin(), produced.end(), signature.begin());
        return produced.size();
    }

private:
    bool is_ec() const { return EVP_PKEY_is_a(key_.get(), "EC") != 0; }

    // The signature as OpenSSL makes it; empty on failure (a too-long DigestInfo ...).
    std::vector<std::uint8_t> openssl_sign() {
        std::size_t n = 0;
        std::vector<std::uint8_t> out;
        if (const EVP_MD* md = digest_of(mechanism_)) {
            md_ctx_ptr ctx(EVP_MD_CTX_new());
            if (!ctx || EVP_DigestSignInit(ctx.get(), nullptr, md, nullptr, key_.get()) != 1 ||
                EVP_DigestSign(ctx.get(), nullptr, &n, data_.data(), data_.size()) != 1)
                return {};
            out.resize(n);
            if (EVP_DigestSign(ctx.get(), out.data(), &n, data_.data(), data_.size()) != 1) return {};
        } else {
            // No digest set: RSA pads the given DigestInfo (type 1), ECDSA signs the given digest.
            pkey_ctx_ptr ctx(EVP_PKEY_CTX_new(key_.get(), nullptr));
            if (!ctx || EVP_PKEY_sign_init(ctx.get()) != 1) return {};
            if (!is_ec() && EVP_PKEY_CTX_set_rsa_padding(ctx.get(), RSA_PKCS1_PADDING) != 1) return {};
            if (EVP_PKEY_sign(ctx.get(), nullptr, &n, data_.data(), data_.size()) != 1) return {};
            out.resize(n);
            if (EVP_PKEY_sign(ctx.get(), out.data(), &n, data_.data(), data_.size()) != 1) return {};
        }
        out.resize(n);
        return out;
    }

    M mechanism_;
    std::shared_ptr<EVP_PKEY> key_;
    std::vector<std::uint8_t> data_;
};

} // namespace

std::span<const mechanism_entry> mechanisms() { return table; }

p11::result<std::unique_ptr<p11::provider::sign_operation>> begin_sign(M mechanism, std::shared_ptr<EVP_PKEY> key) {
    if (!key) return p11::failure(p11::rv::key_handle_invalid);
    return std::unique_ptr<p11::provider::sign_operation>(std::make_unique<operation>(mechanism, std::move(key)));
}

} // namespace pem
