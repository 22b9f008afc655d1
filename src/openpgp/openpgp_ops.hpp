// Private-key operations on the card (PSO:COMPUTE DIGITAL SIGNATURE, INTERNAL
// AUTHENTICATE, PSO:DECIPHER) with the host's share of the work: hashing,
// DigestInfo, signature formats.  The card pads RSA itself (PKCS #1 v1.5
// only: no PSS, no OAEP, no raw RSA on an OpenPGP card).
#pragma once

#include <memory>

#include "openpgp/openpgp_link.hpp"
#include "openpgp/openpgp_objects.hpp"
#include "cards/card_token.hpp"
#include "p11/provider/token.hpp"

namespace p11::openpgp {

// CKM_RSA_PKCS (the caller's DigestInfo), CKM_SHA*_RSA_PKCS, CKM_ECDSA,
// CKM_ECDSA_SHA*, CKM_EDDSA (pure Ed25519).
[[nodiscard]] result<std::unique_ptr<provider::sign_operation>> begin_card_sign(const provider::mechanism_view& m,
                                                                                const key_facts& key,
                                                                                std::shared_ptr<card_link> link);
// CKM_RSA_PKCS with the decryption key.
[[nodiscard]] result<std::unique_ptr<provider::cipher_operation>> begin_card_decrypt(const provider::mechanism_view& m,
                                                                                     const key_facts& key,
                                                                                     std::shared_ptr<card_link> link);
// ECDH with the decryption key: the shared secret (P-256: x; X25519: the
// RFC 7748 output).  The peer point raw or in a DER OCTET STRING.
[[nodiscard]] result<secure_bytes> card_ecdh(const key_facts& key, card_link& link, bytes_view peer_point);

using cards::operation_rv;

} // namespace p11::openpgp
