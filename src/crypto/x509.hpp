// What the token needs from an X.509 certificate and from public keys in DER.
#pragma once

#include <optional>

#include "crypto/ec.hpp"
#include "crypto/rsa.hpp"
#include "crypto/types.hpp"

namespace p11::crypto {

struct certificate_fields {
    bytes subject;        // DER Name (CKA_SUBJECT)
    bytes issuer;         // DER Name (CKA_ISSUER)
    bytes serial_number;  // DER INTEGER, tag and length included (CKA_SERIAL_NUMBER)
    bytes subject_public_key_info;  // DER (CKA_PUBLIC_KEY_INFO)
    // Validity as "YYYYMMDD" (CKA_START_DATE / CKA_END_DATE).
    char not_before[8];
    char not_after[8];
    // KeyUsage bits (digitalSignature = 0x80 of the first byte ...), if present.
    std::optional<unsigned> key_usage;
};

// nullopt when the bytes are not one well-formed DER certificate.
[[nodiscard]] std::optional<certificate_fields> parse_certificate(bytes_view der);

// A public key from a DER SubjectPublicKeyInfo (RSA or one of our curves).
struct public_key_info {
    std::unique_ptr<rsa_public_key> rsa;
    std::unique_ptr<ec_public_key> ec;
};
[[nodiscard]] std::optional<public_key_info> parse_public_key_info(bytes_view der);

} // namespace p11::crypto
