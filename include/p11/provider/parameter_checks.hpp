// Field checks of mechanism parameters, one validator per parameter kind
// (constants/parameter_kind.hpp), run by check_mechanism after the size
// check and before any token reads a field.  A mechanism gets its checks from
// its row in the CKM_ table (its parameter column), so a new mechanism of a
// known kind is checked without code here.  Every fault is
// CKR_MECHANISM_PARAM_INVALID; checks that need the key (a PSS salt against
// the modulus) stay in the token, which knows the key.
//
// What each validator demands (PKCS #11 2.40 mechanisms specification):
//   byte_string  at most limits::parameter_field bytes; the IV lengths of the
//                block modes: AES CBC and CBC-PAD 16 bytes, Triple-DES CBC
//                and CBC-PAD 8 (§2.x "DES3-CBC"), AES key wrap 0 or 8,
//                AES key wrap with padding (_PAD, _KWP) 0 or 4 (§2.14)
//   mac_general  1 <= ulMacLen <= the full MAC of the mechanism (HMAC: the
//                hash size, §2.x "general-length"; CMAC: the block size)
//   aes_ctr      1 <= ulCounterBits <= 128 (§2.14.3)
//   gcm          1 <= ulIvLen <= 256 and pIv set (§2.14.5, CK_GCM_PARAMS);
//                ulIvBits ignored, as the spec tells ("do not use ulIvBits to
//                specify the length of the initialization vector, but ulIvLen
//                instead"); ulTagBits a multiple of 8 in 32..128: the spec
//                allows 0..128, SP 800-38D §5.2.1.2 and both backends take
//                whole tags of 4..16 bytes; pAAD set when ulAADLen is not 0,
//                ulAADLen within limits::data (the AAD is message data)
//   gcm_message  (3.0, one message's CK_GCM_MESSAGE_PARAMS) the IV as gcm;
//                ulIvFixedBits <= 8 * ulIvLen; ivGenerator a 3.0 CKG_ value;
//                pTag set, ulTagBits as gcm
//   salsa20_chacha20_poly1305(_msg) (3.0) pNonce set, ulNonceLen 96 (bits,
//                as the spec says) or 12 (bytes, as callers pass it): the
//                RFC 8439 nonce; pAAD as gcm; the message's pTag set
//   rsa_pkcs_oaep hashAlg a digest mechanism, mgf a CKG_MGF1_ value, source
//                0 or CKZ_DATA_SPECIFIED, pSourceData set when
//                ulSourceDataLen is not 0, the label within parameter_field
//   rsa_pkcs_pss hashAlg a digest mechanism, mgf a CKG_MGF1_ value, sLen
//                within parameter_field (the token checks it against emLen)
//   ecdh1_derive kdf a CKD_ value; public data set, 1..parameter_field bytes;
//                shared data set when ulSharedDataLen is not 0, within
//                parameter_field, and absent for CKD_NULL (§2.3.x)
//   pkcs5_pbkd2  saltSource CKZ_SALT_SPECIFIED with the salt within
//                parameter_field, iterations at least 1, prf a CKP_ value,
//                PRF data and password pointers agreeing with their lengths
//                (either struct: read_pbkd2); its size one of the two structs'
//                (the one exception to `exact`: parameter_size_ok)
//   hkdf         bExtract or bExpand (or both); prfHashMechanism a digest
//                mechanism; when extracting, ulSaltType exactly one of
//                CKF_HKDF_SALT_NULL/_DATA/_KEY, DATA with pSalt set and
//                1..parameter_field bytes; when expanding, pInfo agreeing
//                with ulInfoLen (3.0 mechanisms §2.43 "HKDF")
// Kinds without a row below have their size checked only: no token of ours
// accepts them (grep "param<" in src/ for the ones that are read).
#pragma once

#include <array>
#include <cstddef>
#include <cstring>
#include <cstdint>
#include <initializer_list>
#include <optional>

#include "p11/abi/mechanism_params.hpp"
#include "p11/constants/ec_kdf.hpp"
#include "p11/constants/flags.hpp"
#include "p11/constants/generator_function.hpp"
#include "p11/constants/mechanism.hpp"
#include "p11/constants/mgf.hpp"
#include "p11/constants/oaep_source.hpp"
#include "p11/constants/pbkdf2_prf.hpp"
#include "p11/constants/pbkdf2_salt_source.hpp"
#include "p11/provider/caller_input.hpp"

