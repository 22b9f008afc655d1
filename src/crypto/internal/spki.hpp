// DER SubjectPublicKeyInfo for the key types the token has (RFC 3279, RFC 5480, RFC 8410).
#pragma once

#include "crypto/ec.hpp"
#include "crypto/ecx.hpp"
#include "crypto/types.hpp"

namespace p11::crypto::internal {

[[nodiscard]] bytes rsa_spki(bytes_view modulus, bytes_view public_exponent);
[[nodiscard]] bytes ec_spki(curve c, bytes_view uncompressed_point);
[[nodiscard]] bytes ecx_spki(ecx_curve c, bytes_view raw_public);

} // namespace p11::crypto::internal
