// MGF1 (RFC 8017 appendix B.2.1), which EMSA-PSS and EME-OAEP share.
#pragma once

#include <span>

#include "crypto/hash.hpp"
#include "crypto/types.hpp"

namespace p11::crypto::internal {

// XORs the mask generated from `seed` into `target`.
void mgf1_xor(hash_alg h, bytes_view seed, std::span<byte> target);

} // namespace p11::crypto::internal
