// CK_RSA_PKCS_PSS_PARAMS as the crypto layer's pss_params, checked: known
// hash and MGF, the hash the combined mechanism names (CKM_SHA256_RSA_PKCS_PSS
// ...), and a salt that fits the modulus.  Shared by every token that does PSS.
// The salt bound (RFC 8017 §9.1.1 step 3: emLen >= hLen + sLen + 2, with
// emLen = ceil((modBits - 1) / 8)) is written as a subtraction from emLen so
// that no caller's sLen can wrap a sum around.
#pragma once

#include <optional>

#include "crypto/rsa.hpp"
#include "p11/abi/mechanism_params.hpp"
#include "p11/provider/token.hpp"
#include "mech/hashes.hpp"

namespace p11::mech {

[[nodiscard]] inline result<crypto::pss_params> pss_params_of(const provider::mechanism_view& m,
                                                              std::optional<crypto::hash_alg> mechanism_hash,
                                                              std::size_t modulus_bits) {
    const auto* p = m.param<abi::CK_RSA_PKCS_PSS_PARAMS>();
    if (p == nullptr) return rv::mechanism_param_invalid;
    const auto h = hash_of_digest(static_cast<mechanism_type>(p->hashAlg));
    const auto g = hash_of_mgf(static_cast<mgf>(p->mgf));
    if (!h || !g || !backend_hashes(*h) || !backend_hashes(*g)) return rv::mechanism_param_invalid;
    // The combined mechanisms name their hash; the parameter must agree.
    if (mechanism_hash && *mechanism_hash != *h) return rv::mechanism_param_invalid;
    const std::size_t em_len = modulus_bits == 0 ? 0 : (modulus_bits - 1 + 7) / 8;
    const std::size_t overhead = crypto::digest_size(*h) + 2;
    if (em_len < overhead || p->sLen > em_len - overhead) return rv::mechanism_param_invalid;
    return crypto::pss_params{*h, *g, p->sLen};
}

} // namespace p11::mech
