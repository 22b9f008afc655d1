// RSA public-key operations: PKCS #1 v1.5 and PSS verification, v1.5 and
// OAEP encryption, raw RSA, v1.5 signature recovery.
#include <cstring>

#include "crypto/rsa_padding.hpp"
#include "crypto/internal/spki.hpp"
#include "crypto/mbedtls/rsa_core.hpp"
#include "crypto/mbedtls/support.hpp"

namespace p11::crypto::mbed {

namespace {

class public_key final : public rsa_public_key, rsa_public_ops {
public:
    using rsa_public_ops::rsa_public_ops;

    std::size_t modulus_bits() const override { return core_->bits(); }
    rsa_public_components components() const override { return public_components(); }
    bytes subject_public_key_info() const override {
        const auto c = public_components();
        return internal::rsa_spki(c.modulus, c.public_exponent);
    }

    status verify_pkcs1(bytes_view digest_info, bytes_view signature) const override {
        const std::size_t k = core_->size();
        if (k < 11 || digest_info.size() > k - 11) return status::invalid_input;
        if (signature.size() != k) return status::bad_signature;
        auto ctx = core_->acquire();
        if (!ctx) return status::internal;
        mbedtls_rsa_set_padding(ctx->get(), MBEDTLS_RSA_PKCS_V15, MBEDTLS_MD_NONE);
        // MD_NONE: the caller's bytes are the whole payload T of EMSA-PKCS1-v1_5.
        const int ret = mbedtls_rsa_rsassa_pkcs1_v15_verify(ctx->get(), nullptr, nullptr, MBEDTLS_RSA_PUBLIC,
                                                            MBEDTLS_MD_NONE, static_cast<unsigned>(digest_info.size()),
                                                            digest_info.data(), signature.data());
        return ret == 0 ? status::ok : status::bad_signature;
    }

    status verify_pss(bytes_view digest, bytes_view signature, const pss_params& p) const override {
        const std::size_t k = core_->size();
        if (digest.size() != digest_size(p.hash)) return status::invalid_input;
        if (signature.size() != k) return status::bad_signature;
        bytes em(k);
        const status st = raw(signature, em.data());
        if (st == status::invalid_input) return status::bad_signature;  // s >= n
        if (st != status::ok) return st;
        // EM is emLen = ceil((modBits - 1) / 8) bytes; when that is k - 1 the
        // leading byte of the k-byte block must be zero.
        const std::size_t em_bits = core_->bits() - 1;
        const std::size_t em_len = (em_bits + 7) / 8;
        if (em_len < k && em[0] != 0) return status::bad_signature;
        return emsa_pss_verify(digest, bytes_view(em).subspan(k - em_len), em_bits, p);
    }

    status encrypt_pkcs1(bytes_view data, bytes& out) const override {
        const std::size_t k = core_->size();
        if (k < 11 || data.size() > k - 11) return status::invalid_input;
        out.assign(k, 0);
        auto ctx = core_->acquire();
        if (!ctx) return status::internal;
        mbedtls_rsa_set_padding(ctx->get(), MBEDTLS_RSA_PKCS_V15, MBEDTLS_MD_NONE);
        const int ret = mbedtls_rsa_rsaes_pkcs1_v15_encrypt(ctx->get(), rng, nullptr, MBEDTLS_RSA_PUBLIC, data.size(),
                                                            data.data(), out.data());
        return ret == 0 ? status::ok : status::internal;
    }

    // Our own EME-OAEP (the MGF1 hash may differ from the label hash), then m^e.
    status encrypt_oaep(bytes_view data, const oaep_params& p, bytes& out) const override {
        bytes em(core_->size());
        if (const status st = eme_oaep_encode(data, p, em); st != status::ok) return st;
        out.assign(em.size(), 0);
        return raw(em, out.data());
    }

    status public_raw(bytes_view block, bytes& out) const override {
        out.assign(core_->size(), 0);
        return raw(block, out.data());
    }

    // EMSA-PKCS1-v1_5 block type 1 (RFC 8017 section 9.2): 00 01 FF..FF 00 T
    // with at least eight FF bytes.  Everything here is public.
    status recover_pkcs1(bytes_view signature, bytes& data) const override {
        const std::size_t k = core_->size();
        if (signature.size() != k) return status::bad_signature;
        bytes em(k);
        const status st = raw(signature, em.data());
        if (st == status::invalid_input) return status::bad_signature;
        if (st != status::ok) return st;
        if (em[0] != 0x00 || em[1] != 0x01) return status::bad_signature;
        std::size_t i = 2;
        while (i < k && em[i] == 0xff) ++i;
        if (i - 2 < 8 || i == k || em[i] != 0x00) return status::bad_signature;
        data.assign(em.begin() + static_cast<std::ptrdiff_t>(i + 1), em.end());
        return status::ok;
    }
};

} // namespace

std::unique_ptr<rsa_public_key> make_public_key(std::shared_ptr<rsa_core> core) {
    return std::make_unique<public_key>(std::move(core));
}

} // namespace p11::crypto::mbed
