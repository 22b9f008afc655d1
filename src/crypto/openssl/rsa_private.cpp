// RSA private-key operations.  OpenSSL blinds every private operation and
// checks the CRT result with the public exponent before releasing it (fault
// attacks).  Signatures use its padding; decryption runs the raw primitive
// and removes the padding with our constant-time decoders, because OpenSSL
// 3.0 reports a v1.5 padding failure through its error queue on a path that
// takes measurably different time (it has no implicit rejection before 3.2).
#include <climits>

#include <openssl/core_names.h>

#include "crypto/rsa_padding.hpp"
#include "crypto/openssl/rsa_core.hpp"

namespace p11::crypto::ossl {

namespace {

secure_bytes secret_param(const EVP_PKEY& key, const char* name) {
    const bignum x = bn_param(key, name);
    return x ? from_bn_secret(*x) : secure_bytes{};
}

class private_key final : public rsa_private_key {
public:
    explicit private_key(std::shared_ptr<rsa_core> core) : core_(std::move(core)) {}

    std::size_t modulus_bits() const override { return core_->bits(); }

    rsa_private_components components() const override {
        error_scope errors;
        const EVP_PKEY& key = core_->key();
        rsa_private_components c;
        c.modulus = core_->modulus();
        c.public_exponent = core_->exponent();
        c.private_exponent = secret_param(key, OSSL_PKEY_PARAM_RSA_D);
        c.prime1 = secret_param(key, OSSL_PKEY_PARAM_RSA_FACTOR1);
        c.prime2 = secret_param(key, OSSL_PKEY_PARAM_RSA_FACTOR2);
        c.exponent1 = secret_param(key, OSSL_PKEY_PARAM_RSA_EXPONENT1);
        c.exponent2 = secret_param(key, OSSL_PKEY_PARAM_RSA_EXPONENT2);
        c.coefficient = secret_param(key, OSSL_PKEY_PARAM_RSA_COEFFICIENT1);
        return c;
    }

    std::unique_ptr<rsa_public_key> public_key() const override {
        error_scope errors;
        auto core = public_core(core_->modulus(), core_->exponent());
        return core ? make_public_key(std::move(core)) : nullptr;
    }

    // No digest set: the caller's DigestInfo is the payload T.
    status sign_pkcs1(bytes_view digest_info, bytes& out) const override {
        const std::size_t k = core_->size();
        if (k < 11 || digest_info.size() > k - 11) return status::invalid_input;
        return sign({.padding = RSA_PKCS1_PADDING}, digest_info, out);
    }

    status sign_pss(bytes_view digest, const pss_params& p, bytes& out) const override {
        const std::size_t hlen = digest_size(p.hash);
        if (digest.size() != hlen) return status::invalid_input;
        // emLen = ceil((modBits - 1) / 8) must hold hLen + sLen + 2 bytes.
        const std::size_t em_len = (core_->bits() - 1 + 7) / 8;
        if (em_len < hlen + 2 || p.salt_length > em_len - hlen - 2) return status::unsupported;
        return sign({.padding = RSA_PKCS1_PSS_PADDING,
                     .md = md(p.hash),
                     .mgf1 = md(p.mgf_hash),
                     .salt_length = static_cast<int>(p.salt_length)},
                    digest, out);
    }

    status decrypt_pkcs1(bytes_view ciphertext, secure_bytes& out) const override {
        if (ciphertext.size() != core_->size()) return status::invalid_input;
        secure_bytes em(core_->size());
        const status st = raw(ciphertext, em);
        if (st == status::invalid_input) return status::decrypt_failed;  // c >= n: nothing secret in that
        if (st != status::ok) return st;
        return eme_pkcs1_v15_decode(em, out);
    }

    // The MGF1 hash may differ from the label hash; our decoder does any pair.
    status decrypt_oaep(bytes_view ciphertext, const oaep_params& p, secure_bytes& out) const override {
        const std::size_t k = core_->size();
        if (k < 2 * digest_size(p.hash) + 2) return status::unsupported;
        if (ciphertext.size() != k) return status::invalid_input;
        secure_bytes em(k);
        const status st = raw(ciphertext, em);
        if (st == status::invalid_input) return status::decrypt_failed;
        if (st != status::ok) return st;
        return eme_oaep_decode(em, p, out);
    }

    status private_raw(bytes_view block, secure_bytes& out) const override {
        secure_bytes result(core_->size());
        const status st = raw(block, result);
        if (st == status::ok) out = std::move(result);
        return st;
    }

private:
    status sign(const op_settings& s, bytes_view tbs, bytes& out) const {
        const std::size_t k = core_->size();
        out.assign(k, 0);
        std::size_t length = k;
        const status st = core_->run(pkey_op::sign, s, status::internal, [&](EVP_PKEY_CTX* c) {
            return EVP_PKEY_sign(c, out.data(), &length, tbs.data(), tbs.size());
        });
        if (st != status::ok || length != k) {
            out.clear();
            return status::internal;
        }
        return status::ok;
    }

    // c^d mod n on a block of at most k bytes; invalid_input unless c < n.
    status raw(bytes_view block, secure_bytes& out) const {
        const std::size_t k = core_->size();
        bytes in(k);
        if (!core_->pad_below_modulus(block, in)) return status::invalid_input;
        std::size_t length = k;
        const status st = core_->run(pkey_op::decrypt, {.padding = RSA_NO_PADDING}, status::internal,
                                     [&](EVP_PKEY_CTX* c) { return EVP_PKEY_decrypt(c, out.data(), &length, in.data(), k); });
        return st == status::ok && length != k ? status::internal : st;
    }

    std::shared_ptr<rsa_core> core_;
};

} // namespace

std::unique_ptr<rsa_private_key> make_private_key(std::shared_ptr<rsa_core> core) {
    return std::make_unique<private_key>(std::move(core));
}

} // namespace p11::crypto::ossl
