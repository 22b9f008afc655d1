// X25519 and X448 on mbedTLS 2.28's Montgomery-curve arithmetic (Curve25519,
// Curve448); the keys are the RFC 7748 byte strings, kept as they are.
// mbedTLS 2.28 has no EdDSA (capabilities.hpp): Edwards curves give no key.
#include <mbedtls/ecp.h>

#include "crypto/ecx.hpp"
#include "crypto/internal/spki.hpp"
#include "crypto/mbedtls/handles.hpp"
#include "crypto/mbedtls/support.hpp"
#include "crypto/random.hpp"

namespace p11::crypto {

namespace {

mbedtls_ecp_group_id group_id(ecx_curve c) noexcept {
    return c == ecx_curve::x25519 ? MBEDTLS_ECP_DP_CURVE25519 : MBEDTLS_ECP_DP_CURVE448;
}

// RFC 7748 section 5, decodeScalar25519 / decodeScalar448: the bits every
// scalar must have, set here because mbedTLS refuses a scalar without them.
secure_bytes clamped(ecx_curve c, bytes_view k) {
    secure_bytes s(k.begin(), k.end());
    if (c == ecx_curve::x25519) {
        s[0] &= 248;
        s[31] &= 127;
        s[31] |= 64;
    } else {
        s[0] &= 252;
        s[55] |= 128;
    }
    return s;
}

// k * u, little-endian in and out.  Reading the point masks X25519's top bit
// (RFC 7748 section 5); a point at infinity as result (small-order u) fails
// its normalisation, reported as invalid_input like a malformed u.
status multiply(ecx_curve c, bytes_view k, bytes_view u, secure_bytes& out) {
    mbed::ecp_group grp;
    mbed::mpi d;
    mbed::ecp_point p, r;
    if (mbedtls_ecp_group_load(grp.get(), group_id(c)) != 0) return status::internal;
    const secure_bytes scalar = clamped(c, k);
    if (mbedtls_mpi_read_binary_le(d.get(), scalar.data(), scalar.size()) != 0) return status::internal;
    if (mbedtls_ecp_point_read_binary(grp.get(), p.get(), u.data(), u.size()) != 0) return status::invalid_input;
    if (mbedtls_ecp_mul(grp.get(), r.get(), d.get(), p.get(), mbed::rng, nullptr) != 0) return status::invalid_input;
    secure_bytes x(ecx_key_bytes(c));
    std::size_t length = 0;
    if (mbedtls_ecp_point_write_binary(grp.get(), r.get(), MBEDTLS_ECP_PF_UNCOMPRESSED, &length, x.data(), x.size()) !=
            0 ||
        length != x.size())
        return status::internal;
    byte any = 0;
    for (auto b : x) any |= b;
    if (any == 0) return status::invalid_input;  // RFC 7748 section 6: the all-zero secret
    out = std::move(x);
    return status::ok;
}

class public_key final : public ecx_public_key {
public:
    public_key(ecx_curve c, bytes raw) : c_(c), raw_(std::move(raw)) {}
    ecx_curve curve_id() const override { return c_; }
    bytes public_bytes() const override { return raw_; }
    bytes subject_public_key_info() const override { return internal::ecx_spki(c_, raw_); }
    status verify(bytes_view, bytes_view, const eddsa_params&) const override { return status::invalid_key; }

private:
    ecx_curve c_;
    bytes raw_;
};

class private_key final : public ecx_private_key {
public:
    private_key(ecx_curve c, secure_bytes raw, bytes pub) : c_(c), raw_(std::move(raw)), pub_(std::move(pub)) {}
    ecx_curve curve_id() const override { return c_; }
    secure_bytes private_bytes() const override { return raw_; }
    std::unique_ptr<ecx_public_key> public_key() const override { return std::make_unique<class public_key>(c_, pub_); }
    status sign(bytes_view, const eddsa_params&, bytes&) const override { return status::invalid_key; }
    status derive(bytes_view peer, secure_bytes& shared) const override {
        const auto u = ecx_public_bytes(c_, peer);
        if (!u) return status::invalid_input;
        return multiply(c_, raw_, *u, shared);
    }

private:
    ecx_curve c_;
    secure_bytes raw_;
    bytes pub_;
};

} // namespace

bool eddsa_variants(ecx_curve) noexcept { return false; }

std::unique_ptr<ecx_private_key> load_ecx_private(ecx_curve c, bytes_view raw) {
    if (is_edwards(c) || raw.size() != ecx_key_bytes(c)) return nullptr;
    // The base point's u: 9 (Curve25519), 5 (Curve448), little-endian.
    bytes base(ecx_key_bytes(c), 0);
    base[0] = c == ecx_curve::x25519 ? 9 : 5;
    secure_bytes pub;
    if (multiply(c, raw, base, pub) != status::ok) return nullptr;
    return std::make_unique<private_key>(c, secure_bytes(raw.begin(), raw.end()), bytes(pub.begin(), pub.end()));
}

std::unique_ptr<ecx_private_key> generate_ecx(ecx_curve c) {
    if (is_edwards(c)) return nullptr;
    secure_bytes k(ecx_key_bytes(c));
    if (random_bytes(k) != status::ok) return nullptr;
    return load_ecx_private(c, k);
}

std::unique_ptr<ecx_public_key> load_ecx_public(ecx_curve c, bytes_view public_or_octet_string) {
    if (is_edwards(c)) return nullptr;
    const auto raw = ecx_public_bytes(c, public_or_octet_string);
    if (!raw) return nullptr;
    return std::make_unique<public_key>(c, bytes(raw->begin(), raw->end()));
}

} // namespace p11::crypto
