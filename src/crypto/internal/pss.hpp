// EMSA-PSS (RFC 8017 section 9.1) on top of the hash API, so that the MGF1
// hash can differ from the message hash whatever the backend supports.
#pragma once

#include "crypto/error.hpp"
#include "crypto/rsa.hpp"
#include "crypto/types.hpp"

namespace p11::crypto::internal {

// Encodes into `em` (ceil(em_bits / 8) bytes) with a fresh random salt.
// unsupported when the salt does not fit; invalid_input when the digest
// length is not that of p.hash.
[[nodiscard]] status emsa_pss_encode(bytes_view digest, std::size_t em_bits, const pss_params& p, std::span<byte> em);
// ok or bad_signature; the salt length must be exactly p.salt_length.
[[nodiscard]] status emsa_pss_verify(bytes_view digest, bytes_view em, std::size_t em_bits, const pss_params& p);

// MGF1: XORs the mask generated from `seed` into `target`.
void mgf1_xor(hash_alg h, bytes_view seed, std::span<byte> target);

} // namespace p11::crypto::internal
