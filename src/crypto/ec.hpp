// Elliptic curves P-256, P-384, P-521: keys prepared once, thread-safe use.
#pragma once

#include <cstddef>
#include <memory>
#include <optional>

#include "crypto/error.hpp"
#include "crypto/types.hpp"

namespace p11::crypto {

enum class curve : std::uint8_t { p256, p384, p521 };

// CKA_EC_PARAMS is the DER of an ECParameters choice; we accept and produce
// the namedCurve OID form.
[[nodiscard]] std::optional<curve> curve_from_params(bytes_view der_params) noexcept;
[[nodiscard]] bytes curve_params(curve c);
[[nodiscard]] std::size_t field_bytes(curve c) noexcept;  // 32, 48, 66
[[nodiscard]] std::size_t order_bits(curve c) noexcept;   // 256, 384, 521

class ec_public_key {
public:
    virtual ~ec_public_key() = default;
    [[nodiscard]] virtual curve curve_id() const = 0;
    // Uncompressed point 04 || X || Y.
    [[nodiscard]] virtual bytes point() const = 0;
    [[nodiscard]] virtual bytes subject_public_key_info() const = 0;
    // signature = r || s, each field_bytes() long (the PKCS #11 format).
    [[nodiscard]] virtual status verify(bytes_view digest, bytes_view signature) const = 0;
};

class ec_private_key {
public:
    virtual ~ec_private_key() = default;
    [[nodiscard]] virtual curve curve_id() const = 0;
    [[nodiscard]] virtual secure_bytes scalar() const = 0;  // big-endian d, field_bytes() long
    [[nodiscard]] virtual std::unique_ptr<ec_public_key> public_key() const = 0;
    // ECDSA over a digest (any length; truncated per FIPS 186-4); out = r || s.
    // A backend may derive the nonce deterministically (RFC 6979).
    [[nodiscard]] virtual status sign(bytes_view digest, bytes& out) const = 0;
    // ECDH: the x coordinate of d * peer, field_bytes() long.  The peer is an
    // uncompressed point, raw or in a DER OCTET STRING (as load_ec_public);
    // invalid_input if it is malformed or not on the curve.
    [[nodiscard]] virtual status derive(bytes_view peer_point, secure_bytes& shared_x) const = 0;
};

[[nodiscard]] std::unique_ptr<ec_private_key> generate_ec(curve c);
[[nodiscard]] std::unique_ptr<ec_private_key> load_ec_private(curve c, bytes_view scalar);
// Accepts the raw point or the DER OCTET STRING around it (CKA_EC_POINT is
// specified as the latter; some applications send the former).
[[nodiscard]] std::unique_ptr<ec_public_key> load_ec_public(curve c, bytes_view point_or_octet_string);

// DER OCTET STRING wrapping of an EC point, as CKA_EC_POINT carries it.
[[nodiscard]] bytes wrap_octet_string(bytes_view raw);

} // namespace p11::crypto
