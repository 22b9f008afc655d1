// CKM_: mechanism types.
// X(identifier, NAME, value, since, deprecated, capabilities, key_type, parameter, key_size_unit)
//   capabilities: p11::mechanism_flags enumerators joined by | (what C_GetMechanismInfo may report)
//   key_type:     the p11::key_type the mechanism uses or makes, or no_key
//   parameter:    a p11::parameter_kind enumerator
//   key_size_unit: bits, bytes or no_unit (how CK_MECHANISM_INFO's key sizes are measured)
#pragma once

#define P11_MECHANISM_ROWS(X)                                                                                  \
    X(rsa_pkcs_key_pair_gen, CKM_RSA_PKCS_KEY_PAIR_GEN, 0x00000000, v2_01, none, generate_key_pair, rsa,       \
      no_parameter, bits)                                                                                      \
    X(rsa_pkcs, CKM_RSA_PKCS, 0x00000001, v2_01, none,                                                         \
      encrypt | decrypt | sign | verify | sign_recover | verify_recover | wrap | unwrap, rsa, no_parameter, bits) \
    X(sha256, CKM_SHA256, 0x00000250, v2_20, none, digest, no_key, no_parameter, no_unit)                      \
    X(ec_key_pair_gen, CKM_EC_KEY_PAIR_GEN, 0x00001040, v2_11, none, generate_key_pair, ec, no_parameter, bits) \
    X(aes_key_gen, CKM_AES_KEY_GEN, 0x00001080, v2_11, none, generate, aes, no_parameter, bytes)              \
    X(aes_gcm, CKM_AES_GCM, 0x00001087, v2_30, none, encrypt | decrypt | wrap | unwrap, aes, gcm, bytes)       \
    X(vendor_defined, CKM_VENDOR_DEFINED, 0x80000000, v2_01, none, hw, no_key, byte_string, no_unit)

#define P11_MECHANISM_ALIASES(A) A(ecdsa_key_pair_gen, CKM_ECDSA_KEY_PAIR_GEN, ec_key_pair_gen, v2_11, v2_11)
