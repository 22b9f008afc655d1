// DER SubjectPublicKeyInfo for the key types the token has (RFC 3279, RFC 5480, RFC 8410).
#pragma once

#include <array>

#include "crypto/ec.hpp"
#include "crypto/ecx.hpp"
#include "crypto/types.hpp"

namespace p11::crypto::internal {

// The algorithm OIDs, DER (tag and length included): rsaEncryption
// 1.2.840.113549.1.1.1 and id-ecPublicKey 1.2.840.10045.2.1.  PKCS #8
// (pkcs8.cpp) names its algorithms with the same ones.
inline constexpr std::array<byte, 11> rsa_encryption_oid{0x06, 0x09, 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x01};
inline constexpr std::array<byte, 9> ec_public_key_oid{0x06, 0x07, 0x2a, 0x86, 0x48, 0xce, 0x3d, 0x02, 0x01};

[[nodiscard]] bytes rsa_spki(bytes_view modulus, bytes_view public_exponent);
[[nodiscard]] bytes ec_spki(curve c, bytes_view uncompressed_point);
[[nodiscard]] bytes ecx_spki(ecx_curve c, bytes_view raw_public);

} // namespace p11::crypto::internal
