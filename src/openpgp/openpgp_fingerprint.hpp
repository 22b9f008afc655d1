// A card key's OpenPGP v4 fingerprint, which the card keeps in C7..C9 beside
// the key's generation date (CE..D0): GnuPG finds the key in its keyring by
// it, and a key generated through PKCS #11 must get both written, or GnuPG
// sees an empty slot.  The fingerprint hashes the key with its creation time,
// so the host computes it when it writes the date.
#pragma once

#include <array>
#include <cstdint>
#include <vector>

#include "openpgp/openpgp_data.hpp"

namespace p11::openpgp {

// The v4 public key packet body (RFC 4880 5.5.2; ECC: RFC 6637 9; EdDSA and
// X25519: RFC 9580's legacy forms) of the key a slot of this algorithm holds.
// The decryption slot's ECC key is ECDH, the others ECDSA / EdDSA.
[[nodiscard]] std::vector<std::uint8_t> public_key_packet_body(role use, const algorithm_attributes& alg,
                                                               const public_key& key, std::uint32_t created);
// SHA-1 over 99, the body's 2-byte length and the body (RFC 4880 12.2).
[[nodiscard]] std::array<std::uint8_t, fingerprint_size> v4_fingerprint(bytes_view body);

} // namespace p11::openpgp
