// The block cipher padding removed in constant time, for backends whose
// library checks it with branches on the plaintext (a padding oracle through
// timing is still an oracle).  The RSA paddings are in crypto/rsa_padding.hpp:
// card tokens unpad with them too.
#pragma once

#include <cstddef>
#include <span>

#include "crypto/error.hpp"
#include "crypto/internal/aes_block.hpp"
#include "crypto/types.hpp"

namespace p11::crypto::internal {

// PKCS #7 padding of the last decrypted block (16 bytes for AES, 8 for TDEA;
// never empty): writes the message bytes in it (0..block-1) to `out` and
// their number to `written`, or returns
// decrypt_failed (writing nothing) when the padding is malformed.  Every byte
// of the block is examined whatever it holds.
[[nodiscard]] status pkcs7_unpad(std::span<const byte> last_block, byte* out,
                                 std::size_t& written) noexcept;

} // namespace p11::crypto::internal
