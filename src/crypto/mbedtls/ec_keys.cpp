// EC public and private keys.  A key holds only immutable values (d, Q and
// Q's encoding), read concurrently by any number of threads; all mutable
// state lives in the group lent for each operation (ec_group.hpp).
#include <mbedtls/ecdh.h>
#include <mbedtls/ecdsa.h>

#include "crypto/internal/ec_point.hpp"
#include "crypto/internal/spki.hpp"
#include "crypto/mbedtls/ec_keys.hpp"
#include "crypto/mbedtls/support.hpp"

namespace p11::crypto::mbed {

namespace {

// The HMAC_DRBG hash of deterministic ECDSA (RFC 6979 section 3.2): the hash
// the digest came from when its length names one, else SHA-512.
mbedtls_md_type_t nonce_hash(std::size_t digest_length) noexcept {
    switch (digest_length) {
    case 20: return MBEDTLS_MD_SHA1;
    case 28: return MBEDTLS_MD_SHA224;
    case 32: return MBEDTLS_MD_SHA256;
    case 48: return MBEDTLS_MD_SHA384;
    default: return MBEDTLS_MD_SHA512;
    }
}

class public_key final : public ec_public_key {
public:
    explicit public_key(std::shared_ptr<const ec_point_value> q) : q_(std::move(q)) {}

    curve curve_id() const override { return q_->c; }
    bytes point() const override { return q_->encoded; }
    bytes subject_public_key_info() const override { return internal::ec_spki(q_->c, q_->encoded); }

    status verify(bytes_view digest, bytes_view signature) const override {
        const std::size_t fb = field_bytes(q_->c);
        if (signature.size() != 2 * fb) return status::bad_signature;
        mpi r, s;
        if (!read_mpi(r.v, signature.first(fb)) || !read_mpi(s.v, signature.subspan(fb))) return status::internal;
        auto grp = acquire_group(q_->c);
        if (!grp) return status::internal;
        // Range checks of r and s (1 <= r, s < n) are mbedTLS's.
        return mbedtls_ecdsa_verify(grp->get(), digest.data(), digest.size(), q_->q.get(), r.get(), s.get()) == 0
                   ? status::ok
                   : status::bad_signature;
    }

private:
    std::shared_ptr<const ec_point_value> q_;
};

class private_key final : public ec_private_key {
public:
    private_key(std::unique_ptr<mpi> d, std::shared_ptr<const ec_point_value> q)
        : d_(std::move(d)), q_(std::move(q)) {}

    curve curve_id() const override { return q_->c; }

    secure_bytes scalar() const override {
        secure_bytes out(field_bytes(q_->c));
        if (!write_mpi_fixed(d_->v, out)) return {};
        return out;
    }

    std::unique_ptr<ec_public_key> public_key() const override { return make_ec_public(q_); }

    // Deterministic ECDSA (RFC 6979) with blinding: the nonce does not depend
    // on the quality of the RNG, which only randomises the scalar
    // multiplication against side channels.
    status sign(bytes_view digest, bytes& out) const override {
        const std::size_t fb = field_bytes(q_->c);
        mpi r, s;
        auto grp = acquire_group(q_->c);
        if (!grp) return status::internal;
        const int ret = mbedtls_ecdsa_sign_det_ext(grp->get(), r.get(), s.get(), d_->get(), digest.data(),
                                                   digest.size(), nonce_hash(digest.size()), rng, nullptr);
        if (ret != 0) {
            grp.discard();
            return status::internal;
        }
        out.assign(2 * fb, 0);
        if (!write_mpi_fixed(r.v, std::span<byte>(out).first(fb)) ||
            !write_mpi_fixed(s.v, std::span<byte>(out).subspan(fb)))
            return status::internal;
        return status::ok;
    }

    status derive(bytes_view peer_point, secure_bytes& shared_x) const override {
        const auto raw = internal::uncompressed_point(q_->c, peer_point);
        if (!raw) return status::invalid_input;
        auto grp = acquire_group(q_->c);
        if (!grp) return status::internal;
        ecp_point peer;
        // Reject points off the curve before multiplying (invalid-curve attacks).
        if (mbedtls_ecp_point_read_binary(grp->get(), peer.get(), raw->data(), raw->size()) != 0 ||
            mbedtls_ecp_check_pubkey(grp->get(), peer.get()) != 0)
            return status::invalid_input;
        mpi z;
        if (mbedtls_ecdh_compute_shared(grp->get(), z.get(), peer.get(), d_->get(), rng, nullptr) != 0) {
            grp.discard();
            return status::internal;
        }
        secure_bytes x(field_bytes(q_->c));
        if (!write_mpi_fixed(z.v, x)) return status::internal;
        shared_x = std::move(x);
        return status::ok;
    }

private:
    std::unique_ptr<mpi> d_;  // mbedtls_mpi_free wipes it
    std::shared_ptr<const ec_point_value> q_;
};

} // namespace

std::unique_ptr<ec_public_key> make_ec_public(std::shared_ptr<const ec_point_value> q) {
    return std::make_unique<public_key>(std::move(q));
}

std::unique_ptr<ec_private_key> make_ec_private(std::unique_ptr<mpi> d, std::shared_ptr<const ec_point_value> q) {
    return std::make_unique<private_key>(std::move(d), std::move(q));
}

} // namespace p11::crypto::mbed
