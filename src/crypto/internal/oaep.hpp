// EME-OAEP (RFC 8017 section 7.1) on top of the hash API, so that the MGF1
// hash can differ from the label hash (CKM_RSA_PKCS_OAEP allows any pair;
// mbedTLS 2.28 ties them together).  The RSA primitive stays the backend's.
#pragma once

#include <span>

#include "crypto/error.hpp"
#include "crypto/rsa.hpp"
#include "crypto/types.hpp"

namespace p11::crypto::internal {

// Encodes `message` into `em` (k bytes, k the modulus length) with a fresh
// random seed.  unsupported when 2 * hLen + 2 > k; invalid_input when the
// message is longer than k - 2 * hLen - 2.
[[nodiscard]] status eme_oaep_encode(bytes_view message, const oaep_params& p, std::span<byte> em);

// Decodes `em` (k bytes) into `message`.  Every check (Y, lHash', the 01
// separator) is folded into one flag without branching on secret data, and
// every failure is the same decrypt_failed.
[[nodiscard]] status eme_oaep_decode(std::span<const byte> em, const oaep_params& p, secure_bytes& message);

} // namespace p11::crypto::internal
