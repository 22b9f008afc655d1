// C_GenerateKey with CKM_PKCS5_PBKD2: PBKDF2 (RFC 8018 §5.2) with an HMAC
// PRF over the password and the specified salt.  The parameter's fields were
// checked at Init (provider/parameter_checks.hpp, which also reads the
// password length of either struct, 2.x or 3.0).
#include "crypto/hash.hpp"
#include "p11/abi/mechanism_params.hpp"
#include "p11/constants/key_type.hpp"
#include "p11/provider/parameter_checks.hpp"
#include "mech/hashes.hpp"
#include "mech/key_material.hpp"

namespace p11::mech {

result<attribute_set> pbkdf2_key(const mechanism_view& m, attribute_set key) {
    const auto p = provider::parameter_checks::read_pbkd2(m.parameter);
    if (!p) return rv::mechanism_param_invalid;
    const auto hash = hash_of_prf(static_cast<pbkdf2_prf>(p->prf));
    // CKP_PKCS5_PBKD2_HMAC_GOSTR3411 and the SHA-512/t PRFs: not computed here.
    // PBKDF2's count is 32 bits here (crypto::pbkdf2); a larger CK_ULONG is refused, not cut.
    const auto iterations = static_cast<std::uint32_t>(p->iterations);
    if (!hash || iterations != p->iterations) return rv::mechanism_param_invalid;
    if (!key.has(attribute_type::key_type))
        key.set_ulong(attribute_type::key_type, static_cast<ck_ulong>(key_type::generic_secret));
    const auto length = kdf_key_length(key);
    if (!length) return length.error_value();

    const bytes_view password{p->pPassword, p->pPassword ? p->ulPasswordLen : 0};
    const bytes_view salt{static_cast<const byte*>(p->pSaltSourceData), p->pSaltSourceData ? p->ulSaltSourceDataLen : 0};
    secure_bytes value(*length);
    if (crypto::pbkdf2(*hash, password, salt, iterations, value) != crypto::status::ok)
        return rv::function_failed;
    key.erase(attribute_type::value_len);
    key.set(attribute_type::value, value);
    if (auto r = finish_secret_key(key); !r) return r.error_value();
    return key;
}

} // namespace p11::mech
