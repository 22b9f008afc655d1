// AES-CMAC (NIST SP 800-38B, RFC 4493) written on the bare AES block
// function, for a backend whose library may have no CMAC (Windows CNG: wine's
// has no AES-CMAC provider).  Built in every backend so that its
// known-answer tests run on every platform.
#pragma once

#include <memory>

#include "crypto/aes.hpp"
#include "crypto/des3.hpp"
#include "crypto/hash.hpp"

namespace p11::crypto::internal {

// nullptr for a null key.  The mac keeps the key alive.
[[nodiscard]] std::unique_ptr<mac> make_cmac_on_block(const aes_key_ptr& key);
// TDEA-CMAC (SP 800-38B with b = 64): every backend's, on its TDEA block.
[[nodiscard]] std::unique_ptr<mac> make_cmac_on_block(const des3_key_ptr& key);

} // namespace p11::crypto::internal
