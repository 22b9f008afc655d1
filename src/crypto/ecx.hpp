// Edwards curves for EdDSA (RFC 8032: Ed25519, Ed448) and Montgomery curves
// for Diffie-Hellman (RFC 7748: X25519, X448), PKCS #11 3.0's CKK_EC_EDWARDS
// and CKK_EC_MONTGOMERY keys.  Keys are the RFCs' byte strings (little-endian
// encodings), prepared once and usable from any thread.  Which curves a
// backend has: capabilities.hpp (ecx); the others give no key (nullptr).
#pragma once

#include <cstddef>
#include <memory>
#include <optional>

#include "crypto/error.hpp"
#include "crypto/types.hpp"

namespace p11::crypto {

enum class ecx_curve : std::uint8_t { ed25519, ed448, x25519, x448 };
inline constexpr std::size_t ecx_curve_count = 4;

[[nodiscard]] constexpr bool is_edwards(ecx_curve c) noexcept {
    return c == ecx_curve::ed25519 || c == ecx_curve::ed448;
}

// CKA_EC_PARAMS: the curve's OID (RFC 8410: 1.3.101.110 .. 113) or the
// PrintableString name the 3.0 specification gives ("edwards25519",
// "edwards448", "curve25519", "curve448"), both DER.
[[nodiscard]] std::optional<ecx_curve> ecx_curve_from_params(bytes_view der_params) noexcept;
[[nodiscard]] bytes ecx_curve_params(ecx_curve c);  // the OID form
// Public and private keys are this long: 32, 57, 32, 56.
[[nodiscard]] std::size_t ecx_key_bytes(ecx_curve c) noexcept;
// The curve's size as CK_MECHANISM_INFO measures keys: 255 or 448 bits.
[[nodiscard]] std::size_t ecx_bits(ecx_curve c) noexcept;
// EdDSA signatures: 64 (Ed25519) or 114 (Ed448) bytes.
[[nodiscard]] std::size_t eddsa_signature_bytes(ecx_curve c) noexcept;

// The raw public key in `in`, which is that key or a DER OCTET STRING around
// it (CKA_EC_POINT as the specification defines it); the length decides.
[[nodiscard]] std::optional<bytes_view> ecx_public_bytes(ecx_curve c, bytes_view in) noexcept;

// CK_EDDSA_PARAMS: pure EdDSA when neither is set.  Ed25519 with a context
// is Ed25519ctx, with prehash Ed25519ph; Ed448 always carries its context
// (empty by default), prehash makes it Ed448ph.  A backend without these
// variants answers `unsupported`.
struct eddsa_params {
    bool prehash = false;
    bytes_view context;  // at most 255 bytes
};
// Whether the backend signs and verifies the variants beyond pure EdDSA on
// this Edwards curve (lets a token refuse the parameter at C_SignInit).
[[nodiscard]] bool eddsa_variants(ecx_curve c) noexcept;

class ecx_public_key {
public:
    virtual ~ecx_public_key() = default;
    [[nodiscard]] virtual ecx_curve curve_id() const = 0;
    [[nodiscard]] virtual bytes public_bytes() const = 0;  // raw, ecx_key_bytes() long
    [[nodiscard]] virtual bytes subject_public_key_info() const = 0;  // RFC 8410
    // EdDSA (Edwards curves only): ok or bad_signature.
    [[nodiscard]] virtual status verify(bytes_view message, bytes_view signature, const eddsa_params& p) const = 0;
};

class ecx_private_key {
public:
    virtual ~ecx_private_key() = default;
    [[nodiscard]] virtual ecx_curve curve_id() const = 0;
    [[nodiscard]] virtual secure_bytes private_bytes() const = 0;  // raw, ecx_key_bytes() long
    [[nodiscard]] virtual std::unique_ptr<ecx_public_key> public_key() const = 0;
    // EdDSA (Edwards curves only); out is eddsa_signature_bytes() long.
    [[nodiscard]] virtual status sign(bytes_view message, const eddsa_params& p, bytes& out) const = 0;
    // X25519 / X448 (Montgomery curves only) with the peer's public key, raw
    // or in an OCTET STRING; invalid_input when it is malformed or the shared
    // secret is all zero (a small-order peer, RFC 7748 section 6).
    [[nodiscard]] virtual status derive(bytes_view peer, secure_bytes& shared) const = 0;
};

[[nodiscard]] std::unique_ptr<ecx_private_key> generate_ecx(ecx_curve c);
// The raw private key (RFC 8032's seed, RFC 7748's scalar before clamping).
[[nodiscard]] std::unique_ptr<ecx_private_key> load_ecx_private(ecx_curve c, bytes_view raw);
// The raw public key or an OCTET STRING around it.
[[nodiscard]] std::unique_ptr<ecx_public_key> load_ecx_public(ecx_curve c, bytes_view public_or_octet_string);

} // namespace p11::crypto
