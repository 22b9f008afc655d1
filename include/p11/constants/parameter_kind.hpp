// What a mechanism takes as pParameter: the parameter column of the CKM_
// table.  Each kind names the ABI struct it points to, so a provider can
// check ulParameterLen once, generically, before a mechanism sees it.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <type_traits>

#include "p11/abi/mechanism_params.hpp"

// X(identifier, struct type or void, how ulParameterLen is checked)
//   exact:    ulParameterLen == sizeof(struct)
//   none:     no parameter (pParameter NULL, ulParameterLen 0)
//   variable: a byte string of mechanism-specific length (an IV, a nonce, data)
//   optional: none, or exactly the struct (CKM_EDDSA: no CK_EDDSA_PARAMS is pure EdDSA)
#define P11_PARAMETER_KINDS(X)                                                     \
    X(no_parameter, void, none)                                                    \
    X(byte_string, void, variable)                                                 \
    X(mac_general, CK_MAC_GENERAL_PARAMS, exact)                                   \
    X(rsa_pkcs_oaep, CK_RSA_PKCS_OAEP_PARAMS, exact)                               \
    X(rsa_pkcs_pss, CK_RSA_PKCS_PSS_PARAMS, exact)                                 \
    X(rsa_aes_key_wrap, CK_RSA_AES_KEY_WRAP_PARAMS, exact)                         \
    X(ecdh1_derive, CK_ECDH1_DERIVE_PARAMS, exact)                                 \
    X(ecdh2_derive, CK_ECDH2_DERIVE_PARAMS, exact)                                 \
    X(ecmqv_derive, CK_ECMQV_DERIVE_PARAMS, exact)                                 \
    X(ecdh_aes_key_wrap, CK_ECDH_AES_KEY_WRAP_PARAMS, exact)                       \
    X(eddsa, CK_EDDSA_PARAMS, optional)                                            \
    X(xeddsa, CK_XEDDSA_PARAMS, exact)                                             \
    X(x9_42_dh1_derive, CK_X9_42_DH1_DERIVE_PARAMS, exact)                         \
    X(x9_42_dh2_derive, CK_X9_42_DH2_DERIVE_PARAMS, exact)                         \
    X(x9_42_mqv_derive, CK_X9_42_MQV_DERIVE_PARAMS, exact)                         \
    X(kea_derive, CK_KEA_DERIVE_PARAMS, exact)                                     \
    X(dsa_parameter_gen, CK_DSA_PARAMETER_GEN_PARAM, exact)                        \
    X(rc2, CK_RC2_PARAMS, exact)                                                   \
    X(rc2_cbc, CK_RC2_CBC_PARAMS, exact)                                           \
    X(rc2_mac_general, CK_RC2_MAC_GENERAL_PARAMS, exact)                           \
    X(rc5, CK_RC5_PARAMS, exact)                                                   \
    X(rc5_cbc, CK_RC5_CBC_PARAMS, exact)                                           \
    X(rc5_mac_general, CK_RC5_MAC_GENERAL_PARAMS, exact)                           \
    X(des_cbc_encrypt_data, CK_DES_CBC_ENCRYPT_DATA_PARAMS, exact)                 \
    X(aes_cbc_encrypt_data, CK_AES_CBC_ENCRYPT_DATA_PARAMS, exact)                 \
    X(camellia_cbc_encrypt_data, CK_CAMELLIA_CBC_ENCRYPT_DATA_PARAMS, exact)       \
    X(aria_cbc_encrypt_data, CK_ARIA_CBC_ENCRYPT_DATA_PARAMS, exact)               \
    X(seed_cbc_encrypt_data, CK_SEED_CBC_ENCRYPT_DATA_PARAMS, exact)               \
    X(aes_ctr, CK_AES_CTR_PARAMS, exact)                                           \
    X(camellia_ctr, CK_CAMELLIA_CTR_PARAMS, exact)                                 \
    X(gcm, CK_GCM_PARAMS, exact)                                                   \
    X(ccm, CK_CCM_PARAMS, exact)                                                   \
    X(gcm_message, CK_GCM_MESSAGE_PARAMS, exact)                                   \
    X(ccm_message, CK_CCM_MESSAGE_PARAMS, exact)                                   \
    X(chacha20, CK_CHACHA20_PARAMS, exact)                                         \
    X(salsa20, CK_SALSA20_PARAMS, exact)                                           \
    X(salsa20_chacha20_poly1305, CK_SALSA20_CHACHA20_POLY1305_PARAMS, exact)       \
    X(salsa20_chacha20_poly1305_msg, CK_SALSA20_CHACHA20_POLY1305_MSG_PARAMS, exact) \
    X(skipjack_private_wrap, CK_SKIPJACK_PRIVATE_WRAP_PARAMS, exact)               \
    X(skipjack_relayx, CK_SKIPJACK_RELAYX_PARAMS, exact)                           \
    X(key_wrap_set_oaep, CK_KEY_WRAP_SET_OAEP_PARAMS, exact)                       \
    X(gostr3410_derive, CK_GOSTR3410_DERIVE_PARAMS, exact)                         \
    X(gostr3410_key_wrap, CK_GOSTR3410_KEY_WRAP_PARAMS, exact)                     \
    X(key_derivation_string_data, CK_KEY_DERIVATION_STRING_DATA, exact)            \
    X(extract, CK_EXTRACT_PARAMS, exact)                                           \
    X(pbe, CK_PBE_PARAMS, exact)                                                   \
    X(pkcs5_pbkd2, CK_PKCS5_PBKD2_PARAMS, exact)                                   \
    X(pkcs5_pbkd2_v2, CK_PKCS5_PBKD2_PARAMS2, exact)                               \
    X(hkdf, CK_HKDF_PARAMS, exact)                                                 \
    X(sp800_108_kdf, CK_SP800_108_KDF_PARAMS, exact)                               \
    X(sp800_108_feedback_kdf, CK_SP800_108_FEEDBACK_KDF_PARAMS, exact)             \
    X(kip, CK_KIP_PARAMS, exact)                                                   \
    X(cms_sig, CK_CMS_SIG_PARAMS, exact)                                           \
    X(ssl3_master_key_derive, CK_SSL3_MASTER_KEY_DERIVE_PARAMS, exact)             \
    X(ssl3_key_mat, CK_SSL3_KEY_MAT_PARAMS, exact)                                 \
    X(tls_prf, CK_TLS_PRF_PARAMS, exact)                                           \
    X(tls12_master_key_derive, CK_TLS12_MASTER_KEY_DERIVE_PARAMS, exact)           \
    X(tls12_key_mat, CK_TLS12_KEY_MAT_PARAMS, exact)                               \
    X(tls_kdf, CK_TLS_KDF_PARAMS, exact)                                           \
    X(tls_mac, CK_TLS_MAC_PARAMS, exact)                                           \
    X(wtls_master_key_derive, CK_WTLS_MASTER_KEY_DERIVE_PARAMS, exact)             \
    X(wtls_prf, CK_WTLS_PRF_PARAMS, exact)                                         \
    X(wtls_key_mat, CK_WTLS_KEY_MAT_PARAMS, exact)                                 \
    X(otp, CK_OTP_PARAMS, exact)                                                   \
    X(x3dh_initiate, CK_X3DH_INITIATE_PARAMS, exact)                               \
    X(x3dh_respond, CK_X3DH_RESPOND_PARAMS, exact)                                 \
    X(x2ratchet_initialize, CK_X2RATCHET_INITIALIZE_PARAMS, exact)                 \
    X(x2ratchet_respond, CK_X2RATCHET_RESPOND_PARAMS, exact)

