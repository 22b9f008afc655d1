// What the host does around a PIV card's raw private-key operations: the card
// computes x^d mod n (RSA) or an ECDSA signature over the bytes it is given;
// padding, unpadding and format conversion happen here.
#pragma once

#include <cstddef>
#include <optional>

#include "crypto/rsa.hpp"
#include "crypto/types.hpp"

namespace p11::piv {

using crypto::bytes;
using crypto::bytes_view;

// EMSA-PKCS1-v1_5 block for a signature: 00 01 FF..FF 00 || t.  nullopt when
// t is longer than k - 11.
[[nodiscard]] std::optional<secure_bytes> pkcs1_signature_block(bytes_view t, std::size_t k);

// EME-PKCS1-v1_5 decoding of a decrypted block of exactly k bytes (RFC 8017
// 7.2.2).  Constant time in the block's content: every failure looks the
// same (false) and takes the same path; `out` receives the message only on
// success.
[[nodiscard]] bool pkcs1_decrypt_unpad(bytes_view block, secure_bytes& out);

// EME-OAEP decoding (RFC 8017 7.1.2) of a block of exactly k bytes, constant
// time as above; `label` is the encoding parameter.
[[nodiscard]] bool oaep_decrypt_unpad(bytes_view block, const crypto::oaep_params& p, secure_bytes& out);

// A DER ECDSA-Sig-Value (SEQUENCE { r INTEGER, s INTEGER }) as PKCS #11's
// r || s, each `field` bytes; nullopt if malformed or too large.
[[nodiscard]] std::optional<bytes> ecdsa_der_to_raw(bytes_view der, std::size_t field);

// The challenge a PIV card signs for an EC key of `field` bytes: the digest
// cut to the order's length (leftmost bytes, FIPS 186-4 6.4; our curves have
// byte-aligned orders) or left-padded with zeros.
[[nodiscard]] bytes ecdsa_challenge(bytes_view digest, std::size_t field);

} // namespace p11::piv
