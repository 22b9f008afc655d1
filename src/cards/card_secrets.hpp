// Session keys made from a card's answer, alike for every card family: a key
// unwrapped by the card's decryption (C_UnwrapKey) and a key derived from the
// card's ECDH shared secret (C_DeriveKey with CKM_ECDH1_DERIVE, CKD_NULL).
#pragma once

#include "p11/provider/token.hpp"

namespace p11::cards {

// C_UnwrapKey's secret key (the caller checked that the template makes one)
// from a card decryption of `wrapped`: single-part, and no context login
// possible there.
[[nodiscard]] result<provider::attribute_set> unwrapped_secret(provider::cipher_operation& op, bytes_view wrapped,
                                                              provider::attribute_set key);
// The peer's public data of CKM_ECDH1_DERIVE as a card can use it: a card
// returns the raw shared secret, so only CKD_NULL without shared data.
[[nodiscard]] result<bytes_view> ecdh_peer_data(const provider::mechanism_view& m);
// The derived secret key from the shared secret `z`, cut to CKA_VALUE_LEN.
[[nodiscard]] result<provider::attribute_set> derived_secret(bytes_view z, provider::attribute_set key);

} // namespace p11::cards
