// What enrolling a PIV card through PKCS #11 needs besides the card's
// commands: which slot and algorithm a C_GenerateKeyPair asks for, the public
// key the card answers as a SubjectPublicKeyInfo, and the data objects
// PUT DATA writes (certificate container, key history).
#pragma once

#include <optional>

#include "p11/provider/token.hpp"
#include "piv/piv_constants.hpp"

namespace p11::piv {

// The slot an object template's CKA_ID names (01..04: 9A..9E, 05..18: the
// retired slots).  CKR_TEMPLATE_INCOMPLETE without CKA_ID,
// CKR_ATTRIBUTE_VALUE_INVALID for an id of no slot.
[[nodiscard]] result<const key_slot*> slot_of(const provider::attribute_set& attributes);

struct generation {
    const key_slot* slot = nullptr;
    algorithm alg{};
};

// C_GenerateKeyPair's request as the card's: RSA-2048 (CKR_KEY_SIZE_RANGE for
// other sizes; the card's exponent is fixed, so another CKA_PUBLIC_EXPONENT
// than 65537 is CKR_TEMPLATE_INCONSISTENT), P-256 or P-384
// (CKR_CURVE_NOT_SUPPORTED for other curves), token objects only
// (CKR_TEMPLATE_INCONSISTENT: a card key cannot be a session object), the
// slot by CKA_ID of either template (both given: equal).
[[nodiscard]] result<generation> generation_of(const provider::mechanism_view& m, const provider::attribute_set& pub,
                                               const provider::attribute_set& priv);

// The SubjectPublicKeyInfo of the 7F49 template GENERATE answered; nullopt
// when it is not a key of `alg`.
[[nodiscard]] std::optional<std::vector<std::uint8_t>> public_key_info_of(algorithm alg, bytes_view template_7f49);

// The certificate container's content (SP 800-73-4 part 1, appendix A):
// 70 certificate, 71 CertInfo 00 (uncompressed), FE error detection (empty).
[[nodiscard]] std::vector<std::uint8_t> certificate_container(bytes_view der);

// The key history object's content (5FC10C, SP 800-73-4 part 1, 3.3.2):
// keysWithOnCardCerts = `on_card` (retired slots 82.. in order hold them),
// no off-card certificates.
[[nodiscard]] std::vector<std::uint8_t> key_history(std::size_t on_card);

} // namespace p11::piv
