// MGF1, which EMSA-PSS and EME-OAEP share; the encodings themselves are
// declared in crypto/rsa_padding.hpp and reach the backends as internal::.
#pragma once

#include "crypto/rsa_padding.hpp"
#include "crypto/types.hpp"

namespace p11::crypto::internal {

using crypto::emsa_pss_encode;
using crypto::emsa_pss_verify;

// MGF1: XORs the mask generated from `seed` into `target`.
void mgf1_xor(hash_alg h, bytes_view seed, std::span<byte> target);

} // namespace p11::crypto::internal
