// The PKCS #11 objects of an OpenPGP card: per key slot its public key (read
// from the card with GENERATE ASYMMETRIC KEY PAIR, P1 81) and its private
// key, linked by CKA_ID; the cardholder certificate (7F21, the
// authentication key's); and two read-only data objects with the signature
// counter and the PW status bytes (the "vendor-readable" counters,
// docs/module.md).
#pragma once

#include <cstdint>
#include <optional>
#include <vector>

#include "openpgp/openpgp_data.hpp"
#include "p11/provider/token.hpp"

namespace p11::openpgp {

enum class key_kind : std::uint8_t { rsa, ecdsa_p256, ecdh_p256, ed25519, x25519 };

// What a private-key operation needs to know about a key, kept in the
// object's attributes (CKA_ID, key type, size) and recovered from them.
struct key_facts {
    const key_slot* slot = nullptr;
    key_kind kind = key_kind::rsa;
    std::size_t size_bytes = 0;  // modulus bytes, or field bytes of the curve
    bool pin_always = false;     // CKA_ALWAYS_AUTHENTICATE (the signature key, PW1 for one signature)
};

enum class object_kind : std::uint8_t { certificate = 1, public_key = 2, private_key = 3, data = 4 };

// The stable key of a token object: kind and CKA_ID (data objects: 1 the
// signature counter, 2 the PW status).
[[nodiscard]] inline std::vector<std::uint8_t> object_key(object_kind k, std::uint8_t id) {
    return {static_cast<std::uint8_t>(k), id};
}
inline constexpr std::uint8_t data_signature_counter = 1;
inline constexpr std::uint8_t data_pw_status = 2;

// The public and private key objects of a slot; empty when the key is of an
// algorithm the token does not serve or does not load.  `generated`: the
// card made the key (CKA_LOCAL).
[[nodiscard]] std::vector<provider::token_object> key_objects(const key_slot& slot, const algorithm_attributes& alg,
                                                              const public_key& key, bool pin_always, bool generated);
// A key slot's certificate object (CKA_ID the slot's); nullopt when the
// bytes are not a DER certificate.
[[nodiscard]] std::optional<provider::token_object> certificate_object(const key_slot& slot, bytes_view der);
// A public CKO_DATA object of the application "OpenPGP card".
[[nodiscard]] provider::token_object data_object(std::uint8_t which, const char* label, bytes_view value);

// The facts of a private key object of this token; nullopt for other objects.
[[nodiscard]] std::optional<key_facts> facts_of(const provider::object& key);

} // namespace p11::openpgp
