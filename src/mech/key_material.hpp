// Making and checking key material: generation (C_GenerateKey[Pair]), import
// (C_CreateObject), wrapping and unwrapping, ECDH derivation.  Each returns
// the completed attribute set or the CKR the spec gives.
#pragma once

#include <vector>

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

result<attribute_set> generate_secret_key(const mechanism_view& m, attribute_set key);
result<key_pair_attributes> generate_key_pair(const mechanism_view& m, attribute_set pub, attribute_set priv);

// Checks imported material and adds what the token derives from it
// (certificate fields, CKA_PUBLIC_KEY_INFO, CKA_MODULUS_BITS, CKA_CHECK_VALUE ...).
result<attribute_set> complete_import(attribute_set obj);

result<std::vector<std::uint8_t>> wrap_key(const mechanism_view& m, const object& wrapping_key, const object& key);
result<attribute_set> unwrap_key(const mechanism_view& m, const object& unwrapping_key, bytes_view wrapped,
                                 attribute_set key);

result<attribute_set> derive_key(const mechanism_view& m, const object& base_key, attribute_set key);

// A secret key's CKA_VALUE_LEN and CKA_CHECK_VALUE, from its CKA_VALUE; also
// checks the length fits the key type (CKR_ATTRIBUTE_VALUE_INVALID).
result<void> finish_secret_key(attribute_set& key);

} // namespace p11::mech
