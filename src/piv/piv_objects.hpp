// The PKCS #11 objects of one PIV key slot, derived from its certificate: the
// certificate, its public key and the card's private key, linked by CKA_ID.
#pragma once

#include <cstdint>
#include <optional>
#include <vector>

#include "p11/provider/token.hpp"
#include "piv/piv_constants.hpp"

namespace p11::piv {

// What a private-key operation needs to know about a key, kept in the
// object's attributes (CKA_ID, key type, size) and recovered from them.
struct key_facts {
    const key_slot* slot = nullptr;
    algorithm alg{};
    bool rsa = false;
    std::size_t size_bytes = 0;  // modulus bytes, or field bytes of the curve
};

enum class object_kind : std::uint8_t { certificate = 1, public_key = 2, private_key = 3 };

// The stable key of a token object: kind and key reference.
[[nodiscard]] inline std::vector<std::uint8_t> object_key(object_kind k, std::uint8_t reference) {
    return {static_cast<std::uint8_t>(k), reference};
}

// The three objects of a slot; empty when the certificate is unusable (not
// DER, or a key type the card edge does not have).
[[nodiscard]] std::vector<provider::token_object> objects_for(const key_slot& slot, bytes_view certificate_der);

// The public and private key objects of a slot whose key has no certificate
// yet (just generated): from its SubjectPublicKeyInfo; empty when the key
// is not one the card edge has.
[[nodiscard]] std::vector<provider::token_object> key_objects_for(const key_slot& slot, bytes_view spki,
                                                                  bytes_view subject);

// The facts of a private key object of this token; nullopt for other objects.
[[nodiscard]] std::optional<key_facts> facts_of(const provider::object& key);

} // namespace p11::piv
