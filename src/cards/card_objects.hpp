// What the objects of every card family share: the attributes of a
// certificate read from the card (CKO_CERTIFICATE, X.509, derived from its
// DER), and the usage and protection attributes of a key pair whose private
// half never leaves the card.
#pragma once

#include "crypto/x509.hpp"
#include "p11/provider/token.hpp"

namespace p11::cards {

// The certificate's own attributes (class, id, label and the object flags are the family's).
void set_certificate_attributes(provider::attribute_set& a, const crypto::certificate_fields& cert, bytes_view der);

// What a card key is for; the public key gets the matching host-side halves.
struct key_usage {
    bool signs = false;        // CKA_SIGN / CKA_VERIFY
    bool decrypts = false;     // CKA_DECRYPT, CKA_UNWRAP / CKA_ENCRYPT, CKA_WRAP
    bool derives = false;      // CKA_DERIVE (ECDH)
    bool always_authenticate = false;
};
void set_key_usage(provider::attribute_set& pub, provider::attribute_set& priv, const key_usage& u);

} // namespace p11::cards
