// DER SubjectPublicKeyInfo for the key types the token has (RFC 3279, RFC 5480).
#pragma once

#include "crypto/ec.hpp"
#include "crypto/types.hpp"

namespace p11::crypto::internal {

[[nodiscard]] bytes rsa_spki(bytes_view modulus, bytes_view public_exponent);
[[nodiscard]] bytes ec_spki(curve c, bytes_view uncompressed_point);

} // namespace p11::crypto::internal
