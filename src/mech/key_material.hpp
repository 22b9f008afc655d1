// Making and checking key material: generation (C_GenerateKey[Pair]), import
// (C_CreateObject), wrapping and unwrapping, ECDH derivation.  Each returns
// the completed attribute set or the CKR the spec gives.
#pragma once

#include <optional>
#include <vector>

#include "p11/constants/key_type.hpp"
#include "p11/provider/token.hpp"

namespace p11::mech {

using provider::attribute_set;
using provider::key_pair_attributes;
using provider::mechanism_view;
using provider::object;

// The longest secret key the token makes, generated or derived: what its
// mechanism list offers for CKM_GENERIC_SECRET_KEY_GEN and the HMACs.
inline constexpr std::size_t max_secret_key_bytes = 512;
// CKK_CHACHA20 keys are 256 bits, nothing else.
inline constexpr std::size_t chacha20_key_bytes = 32;

// The one CKA_VALUE length of the key types that have one: DES2 (K1 K2,
// 16 bytes) and DES3 (24); nullopt for the others.
[[nodiscard]] constexpr std::optional<std::size_t> fixed_key_length(key_type kt) {
    if (kt == key_type::des2) return 16;
    if (kt == key_type::des3) return 24;
    return std::nullopt;
}

result<attribute_set> generate_secret_key(const mechanism_view& m, attribute_set key);
result<key_pair_attributes> generate_key_pair(const mechanism_view& m, attribute_set pub, attribute_set priv);

// Checks imported material and adds what the token derives from it
// (certificate fields, CKA_PUBLIC_KEY_INFO, CKA_MODULUS_BITS, CKA_CHECK_VALUE ...).
result<attribute_set> complete_import(attribute_set obj);

result<std::vector<std::uint8_t>> wrap_key(const mechanism_view& m, const object& wrapping_key, const object& key);
result<attribute_set> unwrap_key(const mechanism_view& m, const object& unwrapping_key, bytes_view wrapped,
                                 attribute_set key);

result<attribute_set> derive_key(const mechanism_view& m, const object& base_key, attribute_set key);

// CKM_HKDF_DERIVE (a secret key) and CKM_HKDF_DATA (a data object's CKA_VALUE).
result<attribute_set> hkdf_key(const mechanism_view& m, const object& base_key, attribute_set key);

// CKM_PKCS5_PBKD2 (C_GenerateKey): the key's value from the password.
result<attribute_set> pbkdf2_key(const mechanism_view& m, attribute_set key);

// How long a key a KDF makes: the template's CKA_VALUE_LEN, else the length
// the key type fixes (DES2 16, DES3 24 bytes); CKR_TEMPLATE_INCOMPLETE when
// neither says, CKR_ATTRIBUTE_VALUE_INVALID beyond max_secret_key_bytes (a
// KDF must not size its output by a caller's bare number).
result<std::size_t> kdf_key_length(const attribute_set& key);

// A secret key's CKA_VALUE_LEN and CKA_CHECK_VALUE, from its CKA_VALUE; also
// checks the length fits the key type (CKR_ATTRIBUTE_VALUE_INVALID).
result<void> finish_secret_key(attribute_set& key);

} // namespace p11::mech
