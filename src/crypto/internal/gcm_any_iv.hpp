// GCM (NIST SP 800-38D) written on the bare AES block function, for IV
// lengths a backend cannot take: OpenSSL's GCM keeps the IV in a 128-byte
// field, while PKCS #11 2.40 (CK_GCM_PARAMS) allows ulIvLen up to 256 bytes.
// Slow (bitwise GF(2^128) multiplication) and only used where no backend
// path exists; the same cipher contract as make_aes_gcm (crypto/aes.hpp).
#pragma once

#include <memory>

#include "crypto/aes.hpp"

namespace p11::crypto::internal {

// nullptr for an empty IV or a tag outside 4..16 bytes.
[[nodiscard]] std::unique_ptr<cipher> make_gcm_any_iv(const aes_key_ptr& key, bytes_view iv, bytes_view aad,
                                                      std::size_t tag_bytes, direction d);

} // namespace p11::crypto::internal
