// RSA public-key operations, each one EVP call on a pooled context
// (rsa_core.hpp): PKCS #1 v1.5 and PSS verification, v1.5 and OAEP
// encryption, raw RSA, v1.5 signature recovery.  OpenSSL does the padding
// for all of them; nothing here is secret.
#include <climits>
#include <cstring>

#include "crypto/internal/spki.hpp"
#include "crypto/openssl/rsa_core.hpp"

namespace p11::crypto::ossl {

namespace {

class public_key final : public rsa_public_key {
public:
    explicit public_key(std::shared_ptr<rsa_core> core) : core_(std::move(core)) {}

    std::size_t modulus_bits() const override { return core_->bits(); }
    rsa_public_components components() const override { return {core_->modulus(), core_->exponent()}; }
    bytes subject_public_key_info() const override { return internal::rsa_spki(core_->modulus(), core_->exponent()); }

    // No digest set: OpenSSL compares the caller's bytes with the whole
    // payload T of the recovered EMSA-PKCS1-v1_5 block.
    status verify_pkcs1(bytes_view digest_info, bytes_view signature) const override {
        const std::size_t k = core_->size();
        if (k < 11 || digest_info.size() > k - 11) return status::invalid_input;
        if (signature.size() != k) return status::bad_signature;
        // An empty payload is a valid block (00 01 FF.. 00) that we sign, but
        // OpenSSL's verify treats a recovered length of 0 as failure (found
        // by fuzz/backend_diff: mbedTLS verified it); recovering accepts it.
        if (digest_info.empty()) {
            bytes recovered;
            const status st = recover_pkcs1(signature, recovered);
            return st == status::ok && !recovered.empty() ? status::bad_signature : st;
        }
        return core_->run(pkey_op::verify, {.padding = RSA_PKCS1_PADDING}, status::bad_signature, [&](EVP_PKEY_CTX* c) {
            return EVP_PKEY_verify(c, signature.data(), signature.size(), digest_info.data(), digest_info.size());
        });
    }

    // OpenSSL checks the salt length exactly when it is given as a number.
    status verify_pss(bytes_view digest, bytes_view signature, const pss_params& p) const override {
        if (digest.size() != digest_size(p.hash)) return status::invalid_input;
        if (signature.size() != core_->size() || p.salt_length > INT_MAX) return status::bad_signature;
        const op_settings s{.padding = RSA_PKCS1_PSS_PADDING,
                             .md = md(p.hash),
                             .mgf1 = md(p.mgf_hash),
                             .salt_length = static_cast<int>(p.salt_length)};
        return core_->run(pkey_op::verify, s, status::bad_signature, [&](EVP_PKEY_CTX* c) {
            return EVP_PKEY_verify(c, signature.data(), signature.size(), digest.data(), digest.size());
        });
    }

    status encrypt_pkcs1(bytes_view data, bytes& out) const override {
        const std::size_t k = core_->size();
        if (k < 11 || data.size() > k - 11) return status::invalid_input;
        out.assign(k, 0);
        std::size_t length = k;
        const status st = core_->run(pkey_op::encrypt, {.padding = RSA_PKCS1_PADDING}, status::internal,
                                     [&](EVP_PKEY_CTX* c) {
                                         return EVP_PKEY_encrypt(c, out.data(), &length, data.data(), data.size());
                                     });
        if (st != status::ok) out.clear();
        return st;
    }

    status encrypt_oaep(bytes_view data, const oaep_params& p, bytes& out) const override {
        const std::size_t k = core_->size();
        const std::size_t hlen = digest_size(p.hash);
        if (k < 2 * hlen + 2) return status::unsupported;
        if (data.size() > k - 2 * hlen - 2) return status::invalid_input;
        if (p.label.size() > INT_MAX) return status::unsupported;
        const op_settings s{.padding = RSA_PKCS1_OAEP_PADDING,
                             .md = md(p.hash),
                             .mgf1 = md(p.mgf_hash),
                             .has_label = !p.label.empty()};
        out.assign(k, 0);
        std::size_t length = k;
        const status st = core_->run(pkey_op::encrypt, s, status::internal, [&](EVP_PKEY_CTX* c) {
            if (s.has_label) {
                // The context takes ownership of an OpenSSL-allocated copy.
                void* label = OPENSSL_memdup(p.label.data(), p.label.size());
                if (label == nullptr) return 0;
                if (EVP_PKEY_CTX_set0_rsa_oaep_label(c, label, static_cast<int>(p.label.size())) != 1) {
                    OPENSSL_free(label);
                    return 0;
                }
            }
            return EVP_PKEY_encrypt(c, out.data(), &length, data.data(), data.size());
        });
        if (st != status::ok) out.clear();
        return st;
    }

    status public_raw(bytes_view block, bytes& out) const override {
        const std::size_t k = core_->size();
        bytes in(k);
        if (!core_->pad_below_modulus(block, in)) return status::invalid_input;
        out.assign(k, 0);
        std::size_t length = k;
        const status st = core_->run(pkey_op::encrypt, {.padding = RSA_NO_PADDING}, status::internal,
                                     [&](EVP_PKEY_CTX* c) { return EVP_PKEY_encrypt(c, out.data(), &length, in.data(), k); });
        if (st != status::ok) out.clear();
        return st;
    }

    // OpenSSL checks block type 1 (00 01, at least eight FF, 00) and returns T.
    status recover_pkcs1(bytes_view signature, bytes& data) const override {
        const std::size_t k = core_->size();
        if (signature.size() != k) return status::bad_signature;
        bytes recovered(k);
        std::size_t length = k;
        const status st = core_->run(pkey_op::verify_recover, {.padding = RSA_PKCS1_PADDING}, status::bad_signature,
                                     [&](EVP_PKEY_CTX* c) {
                                         return EVP_PKEY_verify_recover(c, recovered.data(), &length, signature.data(), k);
                                     });
        if (st != status::ok) return st;
        recovered.resize(length);
        data = std::move(recovered);
        return status::ok;
    }

private:
    std::shared_ptr<rsa_core> core_;
};

} // namespace

std::unique_ptr<rsa_public_key> make_public_key(std::shared_ptr<rsa_core> core) {
    return std::make_unique<public_key>(std::move(core));
}

} // namespace p11::crypto::ossl