namespace p11 {

enum class parameter_kind : std::uint8_t {
#define P11_PARAMETER_ENUMERATOR(id, type, check) id,
    P11_PARAMETER_KINDS(P11_PARAMETER_ENUMERATOR)
#undef P11_PARAMETER_ENUMERATOR
};

enum class parameter_check : std::uint8_t { none, exact, variable, optional };

struct parameter_info {
    parameter_kind kind;
    const char* struct_name;  // "CK_GCM_PARAMS"; "" for none/variable
    parameter_check check;
    std::size_t size;  // sizeof the struct for `exact` and `optional`
};

namespace detail {
template <class T>
constexpr std::size_t size_or_zero() {
    if constexpr (std::is_void_v<T>) return 0;
    else return sizeof(T);
}
} // namespace detail

namespace detail::parameter_rows {
using namespace ::p11::abi;  // rows name their struct unqualified (or void)
inline constexpr std::array table{
#define P11_PARAMETER_ROW(id, type, check) \
    parameter_info{parameter_kind::id, std::is_void_v<type> ? "" : #type, parameter_check::check, size_or_zero<type>()},
    P11_PARAMETER_KINDS(P11_PARAMETER_ROW)
#undef P11_PARAMETER_ROW
};
} // namespace detail::parameter_rows

inline constexpr const auto& parameter_table = detail::parameter_rows::table;

[[nodiscard]] constexpr const parameter_info& info(parameter_kind k) {
    return parameter_table[static_cast<std::size_t>(k)];
}

} // namespace p11
