// PKCS #8 PrivateKeyInfo (RFC 5208; OneAsymmetricKey of RFC 5958) for the
// private keys the token has: RSA (RFC 8017 A.1.2 RSAPrivateKey), EC on the
// named curves (RFC 5915 ECPrivateKey, RFC 5480 OIDs) and the Edwards and
// Montgomery curves (RFC 8410 CurvePrivateKey).  Backend-independent: the
// backends import and export the key values, this file only (de)serialises
// them.  The parser takes untrusted input (C_UnwrapKey's decrypted blob):
// strict DER, every length checked, nothing read past what it was given.
#pragma once

#include <optional>

#include "crypto/ec.hpp"
#include "crypto/ecx.hpp"
#include "crypto/rsa.hpp"
#include "crypto/types.hpp"

namespace p11::crypto::pkcs8 {

enum class algorithm : std::uint8_t { rsa, ec, ecx };

// What a PrivateKeyInfo carries, parsed.
struct private_key {
    algorithm alg = algorithm::rsa;
    rsa_private_components rsa;  // algorithm::rsa: all eight values, big-endian, leading zeros dropped
    curve ec_curve = curve::p256;       // algorithm::ec
    ecx_curve ecx = ecx_curve::ed25519;  // algorithm::ecx
    // EC: d, left-padded to field_bytes(); ecx: the raw private key, ecx_key_bytes() long.
    secure_bytes secret;
    // The public key when the encoding includes one (ECPrivateKey's publicKey:
    // an uncompressed point; OneAsymmetricKey's publicKey: the raw ecx key);
    // empty otherwise.  The caller checks it against the private key.
    bytes public_key;
};

// RSAPrivateKey version 0 (two primes): every CRT value must be present.
// nullopt when one is missing.
[[nodiscard]] std::optional<secure_bytes> encode_rsa(const rsa_private_components& c);
// ECPrivateKey with the public point (uncompressed, 04 || X || Y); the curve
// is named in the AlgorithmIdentifier only, as RFC 5915 section 3 allows.
[[nodiscard]] secure_bytes encode_ec(curve c, bytes_view scalar, bytes_view point);
// RFC 8410 section 7: version 0, no public key.
[[nodiscard]] secure_bytes encode_ecx(ecx_curve c, bytes_view raw_private);

// nullopt for anything that is not exactly one well-formed PrivateKeyInfo /
// OneAsymmetricKey of a supported algorithm and curve.
[[nodiscard]] std::optional<private_key> parse(bytes_view der);

} // namespace p11::crypto::pkcs8