namespace p11::provider {

namespace parameter_checks {

inline constexpr rv invalid = rv::mechanism_param_invalid;

// The struct out of the caller's bytes (the size was checked; the caller's
// pointer need not be aligned).
template <class Param>
Param read(bytes_view given) {
    Param p;
    std::memcpy(&p, given.data(), sizeof p);
    return p;
}

// A byte string inside a parameter: pointer and length agree and the length
// is within the rule.
inline bool field_ok(const void* p, abi::CK_ULONG len, length_rule rule) {
    return static_cast<bool>(caller_bytes(p, len, rule, invalid));
}

inline bool is_digest(abi::CK_MECHANISM_TYPE m) { return can(static_cast<mechanism_type>(m), mechanism_flags::digest); }
inline bool is_mgf(abi::CK_ULONG g) { return index_of(static_cast<mgf>(g)) != npos; }

// The IV lengths of the block modes whose parameter is a bare byte string.
struct iv_rule {
    mechanism_type mechanism;
    std::array<std::size_t, 2> lengths;  // allowed lengths (a repeat when only one)
};
inline constexpr std::array iv_rules{
    iv_rule{mechanism_type::aes_cbc, {16, 16}},
    iv_rule{mechanism_type::aes_cbc_pad, {16, 16}},
    iv_rule{mechanism_type::aes_key_wrap, {0, 8}},
    iv_rule{mechanism_type::aes_key_wrap_pad, {0, 4}},
    iv_rule{mechanism_type::aes_key_wrap_kwp, {0, 4}},
    iv_rule{mechanism_type::des3_cbc, {8, 8}},
    iv_rule{mechanism_type::des3_cbc_pad, {8, 8}},
};

inline rv byte_string(mechanism_type m, bytes_view given) {
    if (given.size() > limits::parameter_field) return invalid;
    for (const auto& r : iv_rules)
        if (r.mechanism == m) return given.size() == r.lengths[0] || given.size() == r.lengths[1] ? rv::ok : invalid;
    return rv::ok;
}

// The full MAC of each _GENERAL mechanism, in bytes.
struct mac_size {
    mechanism_type mechanism;
    std::size_t bytes;
};
inline constexpr std::array mac_sizes{
    mac_size{mechanism_type::md5_hmac_general, 16},        mac_size{mechanism_type::sha_1_hmac_general, 20},
    mac_size{mechanism_type::ripemd160_hmac_general, 20},  mac_size{mechanism_type::sha224_hmac_general, 28},
    mac_size{mechanism_type::sha256_hmac_general, 32},     mac_size{mechanism_type::sha384_hmac_general, 48},
    mac_size{mechanism_type::sha512_hmac_general, 64},     mac_size{mechanism_type::sha512_224_hmac_general, 28},
    mac_size{mechanism_type::sha512_256_hmac_general, 32}, mac_size{mechanism_type::sha3_224_hmac_general, 28},
    mac_size{mechanism_type::sha3_256_hmac_general, 32},   mac_size{mechanism_type::sha3_384_hmac_general, 48},
    mac_size{mechanism_type::sha3_512_hmac_general, 64},   mac_size{mechanism_type::aes_cmac_general, 16},
    mac_size{mechanism_type::des3_cmac_general, 8},
};

inline rv mac_general(mechanism_type m, bytes_view given) {
    const auto len = read<abi::CK_MAC_GENERAL_PARAMS>(given);
    if (len == 0) return invalid;
    for (const auto& s : mac_sizes)
        if (s.mechanism == m) return len <= s.bytes ? rv::ok : invalid;
    // A _GENERAL mechanism missing above: no MAC is longer than 64 bytes.
    return len <= 64 ? rv::ok : invalid;
}

inline rv aes_ctr(mechanism_type, bytes_view given) {
    const auto p = read<abi::CK_AES_CTR_PARAMS>(given);
    return p.ulCounterBits >= 1 && p.ulCounterBits <= 128 ? rv::ok : invalid;
}

inline constexpr std::size_t gcm_max_iv = 256;

inline rv gcm(mechanism_type, bytes_view given) {
    const auto p = read<abi::CK_GCM_PARAMS>(given);
    if (p.pIv == nullptr || p.ulIvLen == 0 || p.ulIvLen > gcm_max_iv) return invalid;
    if (p.ulTagBits % 8 != 0 || p.ulTagBits < 32 || p.ulTagBits > 128) return invalid;
    if (!field_ok(p.pAAD, p.ulAADLen, length_rules::parameter_data)) return invalid;
    return rv::ok;
}

// One message's GCM parameter (3.0, C_EncryptMessage & co.).  The IV and
// tag rules are C_EncryptInit's above; the fixed bits fit in the IV, and the
// generator is one 3.0 defines (CKG_GENERATE_COUNTER_XOR is 3.1).  The
// generator and the fixed bits matter for encryption only: decryption uses
// the IV as given.
inline rv gcm_message(mechanism_type, bytes_view given) {
    const auto p = read<abi::CK_GCM_MESSAGE_PARAMS>(given);
    if (p.pIv == nullptr || p.ulIvLen == 0 || p.ulIvLen > gcm_max_iv) return invalid;
    if (p.ulIvFixedBits > p.ulIvLen * 8) return invalid;
    const auto generator = static_cast<generator_function>(p.ivGenerator);
    if (generator != generator_function::no_generate && generator != generator_function::generate &&
        generator != generator_function::generate_counter && generator != generator_function::generate_random)
        return invalid;
    if (p.pTag == nullptr || p.ulTagBits % 8 != 0 || p.ulTagBits < 32 || p.ulTagBits > 128) return invalid;
    return rv::ok;
}

// ChaCha20-Poly1305's nonce (3.0 mechanisms spec): ulNonceLen is "length of
// nonce in bits", 96 for the IETF construction (RFC 8439), the only one the
// token offers; callers that read the field's name pass 12 (bytes), and get
// the same.  Other lengths (64-bit original, 192-bit XChaCha) are refused.
inline bool chacha20_poly1305_nonce_ok(const abi::CK_BYTE* nonce, abi::CK_ULONG length) {
    return nonce != nullptr && (length == 96 || length == 12);
}

inline rv salsa20_chacha20_poly1305(mechanism_type, bytes_view given) {
    const auto p = read<abi::CK_SALSA20_CHACHA20_POLY1305_PARAMS>(given);
    if (!chacha20_poly1305_nonce_ok(p.pNonce, p.ulNonceLen)) return invalid;
    if (!field_ok(p.pAAD, p.ulAADLen, length_rules::parameter_data)) return invalid;
    return rv::ok;
}

// One message's (3.0): the nonce as above, and where the 16-byte tag goes.
inline rv salsa20_chacha20_poly1305_msg(mechanism_type, bytes_view given) {
    const auto p = read<abi::CK_SALSA20_CHACHA20_POLY1305_MSG_PARAMS>(given);
    if (!chacha20_poly1305_nonce_ok(p.pNonce, p.ulNonceLen) || p.pTag == nullptr) return invalid;
    return rv::ok;
}

inline rv rsa_pkcs_oaep(mechanism_type, bytes_view given) {
    const auto p = read<abi::CK_RSA_PKCS_OAEP_PARAMS>(given);
    if (!is_digest(p.hashAlg) || !is_mgf(p.mgf)) return invalid;
    // Some applications pass source 0 with no data; the spec's only source is CKZ_DATA_SPECIFIED.
    if (p.source != 0 && p.source != static_cast<abi::CK_ULONG>(oaep_source::data_specified)) return invalid;
    if (!field_ok(p.pSourceData, p.ulSourceDataLen, length_rules::parameter_field)) return invalid;
    return rv::ok;
}

inline rv rsa_pkcs_pss(mechanism_type, bytes_view given) {
    const auto p = read<abi::CK_RSA_PKCS_PSS_PARAMS>(given);
    if (!is_digest(p.hashAlg) || !is_mgf(p.mgf)) return invalid;
    return p.sLen <= limits::parameter_field ? rv::ok : invalid;
}

inline rv ecdh1_derive(mechanism_type, bytes_view given) {
    const auto p = read<abi::CK_ECDH1_DERIVE_PARAMS>(given);
    if (index_of(static_cast<ec_kdf>(p.kdf)) == npos) return invalid;
    if (p.pPublicData == nullptr || p.ulPublicDataLen == 0 ||
        !field_ok(p.pPublicData, p.ulPublicDataLen, length_rules::parameter_field))
        return invalid;
    if (!field_ok(p.pSharedData, p.ulSharedDataLen, length_rules::parameter_field)) return invalid;
    if (p.kdf == static_cast<abi::CK_EC_KDF_TYPE>(ec_kdf::null) && (p.pSharedData != nullptr || p.ulSharedDataLen != 0))
        return invalid;
    return rv::ok;
}

// CK_PKCS5_PBKD2_PARAMS (2.x) declares ulPasswordLen as a CK_ULONG_PTR, a
// mistake 3.0 mended with CK_PKCS5_PBKD2_PARAMS2 (a CK_ULONG), keeping the
// old struct; clients built on either header call the one mechanism, and
// both are accepted.  Where the two differ in size (Windows, whose Cryptoki
// structs are packed to 1 byte: the pointer takes 8 bytes, the CK_ULONG 4)
// ulParameterLen tells which.  Where they do not (LP64 and ILP32 Unix: one
// aligned slot each) the field's value does: a length here is below 64 KiB
// (parameter_field), and no pointer is, as Linux (vm.mmap_min_addr) leaves
// the lowest 64 KiB unmapped; a value at or above it is the 2.x pointer,
// read once.  The parameter as PARAMS2 (the length a value), or nullopt for
// a size of neither struct or a NULL 2.x pointer.
inline constexpr bool pbkd2_structs_differ = sizeof(abi::CK_PKCS5_PBKD2_PARAMS) != sizeof(abi::CK_PKCS5_PBKD2_PARAMS2);
static_assert(offsetof(abi::CK_PKCS5_PBKD2_PARAMS, ulPasswordLen) == offsetof(abi::CK_PKCS5_PBKD2_PARAMS2, ulPasswordLen),
              "the two PBKDF2 structs share every field before the password length");
[[nodiscard]] inline bool pbkd2_size_ok(std::size_t n) {
    return n == sizeof(abi::CK_PKCS5_PBKD2_PARAMS) || n == sizeof(abi::CK_PKCS5_PBKD2_PARAMS2);
}
[[nodiscard]] inline std::optional<abi::CK_PKCS5_PBKD2_PARAMS2> read_pbkd2(bytes_view given) {
    if (pbkd2_structs_differ && given.size() == sizeof(abi::CK_PKCS5_PBKD2_PARAMS2))
        return read<abi::CK_PKCS5_PBKD2_PARAMS2>(given);
    if (given.size() != sizeof(abi::CK_PKCS5_PBKD2_PARAMS)) return std::nullopt;
    const auto old = read<abi::CK_PKCS5_PBKD2_PARAMS>(given);
    if (!pbkd2_structs_differ && reinterpret_cast<std::uintptr_t>(old.ulPasswordLen) < limits::parameter_field)
        return read<abi::CK_PKCS5_PBKD2_PARAMS2>(given);
    if (old.ulPasswordLen == nullptr) return std::nullopt;
    abi::CK_PKCS5_PBKD2_PARAMS2 out{};
    std::memcpy(&out, &old, offsetof(abi::CK_PKCS5_PBKD2_PARAMS2, ulPasswordLen));
    std::memcpy(&out.ulPasswordLen, old.ulPasswordLen, sizeof out.ulPasswordLen);  // need not be aligned
    return out;
}

inline rv pkcs5_pbkd2(mechanism_type, bytes_view given) {
    const auto p = read_pbkd2(given);
    if (!p || p->saltSource != static_cast<abi::CK_ULONG>(pbkdf2_salt_source::salt_specified)) return invalid;
    if (!field_ok(p->pSaltSourceData, p->ulSaltSourceDataLen, length_rules::parameter_field)) return invalid;
    if (p->iterations == 0 || index_of(static_cast<pbkdf2_prf>(p->prf)) == npos) return invalid;
    if (!field_ok(p->pPrfData, p->ulPrfDataLen, length_rules::parameter_field)) return invalid;
    if (!field_ok(p->pPassword, p->ulPasswordLen, length_rules::parameter_field)) return invalid;
    return rv::ok;
}

inline rv hkdf(mechanism_type, bytes_view given) {
    const auto p = read<abi::CK_HKDF_PARAMS>(given);
    if (!p.bExtract && !p.bExpand) return invalid;
    if (!is_digest(p.prfHashMechanism)) return invalid;
    if (p.bExtract) {
        using F = hkdf_salt_flags;
        const auto salt = p.ulSaltType;
        if (salt != to_ulong(F::hkdf_salt_null) && salt != to_ulong(F::hkdf_salt_data) &&
            salt != to_ulong(F::hkdf_salt_key))
            return invalid;
        if (salt == to_ulong(F::hkdf_salt_data) &&
            (p.pSalt == nullptr || p.ulSaltLen == 0 || !field_ok(p.pSalt, p.ulSaltLen, length_rules::parameter_field)))
            return invalid;
    }
    // The salt and the info are ignored by the step that does not run (HKDF derive).
    if (p.bExpand && !field_ok(p.pInfo, p.ulInfoLen, length_rules::parameter_field)) return invalid;
    return rv::ok;
}

} // namespace parameter_checks

using parameter_validator = rv (*)(mechanism_type, bytes_view);

namespace detail {
struct validator_row {
    parameter_kind kind;
    parameter_validator check;
};
// One row per kind the tokens read; a kind absent here has no field checks.
inline constexpr std::array validator_rows{
    validator_row{parameter_kind::byte_string, parameter_checks::byte_string},
    validator_row{parameter_kind::mac_general, parameter_checks::mac_general},
    validator_row{parameter_kind::aes_ctr, parameter_checks::aes_ctr},
    validator_row{parameter_kind::gcm, parameter_checks::gcm},
    validator_row{parameter_kind::gcm_message, parameter_checks::gcm_message},
    validator_row{parameter_kind::salsa20_chacha20_poly1305, parameter_checks::salsa20_chacha20_poly1305},
    validator_row{parameter_kind::salsa20_chacha20_poly1305_msg, parameter_checks::salsa20_chacha20_poly1305_msg},
    validator_row{parameter_kind::rsa_pkcs_oaep, parameter_checks::rsa_pkcs_oaep},
    validator_row{parameter_kind::rsa_pkcs_pss, parameter_checks::rsa_pkcs_pss},
    validator_row{parameter_kind::ecdh1_derive, parameter_checks::ecdh1_derive},
    validator_row{parameter_kind::pkcs5_pbkd2, parameter_checks::pkcs5_pbkd2},
    validator_row{parameter_kind::hkdf, parameter_checks::hkdf},
};
static_assert(
    [] {
        for (std::size_t i = 0; i < validator_rows.size(); ++i)
            for (std::size_t j = i + 1; j < validator_rows.size(); ++j)
                if (validator_rows[i].kind == validator_rows[j].kind) return false;
        return true;
    }(),
    "one validator per parameter kind");
// Indexed by kind, built from the rows above.
inline constexpr auto validators = [] {
    std::array<parameter_validator, parameter_table.size()> out{};
    for (const auto& r : validator_rows) out[static_cast<std::size_t>(r.kind)] = r.check;
    return out;
}();
} // namespace detail

// The fields of a parameter whose size check_mechanism already accepted
// (`given` is the struct for exact kinds, the bytes for byte strings).
// The size check of `exact` kinds: the struct's size; PBKDF2 takes either
// of its two structs (read_pbkd2).
[[nodiscard]] inline bool parameter_size_ok(parameter_kind kind, std::size_t n) {
    if (kind == parameter_kind::pkcs5_pbkd2) return parameter_checks::pbkd2_size_ok(n);
    return n == info(kind).size;
}

[[nodiscard]] inline rv check_parameter_fields(mechanism_type m, parameter_kind kind, bytes_view given) {
    const auto check = detail::validators[static_cast<std::size_t>(kind)];
    if (check == nullptr) return rv::ok;
    if (info(kind).check == parameter_check::exact && !parameter_size_ok(kind, given.size())) return rv::mechanism_param_invalid;
    if (info(kind).check == parameter_check::optional && !given.empty() && given.size() != info(kind).size)
        return rv::mechanism_param_invalid;
    return check(m, given);
}

} // namespace p11::provider
