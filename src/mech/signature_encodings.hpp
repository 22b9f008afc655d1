// Signature formats a token converts on the host when its private key lives
// elsewhere (a card computes x^d mod n, or an ECDSA signature in DER, over
// the bytes it is given).  The RSA decryption unpadders are the crypto
// layer's (crypto/rsa_padding.hpp).
#pragma once

#include <cstddef>
#include <optional>

#include "crypto/hash.hpp"
#include "crypto/types.hpp"

namespace p11::mech {

using crypto::bytes;
using crypto::bytes_view;

// A big-endian number as exactly k bytes, zeros on the left (RSA blocks,
// raw X.509 input); `number` is at most k bytes.
[[nodiscard]] secure_bytes left_padded(bytes_view number, std::size_t k);

// DigestInfo (RFC 8017 9.2 step 2): the hash's DER prefix, then the digest.
[[nodiscard]] bytes digest_info(crypto::hash_alg h, bytes_view digest);

// EMSA-PKCS1-v1_5 block for a signature: 00 01 FF..FF 00 || t.  nullopt when
// t is longer than k - 11.
[[nodiscard]] std::optional<secure_bytes> pkcs1_signature_block(bytes_view t, std::size_t k);

// A DER ECDSA-Sig-Value (SEQUENCE { r INTEGER, s INTEGER }) as PKCS #11's
// r || s, each `field` bytes; nullopt if malformed or too large.
[[nodiscard]] std::optional<bytes> ecdsa_der_to_raw(bytes_view der, std::size_t field);

// The challenge a card signs for an EC key of `field` bytes: the digest cut
// to the order's length (leftmost bytes, FIPS 186-4 6.4; our curves have
// byte-aligned orders) or left-padded with zeros.
[[nodiscard]] bytes ecdsa_challenge(bytes_view digest, std::size_t field);

} // namespace p11::mech
