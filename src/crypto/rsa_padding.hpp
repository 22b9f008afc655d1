// The RSA encodings the crypto layer computes itself, on top of the hash API
// (RFC 8017): EMSA-PSS and EME-OAEP, so the MGF1 hash can differ from the
// message hash whatever the backend supports, and the constant-time EME
// decoders.  Public because a token whose private key lives elsewhere (a
// card computes only x^d mod n) pads and unpads on the host with these same
// functions: one implementation, so a timing fix is made once.
#pragma once

#include <span>

#include "crypto/error.hpp"
#include "crypto/rsa.hpp"
#include "crypto/types.hpp"

namespace p11::crypto {

// EMSA-PSS (RFC 8017 9.1.1): encodes into `em` (ceil(em_bits / 8) bytes)
// with a fresh random salt.  unsupported when the salt does not fit;
// invalid_input when the digest length is not that of p.hash.
[[nodiscard]] status emsa_pss_encode(bytes_view digest, std::size_t em_bits, const pss_params& p, std::span<byte> em);
// ok or bad_signature; the salt length must be exactly p.salt_length.
[[nodiscard]] status emsa_pss_verify(bytes_view digest, bytes_view em, std::size_t em_bits, const pss_params& p);

// EME-OAEP (RFC 8017 7.1.1): encodes `message` into `em` (k bytes, k the
// modulus length) with a fresh random seed.  unsupported when
// 2 * hLen + 2 > k; invalid_input when the message is longer than
// k - 2 * hLen - 2.
[[nodiscard]] status eme_oaep_encode(bytes_view message, const oaep_params& p, std::span<byte> em);

// The decoders below take the k bytes x^d mod n and are position-oblivious:
// every check is folded into one flag without branching on `em`, the
// message is moved out of the block by masked passes over every byte (the
// memory accessed does not depend on where the message starts), and every
// failure is the same decrypt_failed (unsupported only for a block too short
// for the hash, which depends on the public key size alone).

// EME-OAEP decoding (RFC 8017 7.1.2).
[[nodiscard]] status eme_oaep_decode(std::span<const byte> em, const oaep_params& p, secure_bytes& message);

// EME-PKCS1-v1_5 decoding (RFC 8017 7.2.2 step 3):
// 00 || 02 || PS (at least eight non-zero bytes) || 00 || M.
[[nodiscard]] status eme_pkcs1_v15_decode(std::span<const byte> em, secure_bytes& message);

} // namespace p11::crypto
