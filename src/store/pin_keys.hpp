// The token key under a PIN: KEK = PBKDF2-HMAC-SHA256(PIN, salt || user
// type, iterations), token key wrapped with AES key wrap with padding (RFC
// 5649).  A PIN is checked only by unwrapping, whose integrity check fails
// for a wrong KEK: nothing derived from the PIN is stored to compare with.
// Mixing the user type into the salt makes an SO wrap useless as a user
// wrap even if someone swaps them in token.meta.
#pragma once

#include <span>

#include "p11/result.hpp"
#include "p11/secure.hpp"
#include "store/token_meta.hpp"
#include "store/token_store.hpp"

namespace p11::store::detail {

// A fresh random salt each time, so rewrapping under the same PIN yields an
// unrelated KEK.
[[nodiscard]] result<pin_wrap> wrap_token_key(user who, std::span<const std::uint8_t> pin,
                                              std::span<const std::uint8_t> token_key, std::uint32_t iterations);

// true with `token_key` filled: the PIN is right.  false: it is not.  An
// error: the crypto backend failed, which says nothing about the PIN.
[[nodiscard]] result<bool> unwrap_token_key(user who, std::span<const std::uint8_t> pin, const pin_wrap& w,
                                            secure_bytes& token_key);

// CK_TOKEN_INFO's view of a failure count.
[[nodiscard]] pin_state describe_pin(bool initialized, std::uint32_t failures, unsigned max_tries);

} // namespace p11::store::detail
