// The EVP_CIPHER_CTX steps the AES modes share.
#pragma once

#include "crypto/aes.hpp"
#include "crypto/openssl/support.hpp"

namespace p11::crypto::ossl {

// A context for `cipher` (nullptr: bad key length) keyed with `key` and, if
// not empty, `iv` of the cipher's default IV length; padding off (block
// modes).  Empty on failure.
[[nodiscard]] cipher_ctx keyed_context(const EVP_CIPHER* cipher, bytes_view key, bytes_view iv, direction d);

// EVP_CipherUpdate over any length (EVP counts in int); false on failure.
// `written` gets what OpenSSL wrote; `out` may be null for GCM's AAD.
[[nodiscard]] bool update(EVP_CIPHER_CTX& ctx, const byte* in, std::size_t length, byte* out, std::size_t& written);

} // namespace p11::crypto::ossl
