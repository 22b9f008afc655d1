// The card management key (9B): the SO of the PIV token.  Its value comes as
// the SO PIN in hex (ykcs11's convention: 48 hex digits for the default
// 3DES key); the host proves it knows the key by encrypting the card's
// challenge (GENERAL AUTHENTICATE, external authentication), with the
// block cipher of the crypto backend.
#pragma once

#include <optional>

#include "piv/piv_card.hpp"

namespace p11::piv {

// The key bytes of an SO PIN: hex digits (either case) of 16, 24 or 32
// bytes; nullopt for anything else.
[[nodiscard]] std::optional<secure_bytes> management_key_from_hex(bytes_view so_pin);

// Authenticates `key` as the card's management key.  The algorithm is the
// card's (YubiKey's metadata) when it tells; otherwise the key's length
// decides: 16 AES-128, 32 AES-256, 24 TDEA first (the PIV default) and
// AES-192 when the card does not take TDEA for 9B.  pin_incorrect: wrong key.
// The algorithm that worked.
card::outcome<management_algorithm> authenticate_management(piv_card& c, bytes_view key);

// ykcs11's SO C_SetPIN: authenticates `old_key`, then YubiKey's SET
// MANAGEMENT KEY makes `new_key` the management key, with the algorithm
// that authenticated when the lengths agree, else the new key's length's
// (16, 32: AES; 24: TDEA).  not_supported: an SP 800-73 card, which has no
// such command.
card::outcome<void> change_management_key(piv_card& c, bytes_view old_key, bytes_view new_key);

} // namespace p11::piv
