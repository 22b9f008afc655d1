// Private-key operations on the card (GENERAL AUTHENTICATE) with the host's
// share of the work: hashing, padding, unpadding, signature formats.
#pragma once

#include <memory>

#include "cards/card_token.hpp"
#include "p11/provider/token.hpp"
#include "piv/piv_link.hpp"
#include "piv/piv_objects.hpp"

namespace p11::piv {

// CKM_RSA_PKCS, CKM_RSA_X_509, CKM_SHA*_RSA_PKCS, CKM_(SHA*_)RSA_PKCS_PSS,
// CKM_ECDSA, CKM_ECDSA_SHA*.
[[nodiscard]] result<std::unique_ptr<provider::sign_operation>> begin_card_sign(const provider::mechanism_view& m,
                                                                                const key_facts& key,
                                                                                std::shared_ptr<card_link> link);
// CKM_RSA_PKCS, CKM_RSA_PKCS_OAEP, CKM_RSA_X_509.
[[nodiscard]] result<std::unique_ptr<provider::cipher_operation>> begin_card_decrypt(const provider::mechanism_view& m,
                                                                                     const key_facts& key,
                                                                                     std::shared_ptr<card_link> link);
// ECDH with the card's key: the shared x coordinate.
[[nodiscard]] result<secure_bytes> card_ecdh(const key_facts& key, card_link& link, bytes_view peer_point);

using cards::operation_rv;

} // namespace p11::piv
