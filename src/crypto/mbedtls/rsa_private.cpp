// RSA private-key operations.  Every one goes through mbedtls_rsa_private
// with our DRBG, which turns on base blinding (random Vi/Vf, refreshed by
// squaring each use) and exponent blinding, and checks the CRT result with
// the public exponent before releasing it (fault attacks).
#include <cstring>

#include "crypto/rsa_padding.hpp"
#include "crypto/mbedtls/rsa_core.hpp"
#include "crypto/mbedtls/support.hpp"

namespace p11::crypto::mbed {

namespace {

class private_key final : public rsa_private_key, rsa_public_ops {
public:
    using rsa_public_ops::rsa_public_ops;

    std::size_t modulus_bits() const override { return core_->bits(); }

    rsa_private_components components() const override {
        const auto& m = core_->master();
        rsa_private_components c;
        c.modulus = write_mpi(m.N);
        c.public_exponent = write_mpi(m.E);
        c.private_exponent = write_mpi_secret(m.D);
        c.prime1 = write_mpi_secret(m.P);
        c.prime2 = write_mpi_secret(m.Q);
        c.exponent1 = write_mpi_secret(m.DP);
        c.exponent2 = write_mpi_secret(m.DQ);
        c.coefficient = write_mpi_secret(m.QP);
        return c;
    }

    std::unique_ptr<rsa_public_key> public_key() const override {
        auto core = public_core_of(core_->master());
        return core ? make_public_key(std::move(core)) : nullptr;
    }

    status sign_pkcs1(bytes_view digest_info, bytes& out) const override {
        const std::size_t k = core_->size();
        if (k < 11 || digest_info.size() > k - 11) return status::invalid_input;
        out.assign(k, 0);
        auto ctx = core_->acquire();
        if (!ctx) return status::internal;
        mbedtls_rsa_set_padding(ctx->get(), MBEDTLS_RSA_PKCS_V15, MBEDTLS_MD_NONE);
        const int ret = mbedtls_rsa_rsassa_pkcs1_v15_sign(ctx->get(), rng, nullptr, MBEDTLS_RSA_PRIVATE,
                                                          MBEDTLS_MD_NONE, static_cast<unsigned>(digest_info.size()),
                                                          digest_info.data(), out.data());
        const status st = finish(ctx, ret);
        if (st != status::ok) out.clear();
        return st;
    }

    status sign_pss(bytes_view digest, const pss_params& p, bytes& out) const override {
        const std::size_t k = core_->size();
        const std::size_t em_bits = core_->bits() - 1;
        const std::size_t em_len = (em_bits + 7) / 8;
        bytes em(k, 0);  // the encoding is public: it is what the signature opens to
        const status st = emsa_pss_encode(digest, em_bits, p, std::span<byte>(em).subspan(k - em_len));
        if (st != status::ok) return st;
        out.assign(k, 0);
        const status result = private_op(em.data(), out.data());
        if (result != status::ok) out.clear();
        return result;
    }

    status decrypt_pkcs1(bytes_view ciphertext, secure_bytes& out) const override {
        const std::size_t k = core_->size();
        if (ciphertext.size() != k) return status::invalid_input;
        secure_bytes plain(k);
        std::size_t length = 0;
        auto ctx = core_->acquire();
        if (!ctx) return status::internal;
        mbedtls_rsa_set_padding(ctx->get(), MBEDTLS_RSA_PKCS_V15, MBEDTLS_MD_NONE);
        // mbedTLS unpads in constant time (mbedtls_ct_rsaes_pkcs1_v15_unpadding)
        // and, with an output buffer of k bytes, can only fail as "invalid
        // padding": no second error to tell apart.
        const int ret = mbedtls_rsa_rsaes_pkcs1_v15_decrypt(ctx->get(), rng, nullptr, MBEDTLS_RSA_PRIVATE, &length,
                                                            ciphertext.data(), plain.data(), plain.size());
        return release(ctx, ret, plain, length, out);
    }

    // c^d mod n, then our own constant-time EME-OAEP decoding (the MGF1
    // hash may differ from the label hash, which mbedTLS 2.28 cannot do).
    status decrypt_oaep(bytes_view ciphertext, const oaep_params& p, secure_bytes& out) const override {
        const std::size_t k = core_->size();
        if (k < 2 * digest_size(p.hash) + 2) return status::unsupported;
        if (ciphertext.size() != k) return status::invalid_input;
        secure_bytes em(k);
        const status st = private_op(ciphertext.data(), em.data());
        if (st == status::invalid_input) return status::decrypt_failed;  // c >= n: nothing secret in that
        if (st != status::ok) return st;
        return eme_oaep_decode(em, p, out);
    }

    status private_raw(bytes_view block, secure_bytes& out) const override {
        const std::size_t k = core_->size();
        if (block.size() > k) return status::invalid_input;
        secure_bytes in(k, 0);
        if (!block.empty()) std::memcpy(in.data() + (k - block.size()), block.data(), block.size());
        secure_bytes result(k);
        const status st = private_op(in.data(), result.data());
        if (st == status::ok) out = std::move(result);
        return st;
    }

private:
    status private_op(const byte* in, byte* out) const {
        auto ctx = core_->acquire();
        if (!ctx) return status::internal;
        const int ret = mbedtls_rsa_private(ctx->get(), rng, nullptr, in, out);
        if (ret == MBEDTLS_ERR_RSA_PRIVATE_FAILED + MBEDTLS_ERR_MPI_BAD_INPUT_DATA) return status::invalid_input;
        return finish(ctx, ret);
    }

    // A failed private operation (RNG failure, a fault caught by the
    // verification step) may leave odd blinding state: drop the context.
    static status finish(rsa_core::lease& ctx, int ret) {
        if (ret == 0) return status::ok;
        ctx.discard();
        return status::internal;
    }

    static status release(rsa_core::lease& ctx, int ret, secure_bytes& plain, std::size_t length,
                          secure_bytes& out) {
        if (ret == 0) {
            plain.resize(length);
            out = std::move(plain);
            return status::ok;
        }
        // Bad padding and c >= n read as one error; both say nothing secret.
        if (ret == MBEDTLS_ERR_RSA_INVALID_PADDING || ret == MBEDTLS_ERR_RSA_OUTPUT_TOO_LARGE ||
            ret == MBEDTLS_ERR_RSA_PRIVATE_FAILED + MBEDTLS_ERR_MPI_BAD_INPUT_DATA)
            return status::decrypt_failed;
        ctx.discard();
        return status::internal;
    }
};

} // namespace

std::unique_ptr<rsa_private_key> make_private_key(std::shared_ptr<rsa_core> core) {
    return std::make_unique<private_key>(std::move(core));
}

} // namespace p11::crypto::mbed
