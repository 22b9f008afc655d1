// CK_RSA_PKCS_OAEP_PARAMS as the crypto layer's oaep_params, checked: known
// hash and MGF, the one source the spec defines, a label whose pointer and
// length agree, and a hash that fits the key.  Shared by every token that
// does OAEP, so the software token and the card answer alike.
// The fit (RFC 8017 §7.1.1: k >= 2 hLen + 2) is checked at Init, where
// CKR_MECHANISM_PARAM_INVALID is allowed: C_Encrypt/C_Decrypt may not return
// it, and found later it would surface as a code outside their lists.
#pragma once

#include "crypto/rsa.hpp"
#include "p11/abi/mechanism_params.hpp"
#include "p11/constants/oaep_source.hpp"
#include "p11/provider/token.hpp"
#include "mech/hashes.hpp"

namespace p11::mech {

[[nodiscard]] inline result<crypto::oaep_params> oaep_params_of(const provider::mechanism_view& m,
                                                                std::size_t modulus_bits) {
    const auto* p = m.param<abi::CK_RSA_PKCS_OAEP_PARAMS>();
    if (p == nullptr) return rv::mechanism_param_invalid;
    const auto h = hash_of_digest(static_cast<mechanism_type>(p->hashAlg));
    const auto g = hash_of_mgf(static_cast<mgf>(p->mgf));
    if (!h || !g || !backend_hashes(*h) || !backend_hashes(*g)) return rv::mechanism_param_invalid;
    // Some applications pass source 0 with no data; the spec's only source is CKZ_DATA_SPECIFIED.
    if (p->source != 0 && p->source != static_cast<ck_ulong>(oaep_source::data_specified)) return rv::mechanism_param_invalid;
    if (p->pSourceData == nullptr && p->ulSourceDataLen != 0) return rv::mechanism_param_invalid;
    const std::size_t k = (modulus_bits + 7) / 8;
    if (k < 2 * crypto::digest_size(*h) + 2) return rv::mechanism_param_invalid;
    crypto::oaep_params out{*h, *g, {}};
    if (p->ulSourceDataLen)
        out.label.assign(static_cast<const std::uint8_t*>(p->pSourceData),
                         static_cast<const std::uint8_t*>(p->pSourceData) + p->ulSourceDataLen);
    return out;
}

} // namespace p11::mech
