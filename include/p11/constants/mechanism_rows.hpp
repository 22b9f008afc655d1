// CKM_: mechanism types.
// X(identifier, NAME, value, since, deprecated, capabilities, key_type, parameter, key_size_unit)
//   capabilities: p11::mechanism_flags enumerators joined by | (what C_GetMechanismInfo may report)
//   key_type:     the p11::key_type the mechanism uses or makes, or no_key
//   parameter:    a p11::parameter_kind enumerator
//   key_size_unit: bits, bytes or no_unit (how CK_MECHANISM_INFO's key sizes are measured)
//
// since: when the value first existed under any name (a profile filters values,
//   so CKM_EC_KEY_PAIR_GEN is the 2.01 CKM_ECDSA_KEY_PAIR_GEN); aliases carry
//   the version their own spelling appeared.  Amendments count as the version
//   they amend.  Values published only in the 2.30 drafts count as 2.30 when
//   2.40 kept them unchanged (GCM, CCM, CTS, CMAC, ECDSA with SHA-2).
// deprecated: v2_40 for everything 2.40 moved to the historical-mechanisms
//   document (single DES, CDMF, RC2/4/5, CAST*, IDEA, Fortezza, MD2, MD5,
//   RIPE-MD, FASTHASH, PKCS #5/#12-style PBE except the DES2/DES3 ones, SET,
//   LYNKS); otherwise the version whose text or header first calls the
//   mechanism or spelling deprecated.
// capabilities follow the newest "Mechanisms vs. Functions" tables and text:
//   single-part-only footnotes do not remove a flag, the 3.0 message-based
//   AEADs (GCM, CCM, ChaCha20/Salsa20-Poly1305) add message_encrypt/decrypt,
//   and 3.2's encapsulation column adds encapsulate/decapsulate (RSA PKCS #1,
//   X.509, OAEP, ECDH1, ML-KEM).  The flags carry their own `since`, so a
//   profile that predates a flag masks it.
// key_size_unit follows the mechanism's own key-size sentence: RSA, DSA, DH,
//   X9.42, KEA, EC, RC2 (effective bits), RC4, ChaCha20 and generic secret key
//   generation count bits; other secret-key ciphers and HMACs count bytes;
//   no_unit where the specification says the fields are not used or says
//   nothing (digests, most derivations, PBE, Fortezza, GOST).
// parameter byte_string stands in where parameter_kind has no entry yet: the
//   CK_VERSION of the pre-master generators, the CK_OBJECT_HANDLE of
//   CKM_CONCATENATE_BASE_AND_KEY, the IKE and TLS 1.2 extended-master
//   parameter structures, and the ML-DSA/SLH-DSA signature contexts.
//
// CKM_AES_KEY_WRAP and CKM_AES_KEY_WRAP_PAD were 0x1090/0x1091 in the 2.30
// draft; those values are CKM_BLOWFISH_KEY_GEN/CKM_BLOWFISH_CBC, so the draft
// numbers are deliberately absent and a module still sending them decodes as
// Blowfish.
#pragma once

#define P11_MECHANISM_ROWS(X)                                                                                        \
    X(rsa_pkcs_key_pair_gen, CKM_RSA_PKCS_KEY_PAIR_GEN, 0x00000000, v2_01, none, generate_key_pair, rsa,             \
      no_parameter, bits)                                                                                            \
    X(rsa_pkcs, CKM_RSA_PKCS, 0x00000001, v2_01, none,                                                               \
      encrypt | decrypt | sign | verify | sign_recover | verify_recover | wrap | unwrap | encapsulate | decapsulate, \
      rsa, no_parameter, bits)                                                                                       \
    X(rsa_9796, CKM_RSA_9796, 0x00000002, v2_01, none, sign | verify | sign_recover | verify_recover, rsa,           \
      no_parameter, bits)                                                                                            \
    X(rsa_x_509, CKM_RSA_X_509, 0x00000003, v2_01, none,                                                             \
      encrypt | decrypt | sign | verify | sign_recover | verify_recover | wrap | unwrap | encapsulate | decapsulate, \
      rsa, no_parameter, bits)                                                                                       \
    X(md2_rsa_pkcs, CKM_MD2_RSA_PKCS, 0x00000004, v2_01, none, sign | verify, rsa, no_parameter, bits)               \
    X(md5_rsa_pkcs, CKM_MD5_RSA_PKCS, 0x00000005, v2_01, none, sign | verify, rsa, no_parameter, bits)               \
    X(sha1_rsa_pkcs, CKM_SHA1_RSA_PKCS, 0x00000006, v2_01, none, sign | verify, rsa, no_parameter, bits)             \
    X(ripemd128_rsa_pkcs, CKM_RIPEMD128_RSA_PKCS, 0x00000007, v2_10, none, sign | verify, rsa, no_parameter, bits)   \
    X(ripemd160_rsa_pkcs, CKM_RIPEMD160_RSA_PKCS, 0x00000008, v2_10, none, sign | verify, rsa, no_parameter, bits)   \
    X(rsa_pkcs_oaep, CKM_RSA_PKCS_OAEP, 0x00000009, v2_10, none,                                                     \
      encrypt | decrypt | wrap | unwrap | encapsulate | decapsulate, rsa, rsa_pkcs_oaep, bits)                       \
    X(rsa_x9_31_key_pair_gen, CKM_RSA_X9_31_KEY_PAIR_GEN, 0x0000000A, v2_11, none, generate_key_pair, rsa,           \
      no_parameter, bits)                                                                                            \
    X(rsa_x9_31, CKM_RSA_X9_31, 0x0000000B, v2_11, none, sign | verify, rsa, no_parameter, bits)                     \
    X(sha1_rsa_x9_31, CKM_SHA1_RSA_X9_31, 0x0000000C, v2_11, none, sign | verify, rsa, no_parameter, bits)           \
    X(rsa_pkcs_pss, CKM_RSA_PKCS_PSS, 0x0000000D, v2_11, none, sign | verify, rsa, rsa_pkcs_pss, bits)               \
    X(sha1_rsa_pkcs_pss, CKM_SHA1_RSA_PKCS_PSS, 0x0000000E, v2_11, none, sign | verify, rsa, rsa_pkcs_pss, bits)     \
    X(ml_kem_key_pair_gen, CKM_ML_KEM_KEY_PAIR_GEN, 0x0000000F, v3_2, none, generate_key_pair, ml_kem, no_parameter, \
      bytes)                                                                                                         \
    X(dsa_key_pair_gen, CKM_DSA_KEY_PAIR_GEN, 0x00000010, v2_01, none, generate_key_pair, dsa, no_parameter, bits)   \
    X(dsa, CKM_DSA, 0x00000011, v2_01, none, sign | verify, dsa, no_parameter, bits)                                 \
    X(dsa_sha1, CKM_DSA_SHA1, 0x00000012, v2_01, none, sign | verify, dsa, no_parameter, bits)                       \
    X(dsa_sha224, CKM_DSA_SHA224, 0x00000013, v2_40, none, sign | verify, dsa, no_parameter, bits)                   \
    X(dsa_sha256, CKM_DSA_SHA256, 0x00000014, v2_40, none, sign | verify, dsa, no_parameter, bits)                   \
    X(dsa_sha384, CKM_DSA_SHA384, 0x00000015, v2_40, none, sign | verify, dsa, no_parameter, bits)                   \
    X(dsa_sha512, CKM_DSA_SHA512, 0x00000016, v2_40, none, sign | verify, dsa, no_parameter, bits)                   \
    X(ml_kem, CKM_ML_KEM, 0x00000017, v3_2, none, encapsulate | decapsulate, ml_kem, no_parameter, bytes)            \
    X(dsa_sha3_224, CKM_DSA_SHA3_224, 0x00000018, v3_0, none, sign | verify, dsa, no_parameter, bits)                \
    X(dsa_sha3_256, CKM_DSA_SHA3_256, 0x00000019, v3_0, none, sign | verify, dsa, no_parameter, bits)                \
    X(dsa_sha3_384, CKM_DSA_SHA3_384, 0x0000001A, v3_0, none, sign | verify, dsa, no_parameter, bits)                \
    X(dsa_sha3_512, CKM_DSA_SHA3_512, 0x0000001B, v3_0, none, sign | verify, dsa, no_parameter, bits)                \
    X(ml_dsa_key_pair_gen, CKM_ML_DSA_KEY_PAIR_GEN, 0x0000001C, v3_2, none, generate_key_pair, ml_dsa, no_parameter, \
      bytes)                                                                                                         \
    X(ml_dsa, CKM_ML_DSA, 0x0000001D, v3_2, none, sign | verify, ml_dsa, byte_string, bytes)                         \
    X(hash_ml_dsa, CKM_HASH_ML_DSA, 0x0000001F, v3_2, none, sign | verify, ml_dsa, byte_string, bytes)               \
    X(dh_pkcs_key_pair_gen, CKM_DH_PKCS_KEY_PAIR_GEN, 0x00000020, v2_01, none, generate_key_pair, dh, no_parameter,  \
      bits)                                                                                                          \
    X(dh_pkcs_derive, CKM_DH_PKCS_DERIVE, 0x00000021, v2_01, none, derive, dh, byte_string, bits)                    \
    X(hash_ml_dsa_sha224, CKM_HASH_ML_DSA_SHA224, 0x00000023, v3_2, none, sign | verify, ml_dsa, byte_string,        \
      bytes)                                                                                                         \
    X(hash_ml_dsa_sha256, CKM_HASH_ML_DSA_SHA256, 0x00000024, v3_2, none, sign | verify, ml_dsa, byte_string,        \
      bytes)                                                                                                         \
    X(hash_ml_dsa_sha384, CKM_HASH_ML_DSA_SHA384, 0x00000025, v3_2, none, sign | verify, ml_dsa, byte_string,        \
      bytes)                                                                                                         \
    X(hash_ml_dsa_sha512, CKM_HASH_ML_DSA_SHA512, 0x00000026, v3_2, none, sign | verify, ml_dsa, byte_string,        \
      bytes)                                                                                                         \
    X(hash_ml_dsa_sha3_224, CKM_HASH_ML_DSA_SHA3_224, 0x00000027, v3_2, none, sign | verify, ml_dsa, byte_string,    \
      bytes)                                                                                                         \
    X(hash_ml_dsa_sha3_256, CKM_HASH_ML_DSA_SHA3_256, 0x00000028, v3_2, none, sign | verify, ml_dsa, byte_string,    \
      bytes)                                                                                                         \
    X(hash_ml_dsa_sha3_384, CKM_HASH_ML_DSA_SHA3_384, 0x00000029, v3_2, none, sign | verify, ml_dsa, byte_string,    \
      bytes)                                                                                                         \
    X(hash_ml_dsa_sha3_512, CKM_HASH_ML_DSA_SHA3_512, 0x0000002A, v3_2, none, sign | verify, ml_dsa, byte_string,    \
      bytes)                                                                                                         \
    X(hash_ml_dsa_shake128, CKM_HASH_ML_DSA_SHAKE128, 0x0000002B, v3_2, none, sign | verify, ml_dsa, byte_string,    \
      bytes)                                                                                                         \
    X(hash_ml_dsa_shake256, CKM_HASH_ML_DSA_SHAKE256, 0x0000002C, v3_2, none, sign | verify, ml_dsa, byte_string,    \
      bytes)                                                                                                         \
    X(slh_dsa_key_pair_gen, CKM_SLH_DSA_KEY_PAIR_GEN, 0x0000002D, v3_2, none, generate_key_pair, slh_dsa,            \
      no_parameter, bytes)                                                                                           \
    X(slh_dsa, CKM_SLH_DSA, 0x0000002E, v3_2, none, sign | verify, slh_dsa, byte_string, bytes)                      \
    X(x9_42_dh_key_pair_gen, CKM_X9_42_DH_KEY_PAIR_GEN, 0x00000030, v2_11, none, generate_key_pair, x9_42_dh,        \
      no_parameter, bits)                                                                                            \
    X(x9_42_dh_derive, CKM_X9_42_DH_DERIVE, 0x00000031, v2_11, none, derive, x9_42_dh, x9_42_dh1_derive, bits)       \
    X(x9_42_dh_hybrid_derive, CKM_X9_42_DH_HYBRID_DERIVE, 0x00000032, v2_11, none, derive, x9_42_dh,                 \
      x9_42_dh2_derive, bits)                                                                                        \
    X(x9_42_mqv_derive, CKM_X9_42_MQV_DERIVE, 0x00000033, v2_11, none, derive, x9_42_dh, x9_42_mqv_derive, bits)     \
    X(hash_slh_dsa, CKM_HASH_SLH_DSA, 0x00000034, v3_2, none, sign | verify, slh_dsa, byte_string, bytes)            \
    X(hash_slh_dsa_sha224, CKM_HASH_SLH_DSA_SHA224, 0x00000036, v3_2, none, sign | verify, slh_dsa, byte_string,     \
      bytes)                                                                                                         \
    X(hash_slh_dsa_sha256, CKM_HASH_SLH_DSA_SHA256, 0x00000037, v3_2, none, sign | verify, slh_dsa, byte_string,     \
      bytes)                                                                                                         \
    X(hash_slh_dsa_sha384, CKM_HASH_SLH_DSA_SHA384, 0x00000038, v3_2, none, sign | verify, slh_dsa, byte_string,     \
      bytes)                                                                                                         \
    X(hash_slh_dsa_sha512, CKM_HASH_SLH_DSA_SHA512, 0x00000039, v3_2, none, sign | verify, slh_dsa, byte_string,     \
      bytes)                                                                                                         \
    X(hash_slh_dsa_sha3_224, CKM_HASH_SLH_DSA_SHA3_224, 0x0000003A, v3_2, none, sign | verify, slh_dsa, byte_string, \
      bytes)                                                                                                         \
    X(hash_slh_dsa_sha3_256, CKM_HASH_SLH_DSA_SHA3_256, 0x0000003B, v3_2, none, sign | verify, slh_dsa, byte_string, \
      bytes)                                                                                                         \
    X(hash_slh_dsa_sha3_384, CKM_HASH_SLH_DSA_SHA3_384, 0x0000003C, v3_2, none, sign | verify, slh_dsa, byte_string, \
      bytes)                                                                                                         \
    X(hash_slh_dsa_sha3_512, CKM_HASH_SLH_DSA_SHA3_512, 0x0000003D, v3_2, none, sign | verify, slh_dsa, byte_string, \
      bytes)                                                                                                         \
    X(hash_slh_dsa_shake128, CKM_HASH_SLH_DSA_SHAKE128, 0x0000003E, v3_2, none, sign | verify, slh_dsa, byte_string, \
      bytes)                                                                                                         \
    X(hash_slh_dsa_shake256, CKM_HASH_SLH_DSA_SHAKE256, 0x0000003F, v3_2, none, sign | verify, slh_dsa, byte_string, \
      bytes)                                                                                                         \
    X(sha256_rsa_pkcs, CKM_SHA256_RSA_PKCS, 0x00000040, v2_20, none, sign | verify, rsa, no_parameter, bits)         \
    X(sha384_rsa_pkcs, CKM_SHA384_RSA_PKCS, 0x00000041, v2_20, none, sign | verify, rsa, no_parameter, bits)         \
    X(sha512_rsa_pkcs, CKM_SHA512_RSA_PKCS, 0x00000042, v2_20, none, sign | verify, rsa, no_parameter, bits)         \
    X(sha256_rsa_pkcs_pss, CKM_SHA256_RSA_PKCS_PSS, 0x00000043, v2_20, none, sign | verify, rsa, rsa_pkcs_pss,       \
      bits)                                                                                                          \
    X(sha384_rsa_pkcs_pss, CKM_SHA384_RSA_PKCS_PSS, 0x00000044, v2_20, none, sign | verify, rsa, rsa_pkcs_pss,       \
      bits)                                                                                                          \
    X(sha512_rsa_pkcs_pss, CKM_SHA512_RSA_PKCS_PSS, 0x00000045, v2_20, none, sign | verify, rsa, rsa_pkcs_pss,       \
      bits)                                                                                                          \
    X(sha224_rsa_pkcs, CKM_SHA224_RSA_PKCS, 0x00000046, v2_20, none, sign | verify, rsa, no_parameter, bits)         \
    X(sha224_rsa_pkcs_pss, CKM_SHA224_RSA_PKCS_PSS, 0x00000047, v2_20, none, sign | verify, rsa, rsa_pkcs_pss,       \
      bits)                                                                                                          \
    X(sha512_224, CKM_SHA512_224, 0x00000048, v2_40, none, digest, no_key, no_parameter, no_unit)                    \
    X(sha512_224_hmac, CKM_SHA512_224_HMAC, 0x00000049, v2_40, none, sign | verify, generic_secret, no_parameter,    \
      bytes)                                                                                                         \
    X(sha512_224_hmac_general, CKM_SHA512_224_HMAC_GENERAL, 0x0000004A, v2_40, none, sign | verify, generic_secret,  \
      mac_general, bytes)                                                                                            \
    X(sha512_224_key_derivation, CKM_SHA512_224_KEY_DERIVATION, 0x0000004B, v2_40, none, derive, generic_secret,     \
      no_parameter, no_unit)                                                                                         \
    X(sha512_256, CKM_SHA512_256, 0x0000004C, v2_40, none, digest, no_key, no_parameter, no_unit)                    \
    X(sha512_256_hmac, CKM_SHA512_256_HMAC, 0x0000004D, v2_40, none, sign | verify, generic_secret, no_parameter,    \
      bytes)                                                                                                         \
    X(sha512_256_hmac_general, CKM_SHA512_256_HMAC_GENERAL, 0x0000004E, v2_40, none, sign | verify, generic_secret,  \
      mac_general, bytes)                                                                                            \
    X(sha512_256_key_derivation, CKM_SHA512_256_KEY_DERIVATION, 0x0000004F, v2_40, none, derive, generic_secret,     \
      no_parameter, no_unit)                                                                                         \
    X(sha512_t, CKM_SHA512_T, 0x00000050, v2_40, none, digest, no_key, mac_general, no_unit)                         \
    X(sha512_t_hmac, CKM_SHA512_T_HMAC, 0x00000051, v2_40, none, sign | verify, generic_secret, mac_general, bytes)  \
    X(sha512_t_hmac_general, CKM_SHA512_T_HMAC_GENERAL, 0x00000052, v2_40, none, sign | verify, generic_secret,      \
      mac_general, bytes)                                                                                            \
    X(sha512_t_key_derivation, CKM_SHA512_T_KEY_DERIVATION, 0x00000053, v2_40, none, derive, generic_secret,         \
      mac_general, no_unit)                                                                                          \
    X(tls12_extended_master_key_derive, CKM_TLS12_EXTENDED_MASTER_KEY_DERIVE, 0x00000056, v3_2, none, derive,        \
      generic_secret, byte_string, bytes)                                                                            \
    X(tls12_extended_master_key_derive_dh, CKM_TLS12_EXTENDED_MASTER_KEY_DERIVE_DH, 0x00000057, v3_2, none, derive,  \
      generic_secret, byte_string, bytes)                                                                            \
    X(sha3_256_rsa_pkcs, CKM_SHA3_256_RSA_PKCS, 0x00000060, v3_0, none, sign | verify, rsa, no_parameter, bits)      \
    X(sha3_384_rsa_pkcs, CKM_SHA3_384_RSA_PKCS, 0x00000061, v3_0, none, sign | verify, rsa, no_parameter, bits)      \
    X(sha3_512_rsa_pkcs, CKM_SHA3_512_RSA_PKCS, 0x00000062, v3_0, none, sign | verify, rsa, no_parameter, bits)      \
    X(sha3_256_rsa_pkcs_pss, CKM_SHA3_256_RSA_PKCS_PSS, 0x00000063, v3_0, none, sign | verify, rsa, rsa_pkcs_pss,    \
      bits)                                                                                                          \
    X(sha3_384_rsa_pkcs_pss, CKM_SHA3_384_RSA_PKCS_PSS, 0x00000064, v3_0, none, sign | verify, rsa, rsa_pkcs_pss,    \
      bits)                                                                                                          \
    X(sha3_512_rsa_pkcs_pss, CKM_SHA3_512_RSA_PKCS_PSS, 0x00000065, v3_0, none, sign | verify, rsa, rsa_pkcs_pss,    \
      bits)                                                                                                          \
    X(sha3_224_rsa_pkcs, CKM_SHA3_224_RSA_PKCS, 0x00000066, v3_0, none, sign | verify, rsa, no_parameter, bits)      \
    X(sha3_224_rsa_pkcs_pss, CKM_SHA3_224_RSA_PKCS_PSS, 0x00000067, v3_0, none, sign | verify, rsa, rsa_pkcs_pss,    \
      bits)                                                                                                          \
    X(rc2_key_gen, CKM_RC2_KEY_GEN, 0x00000100, v2_01, v2_40, generate, rc2, no_parameter, bits)                     \
    X(rc2_ecb, CKM_RC2_ECB, 0x00000101, v2_01, v2_40, encrypt | decrypt | wrap | unwrap, rc2, rc2, bits)             \
    X(rc2_cbc, CKM_RC2_CBC, 0x00000102, v2_01, v2_40, encrypt | decrypt | wrap | unwrap, rc2, rc2_cbc, bits)         \
    X(rc2_mac, CKM_RC2_MAC, 0x00000103, v2_01, v2_40, sign | verify, rc2, rc2, bits)                                 \
    X(rc2_mac_general, CKM_RC2_MAC_GENERAL, 0x00000104, v2_01, v2_40, sign | verify, rc2, rc2_mac_general, bits)     \
    X(rc2_cbc_pad, CKM_RC2_CBC_PAD, 0x00000105, v2_01, v2_40, encrypt | decrypt | wrap | unwrap, rc2, rc2_cbc,       \
      bits)                                                                                                          \
    X(rc4_key_gen, CKM_RC4_KEY_GEN, 0x00000110, v2_01, v2_40, generate, rc4, no_parameter, bits)                     \
    X(rc4, CKM_RC4, 0x00000111, v2_01, v2_40, encrypt | decrypt, rc4, no_parameter, bits)                            \
    X(des_key_gen, CKM_DES_KEY_GEN, 0x00000120, v2_01, v2_40, generate, des, no_parameter, bytes)                    \
    X(des_ecb, CKM_DES_ECB, 0x00000121, v2_01, v2_40, encrypt | decrypt | wrap | unwrap, des, no_parameter, bytes)   \
    X(des_cbc, CKM_DES_CBC, 0x00000122, v2_01, v2_40, encrypt | decrypt | wrap | unwrap, des, byte_string, bytes)    \
    X(des_mac, CKM_DES_MAC, 0x00000123, v2_01, v2_40, sign | verify, des, no_parameter, bytes)                       \
    X(des_mac_general, CKM_DES_MAC_GENERAL, 0x00000124, v2_01, v2_40, sign | verify, des, mac_general, bytes)        \
    X(des_cbc_pad, CKM_DES_CBC_PAD, 0x00000125, v2_01, v2_40, encrypt | decrypt | wrap | unwrap, des, byte_string,   \
      bytes)                                                                                                         \
    X(des2_key_gen, CKM_DES2_KEY_GEN, 0x00000130, v2_01, none, generate, des2, no_parameter, bytes)                  \
    X(des3_key_gen, CKM_DES3_KEY_GEN, 0x00000131, v2_01, none, generate, des3, no_parameter, bytes)                  \
    X(des3_ecb, CKM_DES3_ECB, 0x00000132, v2_01, none, encrypt | decrypt | wrap | unwrap, des3, no_parameter,        \
      bytes)                                                                                                         \
    X(des3_cbc, CKM_DES3_CBC, 0x00000133, v2_01, none, encrypt | decrypt | wrap | unwrap, des3, byte_string, bytes)  \
    X(des3_mac, CKM_DES3_MAC, 0x00000134, v2_01, none, sign | verify, des3, no_parameter, bytes)                     \
    X(des3_mac_general, CKM_DES3_MAC_GENERAL, 0x00000135, v2_01, none, sign | verify, des3, mac_general, bytes)      \
    X(des3_cbc_pad, CKM_DES3_CBC_PAD, 0x00000136, v2_01, none, encrypt | decrypt | wrap | unwrap, des3, byte_string, \
      bytes)                                                                                                         \
    X(des3_cmac_general, CKM_DES3_CMAC_GENERAL, 0x00000137, v2_40, none, sign | verify, des3, mac_general, bytes)    \
    X(des3_cmac, CKM_DES3_CMAC, 0x00000138, v2_40, none, sign | verify, des3, no_parameter, bytes)                   \
    X(cdmf_key_gen, CKM_CDMF_KEY_GEN, 0x00000140, v2_01, v2_40, generate, cdmf, no_parameter, bytes)                 \
    X(cdmf_ecb, CKM_CDMF_ECB, 0x00000141, v2_01, v2_40, encrypt | decrypt | wrap | unwrap, cdmf, no_parameter,       \
      bytes)                                                                                                         \
    X(cdmf_cbc, CKM_CDMF_CBC, 0x00000142, v2_01, v2_40, encrypt | decrypt | wrap | unwrap, cdmf, byte_string,        \
      bytes)                                                                                                         \
    X(cdmf_mac, CKM_CDMF_MAC, 0x00000143, v2_01, v2_40, sign | verify, cdmf, no_parameter, bytes)                    \
    X(cdmf_mac_general, CKM_CDMF_MAC_GENERAL, 0x00000144, v2_01, v2_40, sign | verify, cdmf, mac_general, bytes)     \
    X(cdmf_cbc_pad, CKM_CDMF_CBC_PAD, 0x00000145, v2_01, v2_40, encrypt | decrypt | wrap | unwrap, cdmf,             \
      byte_string, bytes)                                                                                            \
    X(des_ofb64, CKM_DES_OFB64, 0x00000150, v2_20, none, encrypt | decrypt, des, byte_string, bytes)                 \
    X(des_ofb8, CKM_DES_OFB8, 0x00000151, v2_20, none, encrypt | decrypt, des, byte_string, bytes)                   \
    X(des_cfb64, CKM_DES_CFB64, 0x00000152, v2_20, none, encrypt | decrypt, des, byte_string, bytes)                 \
    X(des_cfb8, CKM_DES_CFB8, 0x00000153, v2_20, none, encrypt | decrypt, des, byte_string, bytes)                   \
    X(md2, CKM_MD2, 0x00000200, v2_01, v2_40, digest, no_key, no_parameter, no_unit)                                 \
    X(md2_hmac, CKM_MD2_HMAC, 0x00000201, v2_01, v2_40, sign | verify, generic_secret, no_parameter, bytes)          \
    X(md2_hmac_general, CKM_MD2_HMAC_GENERAL, 0x00000202, v2_01, v2_40, sign | verify, generic_secret, mac_general,  \
      bytes)                                                                                                         \
    X(md5, CKM_MD5, 0x00000210, v2_01, v2_40, digest, no_key, no_parameter, no_unit)                                 \
    X(md5_hmac, CKM_MD5_HMAC, 0x00000211, v2_01, v2_40, sign | verify, generic_secret, no_parameter, bytes)          \
    X(md5_hmac_general, CKM_MD5_HMAC_GENERAL, 0x00000212, v2_01, v2_40, sign | verify, generic_secret, mac_general,  \
      bytes)                                                                                                         \
    X(sha_1, CKM_SHA_1, 0x00000220, v2_01, none, digest, no_key, no_parameter, no_unit)                              \
    X(sha_1_hmac, CKM_SHA_1_HMAC, 0x00000221, v2_01, none, sign | verify, generic_secret, no_parameter, bytes)       \
    X(sha_1_hmac_general, CKM_SHA_1_HMAC_GENERAL, 0x00000222, v2_01, none, sign | verify, generic_secret,            \
      mac_general, bytes)                                                                                            \
    X(ripemd128, CKM_RIPEMD128, 0x00000230, v2_10, v2_40, digest, no_key, no_parameter, no_unit)                     \
    X(ripemd128_hmac, CKM_RIPEMD128_HMAC, 0x00000231, v2_10, v2_40, sign | verify, generic_secret, no_parameter,     \
      bytes)                                                                                                         \
    X(ripemd128_hmac_general, CKM_RIPEMD128_HMAC_GENERAL, 0x00000232, v2_10, v2_40, sign | verify, generic_secret,   \
      mac_general, bytes)                                                                                            \
    X(ripemd160, CKM_RIPEMD160, 0x00000240, v2_10, v2_40, digest, no_key, no_parameter, no_unit)                     \
    X(ripemd160_hmac, CKM_RIPEMD160_HMAC, 0x00000241, v2_10, v2_40, sign | verify, generic_secret, no_parameter,     \
      bytes)                                                                                                         \
    X(ripemd160_hmac_general, CKM_RIPEMD160_HMAC_GENERAL, 0x00000242, v2_10, v2_40, sign | verify, generic_secret,   \
      mac_general, bytes)                                                                                            \
    X(sha256, CKM_SHA256, 0x00000250, v2_20, none, digest, no_key, no_parameter, no_unit)                            \
    X(sha256_hmac, CKM_SHA256_HMAC, 0x00000251, v2_20, none, sign | verify, generic_secret, no_parameter, bytes)     \
    X(sha256_hmac_general, CKM_SHA256_HMAC_GENERAL, 0x00000252, v2_20, none, sign | verify, generic_secret,          \
      mac_general, bytes)                                                                                            \
    X(sha224, CKM_SHA224, 0x00000255, v2_20, none, digest, no_key, no_parameter, no_unit)                            \
    X(sha224_hmac, CKM_SHA224_HMAC, 0x00000256, v2_20, none, sign | verify, generic_secret, no_parameter, bytes)     \
    X(sha224_hmac_general, CKM_SHA224_HMAC_GENERAL, 0x00000257, v2_20, none, sign | verify, generic_secret,          \
      mac_general, bytes)                                                                                            \
    X(sha384, CKM_SHA384, 0x00000260, v2_20, none, digest, no_key, no_parameter, no_unit)                            \
    X(sha384_hmac, CKM_SHA384_HMAC, 0x00000261, v2_20, none, sign | verify, generic_secret, no_parameter, bytes)     \
    X(sha384_hmac_general, CKM_SHA384_HMAC_GENERAL, 0x00000262, v2_20, none, sign | verify, generic_secret,          \
      mac_general, bytes)                                                                                            \
    X(sha512, CKM_SHA512, 0x00000270, v2_20, none, digest, no_key, no_parameter, no_unit)                            \
    X(sha512_hmac, CKM_SHA512_HMAC, 0x00000271, v2_20, none, sign | verify, generic_secret, no_parameter, bytes)     \
    X(sha512_hmac_general, CKM_SHA512_HMAC_GENERAL, 0x00000272, v2_20, none, sign | verify, generic_secret,          \
      mac_general, bytes)                                                                                            \
    X(securid_key_gen, CKM_SECURID_KEY_GEN, 0x00000280, v2_20, none, generate, securid, no_parameter, bytes)         \
    X(securid, CKM_SECURID, 0x00000282, v2_20, none, sign | verify, securid, otp, bytes)                             \
    X(hotp_key_gen, CKM_HOTP_KEY_GEN, 0x00000290, v2_20, none, generate, hotp, no_parameter, bytes)                  \
    X(hotp, CKM_HOTP, 0x00000291, v2_20, none, sign | verify, hotp, otp, bytes)                                      \
    X(acti, CKM_ACTI, 0x000002A0, v2_20, none, sign | verify, acti, otp, bytes)                                      \
    X(acti_key_gen, CKM_ACTI_KEY_GEN, 0x000002A1, v2_20, none, generate, acti, no_parameter, bytes)                  \
    X(sha3_256, CKM_SHA3_256, 0x000002B0, v3_0, none, digest, no_key, no_parameter, no_unit)                         \
    X(sha3_256_hmac, CKM_SHA3_256_HMAC, 0x000002B1, v3_0, none, sign | verify, generic_secret, no_parameter, bytes)  \
    X(sha3_256_hmac_general, CKM_SHA3_256_HMAC_GENERAL, 0x000002B2, v3_0, none, sign | verify, generic_secret,       \
      mac_general, bytes)                                                                                            \
    X(sha3_256_key_gen, CKM_SHA3_256_KEY_GEN, 0x000002B3, v3_0, none, generate, sha3_256_hmac, no_parameter, bytes)  \
    X(sha3_224, CKM_SHA3_224, 0x000002B5, v3_0, none, digest, no_key, no_parameter, no_unit)                         \
    X(sha3_224_hmac, CKM_SHA3_224_HMAC, 0x000002B6, v3_0, none, sign | verify, generic_secret, no_parameter, bytes)  \
    X(sha3_224_hmac_general, CKM_SHA3_224_HMAC_GENERAL, 0x000002B7, v3_0, none, sign | verify, generic_secret,       \
      mac_general, bytes)                                                                                            \
    X(sha3_224_key_gen, CKM_SHA3_224_KEY_GEN, 0x000002B8, v3_0, none, generate, sha3_224_hmac, no_parameter, bytes)  \
    X(sha3_384, CKM_SHA3_384, 0x000002C0, v3_0, none, digest, no_key, no_parameter, no_unit)                         \
    X(sha3_384_hmac, CKM_SHA3_384_HMAC, 0x000002C1, v3_0, none, sign | verify, generic_secret, no_parameter, bytes)  \
    X(sha3_384_hmac_general, CKM_SHA3_384_HMAC_GENERAL, 0x000002C2, v3_0, none, sign | verify, generic_secret,       \
      mac_general, bytes)                                                                                            \
    X(sha3_384_key_gen, CKM_SHA3_384_KEY_GEN, 0x000002C3, v3_0, none, generate, sha3_384_hmac, no_parameter, bytes)  \
    X(sha3_512, CKM_SHA3_512, 0x000002D0, v3_0, none, digest, no_key, no_parameter, no_unit)                         \
    X(sha3_512_hmac, CKM_SHA3_512_HMAC, 0x000002D1, v3_0, none, sign | verify, generic_secret, no_parameter, bytes)  \
    X(sha3_512_hmac_general, CKM_SHA3_512_HMAC_GENERAL, 0x000002D2, v3_0, none, sign | verify, generic_secret,       \
      mac_general, bytes)                                                                                            \
    X(sha3_512_key_gen, CKM_SHA3_512_KEY_GEN, 0x000002D3, v3_0, none, generate, sha3_512_hmac, no_parameter, bytes)  \
    X(cast_key_gen, CKM_CAST_KEY_GEN, 0x00000300, v2_01, v2_40, generate, cast, no_parameter, bytes)                 \
    X(cast_ecb, CKM_CAST_ECB, 0x00000301, v2_01, v2_40, encrypt | decrypt | wrap | unwrap, cast, no_parameter,       \
      bytes)                                                                                                         \
    X(cast_cbc, CKM_CAST_CBC, 0x00000302, v2_01, v2_40, encrypt | decrypt | wrap | unwrap, cast, byte_string,        \
      bytes)                                                                                                         \
    X(cast_mac, CKM_CAST_MAC, 0x00000303, v2_01, v2_40, sign | verify, cast, no_parameter, bytes)                    \
    X(cast_mac_general, CKM_CAST_MAC_GENERAL, 0x00000304, v2_01, v2_40, sign | verify, cast, mac_general, bytes)     \
    X(cast_cbc_pad, CKM_CAST_CBC_PAD, 0x00000305, v2_01, v2_40, encrypt | decrypt | wrap | unwrap, cast,             \
      byte_string, bytes)                                                                                            \
    X(cast3_key_gen, CKM_CAST3_KEY_GEN, 0x00000310, v2_01, v2_40, generate, cast3, no_parameter, bytes)              \
    X(cast3_ecb, CKM_CAST3_ECB, 0x00000311, v2_01, v2_40, encrypt | decrypt | wrap | unwrap, cast3, no_parameter,    \
      bytes)                                                                                                         \
    X(cast3_cbc, CKM_CAST3_CBC, 0x00000312, v2_01, v2_40, encrypt | decrypt | wrap | unwrap, cast3, byte_string,     \
      bytes)                                                                                                         \
    X(cast3_mac, CKM_CAST3_MAC, 0x00000313, v2_01, v2_40, sign | verify, cast3, no_parameter, bytes)                 \
    X(cast3_mac_general, CKM_CAST3_MAC_GENERAL, 0x00000314, v2_01, v2_40, sign | verify, cast3, mac_general, bytes)  \
    X(cast3_cbc_pad, CKM_CAST3_CBC_PAD, 0x00000315, v2_01, v2_40, encrypt | decrypt | wrap | unwrap, cast3,          \
      byte_string, bytes)                                                                                            \
    X(cast128_key_gen, CKM_CAST128_KEY_GEN, 0x00000320, v2_01, v2_40, generate, cast128, no_parameter, bytes)        \
    X(cast128_ecb, CKM_CAST128_ECB, 0x00000321, v2_01, v2_40, encrypt | decrypt | wrap | unwrap, cast128,            \
      no_parameter, bytes)                                                                                           \
    X(cast128_cbc, CKM_CAST128_CBC, 0x00000322, v2_01, v2_40, encrypt | decrypt | wrap | unwrap, cast128,            \
      byte_string, bytes)                                                                                            \
    X(cast128_mac, CKM_CAST128_MAC, 0x00000323, v2_01, v2_40, sign | verify, cast128, no_parameter, bytes)           \
    X(cast128_mac_general, CKM_CAST128_MAC_GENERAL, 0x00000324, v2_01, v2_40, sign | verify, cast128, mac_general,   \
      bytes)                                                                                                         \
    X(cast128_cbc_pad, CKM_CAST128_CBC_PAD, 0x00000325, v2_01, v2_40, encrypt | decrypt | wrap | unwrap, cast128,    \
      byte_string, bytes)                                                                                            \
    X(rc5_key_gen, CKM_RC5_KEY_GEN, 0x00000330, v2_01, v2_40, generate, rc5, no_parameter, bytes)                    \
    X(rc5_ecb, CKM_RC5_ECB, 0x00000331, v2_01, v2_40, encrypt | decrypt | wrap | unwrap, rc5, rc5, bytes)            \
    X(rc5_cbc, CKM_RC5_CBC, 0x00000332, v2_01, v2_40, encrypt | decrypt | wrap | unwrap, rc5, rc5_cbc, bytes)        \
    X(rc5_mac, CKM_RC5_MAC, 0x00000333, v2_01, v2_40, sign | verify, rc5, rc5, bytes)                                \
    X(rc5_mac_general, CKM_RC5_MAC_GENERAL, 0x00000334, v2_01, v2_40, sign | verify, rc5, rc5_mac_general, bytes)    \
    X(rc5_cbc_pad, CKM_RC5_CBC_PAD, 0x00000335, v2_01, v2_40, encrypt | decrypt | wrap | unwrap, rc5, rc5_cbc,       \
      bytes)                                                                                                         \
    X(idea_key_gen, CKM_IDEA_KEY_GEN, 0x00000340, v2_01, v2_40, generate, idea, no_parameter, bytes)                 \
    X(idea_ecb, CKM_IDEA_ECB, 0x00000341, v2_01, v2_40, encrypt | decrypt | wrap | unwrap, idea, no_parameter,       \
      bytes)                                                                                                         \
    X(idea_cbc, CKM_IDEA_CBC, 0x00000342, v2_01, v2_40, encrypt | decrypt | wrap | unwrap, idea, byte_string,        \
      bytes)                                                                                                         \
    X(idea_mac, CKM_IDEA_MAC, 0x00000343, v2_01, v2_40, sign | verify, idea, no_parameter, bytes)                    \
    X(idea_mac_general, CKM_IDEA_MAC_GENERAL, 0x00000344, v2_01, v2_40, sign | verify, idea, mac_general, bytes)     \
    X(idea_cbc_pad, CKM_IDEA_CBC_PAD, 0x00000345, v2_01, v2_40, encrypt | decrypt | wrap | unwrap, idea,             \
      byte_string, bytes)                                                                                            \
    X(generic_secret_key_gen, CKM_GENERIC_SECRET_KEY_GEN, 0x00000350, v2_01, none, generate, generic_secret,         \
      no_parameter, bits)                                                                                            \
    X(concatenate_base_and_key, CKM_CONCATENATE_BASE_AND_KEY, 0x00000360, v2_01, none, derive, generic_secret,       \
      byte_string, no_unit)                                                                                          \
    X(concatenate_base_and_data, CKM_CONCATENATE_BASE_AND_DATA, 0x00000362, v2_01, none, derive, generic_secret,     \
      key_derivation_string_data, no_unit)                                                                           \
    X(concatenate_data_and_base, CKM_CONCATENATE_DATA_AND_BASE, 0x00000363, v2_01, none, derive, generic_secret,     \
      key_derivation_string_data, no_unit)                                                                           \
    X(xor_base_and_data, CKM_XOR_BASE_AND_DATA, 0x00000364, v2_01, none, derive, generic_secret,                     \
      key_derivation_string_data, no_unit)                                                                           \
    X(extract_key_from_key, CKM_EXTRACT_KEY_FROM_KEY, 0x00000365, v2_01, none, derive, generic_secret, extract,      \
      no_unit)                                                                                                       \
    X(ssl3_pre_master_key_gen, CKM_SSL3_PRE_MASTER_KEY_GEN, 0x00000370, v2_01, none, generate, generic_secret,       \
      byte_string, bytes)                                                                                            \
    X(ssl3_master_key_derive, CKM_SSL3_MASTER_KEY_DERIVE, 0x00000371, v2_01, none, derive, generic_secret,           \
      ssl3_master_key_derive, bytes)                                                                                 \
    X(ssl3_key_and_mac_derive, CKM_SSL3_KEY_AND_MAC_DERIVE, 0x00000372, v2_01, none, derive, generic_secret,         \
      ssl3_key_mat, no_unit)                                                                                         \
    X(ssl3_master_key_derive_dh, CKM_SSL3_MASTER_KEY_DERIVE_DH, 0x00000373, v2_11, none, derive, generic_secret,     \
      ssl3_master_key_derive, bytes)                                                                                 \
    X(tls_pre_master_key_gen, CKM_TLS_PRE_MASTER_KEY_GEN, 0x00000374, v2_11, none, generate, generic_secret,         \
      byte_string, bytes)                                                                                            \
    X(tls_master_key_derive, CKM_TLS_MASTER_KEY_DERIVE, 0x00000375, v2_11, none, derive, generic_secret,             \
      ssl3_master_key_derive, bytes)                                                                                 \
    X(tls_key_and_mac_derive, CKM_TLS_KEY_AND_MAC_DERIVE, 0x00000376, v2_11, none, derive, generic_secret,           \
      ssl3_key_mat, no_unit)                                                                                         \
    X(tls_master_key_derive_dh, CKM_TLS_MASTER_KEY_DERIVE_DH, 0x00000377, v2_11, none, derive, generic_secret,       \
      ssl3_master_key_derive, bytes)                                                                                 \
    X(tls_prf, CKM_TLS_PRF, 0x00000378, v2_20, v2_40, derive, generic_secret, tls_prf, no_unit)                      \
    X(ssl3_md5_mac, CKM_SSL3_MD5_MAC, 0x00000380, v2_01, none, sign | verify, generic_secret, mac_general, bytes)    \
    X(ssl3_sha1_mac, CKM_SSL3_SHA1_MAC, 0x00000381, v2_01, none, sign | verify, generic_secret, mac_general, bytes)  \
    X(md5_key_derivation, CKM_MD5_KEY_DERIVATION, 0x00000390, v2_01, v2_40, derive, generic_secret, no_parameter,    \
      no_unit)                                                                                                       \
    X(md2_key_derivation, CKM_MD2_KEY_DERIVATION, 0x00000391, v2_01, v2_40, derive, generic_secret, no_parameter,    \
      no_unit)                                                                                                       \
    X(sha1_key_derivation, CKM_SHA1_KEY_DERIVATION, 0x00000392, v2_01, none, derive, generic_secret, no_parameter,   \
      no_unit)                                                                                                       \
    X(sha256_key_derivation, CKM_SHA256_KEY_DERIVATION, 0x00000393, v2_20, none, derive, generic_secret,             \
      no_parameter, no_unit)                                                                                         \
    X(sha384_key_derivation, CKM_SHA384_KEY_DERIVATION, 0x00000394, v2_20, none, derive, generic_secret,             \
      no_parameter, no_unit)                                                                                         \
    X(sha512_key_derivation, CKM_SHA512_KEY_DERIVATION, 0x00000395, v2_20, none, derive, generic_secret,             \
      no_parameter, no_unit)                                                                                         \
    X(sha224_key_derivation, CKM_SHA224_KEY_DERIVATION, 0x00000396, v2_20, none, derive, generic_secret,             \
      no_parameter, no_unit)                                                                                         \
    X(sha3_256_key_derivation, CKM_SHA3_256_KEY_DERIVATION, 0x00000397, v3_0, none, derive, generic_secret,          \
      no_parameter, no_unit)                                                                                         \
    X(sha3_224_key_derivation, CKM_SHA3_224_KEY_DERIVATION, 0x00000398, v3_0, none, derive, generic_secret,          \
      no_parameter, no_unit)                                                                                         \
    X(sha3_384_key_derivation, CKM_SHA3_384_KEY_DERIVATION, 0x00000399, v3_0, none, derive, generic_secret,          \
      no_parameter, no_unit)                                                                                         \
    X(sha3_512_key_derivation, CKM_SHA3_512_KEY_DERIVATION, 0x0000039A, v3_0, none, derive, generic_secret,          \
      no_parameter, no_unit)                                                                                         \
    X(shake_128_key_derivation, CKM_SHAKE_128_KEY_DERIVATION, 0x0000039B, v3_0, none, derive, generic_secret,        \
      no_parameter, no_unit)                                                                                         \
    X(shake_256_key_derivation, CKM_SHAKE_256_KEY_DERIVATION, 0x0000039C, v3_0, none, derive, generic_secret,        \
      no_parameter, no_unit)                                                                                         \
    X(pbe_md2_des_cbc, CKM_PBE_MD2_DES_CBC, 0x000003A0, v2_01, v2_40, generate, des, pbe, no_unit)                   \
    X(pbe_md5_des_cbc, CKM_PBE_MD5_DES_CBC, 0x000003A1, v2_01, v2_40, generate, des, pbe, no_unit)                   \
    X(pbe_md5_cast_cbc, CKM_PBE_MD5_CAST_CBC, 0x000003A2, v2_01, v2_40, generate, cast, pbe, no_unit)                \
    X(pbe_md5_cast3_cbc, CKM_PBE_MD5_CAST3_CBC, 0x000003A3, v2_01, v2_40, generate, cast3, pbe, no_unit)             \
    X(pbe_md5_cast128_cbc, CKM_PBE_MD5_CAST128_CBC, 0x000003A4, v2_01, v2_40, generate, cast128, pbe, no_unit)       \
    X(pbe_sha1_cast128_cbc, CKM_PBE_SHA1_CAST128_CBC, 0x000003A5, v2_01, v2_40, generate, cast128, pbe, no_unit)     \
    X(pbe_sha1_rc4_128, CKM_PBE_SHA1_RC4_128, 0x000003A6, v2_01, v2_40, generate, rc4, pbe, no_unit)                 \
    X(pbe_sha1_rc4_40, CKM_PBE_SHA1_RC4_40, 0x000003A7, v2_01, v2_40, generate, rc4, pbe, no_unit)                   \
    X(pbe_sha1_des3_ede_cbc, CKM_PBE_SHA1_DES3_EDE_CBC, 0x000003A8, v2_01, none, generate, des3, pbe, no_unit)       \
    X(pbe_sha1_des2_ede_cbc, CKM_PBE_SHA1_DES2_EDE_CBC, 0x000003A9, v2_01, none, generate, des2, pbe, no_unit)       \
    X(pbe_sha1_rc2_128_cbc, CKM_PBE_SHA1_RC2_128_CBC, 0x000003AA, v2_01, v2_40, generate, rc2, pbe, no_unit)         \
    X(pbe_sha1_rc2_40_cbc, CKM_PBE_SHA1_RC2_40_CBC, 0x000003AB, v2_01, v2_40, generate, rc2, pbe, no_unit)           \
    X(sp800_108_counter_kdf, CKM_SP800_108_COUNTER_KDF, 0x000003AC, v3_0, none, derive, generic_secret,              \
      sp800_108_kdf, no_unit)                                                                                        \
    X(sp800_108_feedback_kdf, CKM_SP800_108_FEEDBACK_KDF, 0x000003AD, v3_0, none, derive, generic_secret,            \
      sp800_108_feedback_kdf, no_unit)                                                                               \
    X(sp800_108_double_pipeline_kdf, CKM_SP800_108_DOUBLE_PIPELINE_KDF, 0x000003AE, v3_0, none, derive,              \
      generic_secret, sp800_108_kdf, no_unit)                                                                        \
    X(pkcs5_pbkd2, CKM_PKCS5_PBKD2, 0x000003B0, v2_10, none, generate, generic_secret, pkcs5_pbkd2, no_unit)         \
    X(pba_sha1_with_sha1_hmac, CKM_PBA_SHA1_WITH_SHA1_HMAC, 0x000003C0, v2_01, v2_40, generate, generic_secret, pbe, \
      no_unit)                                                                                                       \
    X(wtls_pre_master_key_gen, CKM_WTLS_PRE_MASTER_KEY_GEN, 0x000003D0, v2_20, none, generate, generic_secret,       \
      byte_string, bytes)                                                                                            \
    X(wtls_master_key_derive, CKM_WTLS_MASTER_KEY_DERIVE, 0x000003D1, v2_20, none, derive, generic_secret,           \
      wtls_master_key_derive, bytes)                                                                                 \
    X(wtls_master_key_derive_dh_ecc, CKM_WTLS_MASTER_KEY_DERIVE_DH_ECC, 0x000003D2, v2_20, none, derive,             \
      generic_secret, wtls_master_key_derive, bytes)                                                                 \
    X(wtls_prf, CKM_WTLS_PRF, 0x000003D3, v2_20, none, derive, generic_secret, wtls_prf, no_unit)                    \
    X(wtls_server_key_and_mac_derive, CKM_WTLS_SERVER_KEY_AND_MAC_DERIVE, 0x000003D4, v2_20, none, derive,           \
      generic_secret, wtls_key_mat, no_unit)                                                                         \
    X(wtls_client_key_and_mac_derive, CKM_WTLS_CLIENT_KEY_AND_MAC_DERIVE, 0x000003D5, v2_20, none, derive,           \
      generic_secret, wtls_key_mat, no_unit)                                                                         \
    X(tls10_mac_server, CKM_TLS10_MAC_SERVER, 0x000003D6, v2_40, none, sign | verify, generic_secret, mac_general,   \
      bytes)                                                                                                         \
    X(tls10_mac_client, CKM_TLS10_MAC_CLIENT, 0x000003D7, v2_40, none, sign | verify, generic_secret, mac_general,   \
      bytes)                                                                                                         \
    X(tls12_mac, CKM_TLS12_MAC, 0x000003D8, v2_40, none, sign | verify, generic_secret, tls_mac, bytes)              \
    X(tls12_kdf, CKM_TLS12_KDF, 0x000003D9, v2_40, none, derive, generic_secret, tls_kdf, no_unit)                   \
    X(tls12_master_key_derive, CKM_TLS12_MASTER_KEY_DERIVE, 0x000003E0, v2_40, none, derive, generic_secret,         \
      tls12_master_key_derive, bytes)                                                                                \
    X(tls12_key_and_mac_derive, CKM_TLS12_KEY_AND_MAC_DERIVE, 0x000003E1, v2_40, none, derive, generic_secret,       \
      tls12_key_mat, no_unit)                                                                                        \
    X(tls12_master_key_derive_dh, CKM_TLS12_MASTER_KEY_DERIVE_DH, 0x000003E2, v2_40, none, derive, generic_secret,   \
      tls12_master_key_derive, bytes)                                                                                \
    X(tls12_key_safe_derive, CKM_TLS12_KEY_SAFE_DERIVE, 0x000003E3, v2_40, none, derive, generic_secret,             \
      tls12_key_mat, no_unit)                                                                                        \
    X(tls_mac, CKM_TLS_MAC, 0x000003E4, v2_40, none, sign | verify, generic_secret, tls_mac, bytes)                  \
    X(tls_kdf, CKM_TLS_KDF, 0x000003E5, v2_40, none, derive, generic_secret, tls_kdf, no_unit)                       \
    X(key_wrap_lynks, CKM_KEY_WRAP_LYNKS, 0x00000400, v2_01, v2_40, wrap | unwrap, des, no_parameter, bytes)         \
    X(key_wrap_set_oaep, CKM_KEY_WRAP_SET_OAEP, 0x00000401, v2_01, v2_40, wrap | unwrap, rsa, key_wrap_set_oaep,     \
      bits)                                                                                                          \
    X(cms_sig, CKM_CMS_SIG, 0x00000500, v2_20, none, sign | verify | sign_recover | verify_recover, no_key, cms_sig, \
      no_unit)                                                                                                       \
    X(kip_derive, CKM_KIP_DERIVE, 0x00000510, v2_20, none, derive, generic_secret, kip, no_unit)                     \
    X(kip_wrap, CKM_KIP_WRAP, 0x00000511, v2_20, none, wrap | unwrap, generic_secret, kip, no_unit)                  \
    X(kip_mac, CKM_KIP_MAC, 0x00000512, v2_20, none, sign | verify, generic_secret, kip, no_unit)                    \
    X(camellia_key_gen, CKM_CAMELLIA_KEY_GEN, 0x00000550, v2_20, none, generate, camellia, no_parameter, bytes)      \
    X(camellia_ecb, CKM_CAMELLIA_ECB, 0x00000551, v2_20, none, encrypt | decrypt | wrap | unwrap, camellia,          \
      no_parameter, bytes)                                                                                           \
    X(camellia_cbc, CKM_CAMELLIA_CBC, 0x00000552, v2_20, none, encrypt | decrypt | wrap | unwrap, camellia,          \
      byte_string, bytes)                                                                                            \
    X(camellia_mac, CKM_CAMELLIA_MAC, 0x00000553, v2_20, none, sign | verify, camellia, no_parameter, bytes)         \
    X(camellia_mac_general, CKM_CAMELLIA_MAC_GENERAL, 0x00000554, v2_20, none, sign | verify, camellia, mac_general, \
      bytes)                                                                                                         \
    X(camellia_cbc_pad, CKM_CAMELLIA_CBC_PAD, 0x00000555, v2_20, none, encrypt | decrypt | wrap | unwrap, camellia,  \
      byte_string, bytes)                                                                                            \
    X(camellia_ecb_encrypt_data, CKM_CAMELLIA_ECB_ENCRYPT_DATA, 0x00000556, v2_20, none, derive, camellia,           \
      key_derivation_string_data, no_unit)                                                                           \
    X(camellia_cbc_encrypt_data, CKM_CAMELLIA_CBC_ENCRYPT_DATA, 0x00000557, v2_20, none, derive, camellia,           \
      camellia_cbc_encrypt_data, no_unit)                                                                            \
    X(camellia_ctr, CKM_CAMELLIA_CTR, 0x00000558, v2_20, none, encrypt | decrypt | wrap | unwrap, camellia,          \
      camellia_ctr, bytes)                                                                                           \
    X(aria_key_gen, CKM_ARIA_KEY_GEN, 0x00000560, v2_20, none, generate, aria, no_parameter, bytes)                  \
    X(aria_ecb, CKM_ARIA_ECB, 0x00000561, v2_20, none, encrypt | decrypt | wrap | unwrap, aria, no_parameter,        \
      bytes)                                                                                                         \
    X(aria_cbc, CKM_ARIA_CBC, 0x00000562, v2_20, none, encrypt | decrypt | wrap | unwrap, aria, byte_string, bytes)  \
    X(aria_mac, CKM_ARIA_MAC, 0x00000563, v2_20, none, sign | verify, aria, no_parameter, bytes)                     \
    X(aria_mac_general, CKM_ARIA_MAC_GENERAL, 0x00000564, v2_20, none, sign | verify, aria, mac_general, bytes)      \
    X(aria_cbc_pad, CKM_ARIA_CBC_PAD, 0x00000565, v2_20, none, encrypt | decrypt | wrap | unwrap, aria, byte_string, \
      bytes)                                                                                                         \
    X(aria_ecb_encrypt_data, CKM_ARIA_ECB_ENCRYPT_DATA, 0x00000566, v2_20, none, derive, aria,                       \
      key_derivation_string_data, no_unit)                                                                           \
    X(aria_cbc_encrypt_data, CKM_ARIA_CBC_ENCRYPT_DATA, 0x00000567, v2_20, none, derive, aria,                       \
      aria_cbc_encrypt_data, no_unit)                                                                                \
    X(seed_key_gen, CKM_SEED_KEY_GEN, 0x00000650, v2_40, none, generate, seed, no_parameter, bytes)                  \
    X(seed_ecb, CKM_SEED_ECB, 0x00000651, v2_40, none, encrypt | decrypt | wrap | unwrap, seed, no_parameter,        \
      bytes)                                                                                                         \
    X(seed_cbc, CKM_SEED_CBC, 0x00000652, v2_40, none, encrypt | decrypt | wrap | unwrap, seed, byte_string, bytes)  \
    X(seed_mac, CKM_SEED_MAC, 0x00000653, v2_40, none, sign | verify, seed, no_parameter, bytes)                     \
    X(seed_mac_general, CKM_SEED_MAC_GENERAL, 0x00000654, v2_40, none, sign | verify, seed, mac_general, bytes)      \
    X(seed_cbc_pad, CKM_SEED_CBC_PAD, 0x00000655, v2_40, none, encrypt | decrypt | wrap | unwrap, seed, byte_string, \
      bytes)                                                                                                         \
    X(seed_ecb_encrypt_data, CKM_SEED_ECB_ENCRYPT_DATA, 0x00000656, v2_40, none, derive, seed,                       \
      key_derivation_string_data, no_unit)                                                                           \
    X(seed_cbc_encrypt_data, CKM_SEED_CBC_ENCRYPT_DATA, 0x00000657, v2_40, none, derive, seed,                       \
      seed_cbc_encrypt_data, no_unit)                                                                                \
    X(skipjack_key_gen, CKM_SKIPJACK_KEY_GEN, 0x00001000, v2_01, v2_40, generate, skipjack, no_parameter, no_unit)   \
    X(skipjack_ecb64, CKM_SKIPJACK_ECB64, 0x00001001, v2_01, v2_40, encrypt | decrypt, skipjack, byte_string,        \
      no_unit)                                                                                                       \
    X(skipjack_cbc64, CKM_SKIPJACK_CBC64, 0x00001002, v2_01, v2_40, encrypt | decrypt, skipjack, byte_string,        \
      no_unit)                                                                                                       \
    X(skipjack_ofb64, CKM_SKIPJACK_OFB64, 0x00001003, v2_01, v2_40, encrypt | decrypt, skipjack, byte_string,        \
      no_unit)                                                                                                       \
    X(skipjack_cfb64, CKM_SKIPJACK_CFB64, 0x00001004, v2_01, v2_40, encrypt | decrypt, skipjack, byte_string,        \
      no_unit)                                                                                                       \
    X(skipjack_cfb32, CKM_SKIPJACK_CFB32, 0x00001005, v2_01, v2_40, encrypt | decrypt, skipjack, byte_string,        \
      no_unit)                                                                                                       \
    X(skipjack_cfb16, CKM_SKIPJACK_CFB16, 0x00001006, v2_01, v2_40, encrypt | decrypt, skipjack, byte_string,        \
      no_unit)                                                                                                       \
    X(skipjack_cfb8, CKM_SKIPJACK_CFB8, 0x00001007, v2_01, v2_40, encrypt | decrypt, skipjack, byte_string,          \
      no_unit)                                                                                                       \
    X(skipjack_wrap, CKM_SKIPJACK_WRAP, 0x00001008, v2_01, v2_40, wrap | unwrap, skipjack, no_parameter, no_unit)    \
    X(skipjack_private_wrap, CKM_SKIPJACK_PRIVATE_WRAP, 0x00001009, v2_01, v2_40, wrap | unwrap, skipjack,           \
      skipjack_private_wrap, no_unit)                                                                                \
    X(skipjack_relayx, CKM_SKIPJACK_RELAYX, 0x0000100A, v2_01, v2_40, wrap, skipjack, skipjack_relayx, no_unit)      \
    X(kea_key_pair_gen, CKM_KEA_KEY_PAIR_GEN, 0x00001010, v2_01, v2_40, generate_key_pair, kea, no_parameter, bits)  \
    X(kea_key_derive, CKM_KEA_KEY_DERIVE, 0x00001011, v2_01, v2_40, derive, kea, kea_derive, bits)                   \
    X(kea_derive, CKM_KEA_DERIVE, 0x00001012, v3_0, none, derive, kea, kea_derive, bits)                             \
    X(fortezza_timestamp, CKM_FORTEZZA_TIMESTAMP, 0x00001020, v2_01, v2_40, sign | verify, dsa, no_parameter, bits)  \
    X(baton_key_gen, CKM_BATON_KEY_GEN, 0x00001030, v2_01, v2_40, generate, baton, no_parameter, no_unit)            \
    X(baton_ecb128, CKM_BATON_ECB128, 0x00001031, v2_01, v2_40, encrypt | decrypt, baton, byte_string, no_unit)      \
    X(baton_ecb96, CKM_BATON_ECB96, 0x00001032, v2_01, v2_40, encrypt | decrypt, baton, byte_string, no_unit)        \
    X(baton_cbc128, CKM_BATON_CBC128, 0x00001033, v2_01, v2_40, encrypt | decrypt, baton, byte_string, no_unit)      \
    X(baton_counter, CKM_BATON_COUNTER, 0x00001034, v2_01, v2_40, encrypt | decrypt, baton, byte_string, no_unit)    \
    X(baton_shuffle, CKM_BATON_SHUFFLE, 0x00001035, v2_01, v2_40, encrypt | decrypt, baton, byte_string, no_unit)    \
    X(baton_wrap, CKM_BATON_WRAP, 0x00001036, v2_01, v2_40, wrap | unwrap, baton, no_parameter, no_unit)             \
    X(ec_key_pair_gen, CKM_EC_KEY_PAIR_GEN, 0x00001040, v2_01, none, generate_key_pair, ec, no_parameter, bits)      \
    X(ecdsa, CKM_ECDSA, 0x00001041, v2_01, none, sign | verify, ec, no_parameter, bits)                              \
    X(ecdsa_sha1, CKM_ECDSA_SHA1, 0x00001042, v2_01, none, sign | verify, ec, no_parameter, bits)                    \
    X(ecdsa_sha224, CKM_ECDSA_SHA224, 0x00001043, v2_30, none, sign | verify, ec, no_parameter, bits)                \
    X(ecdsa_sha256, CKM_ECDSA_SHA256, 0x00001044, v2_30, none, sign | verify, ec, no_parameter, bits)                \
    X(ecdsa_sha384, CKM_ECDSA_SHA384, 0x00001045, v2_30, none, sign | verify, ec, no_parameter, bits)                \
    X(ecdsa_sha512, CKM_ECDSA_SHA512, 0x00001046, v2_30, none, sign | verify, ec, no_parameter, bits)                \
    X(ecdsa_sha3_224, CKM_ECDSA_SHA3_224, 0x00001047, v3_0, none, sign | verify, ec, no_parameter, bits)             \
    X(ecdsa_sha3_256, CKM_ECDSA_SHA3_256, 0x00001048, v3_0, none, sign | verify, ec, no_parameter, bits)             \
    X(ecdsa_sha3_384, CKM_ECDSA_SHA3_384, 0x00001049, v3_0, none, sign | verify, ec, no_parameter, bits)             \
    X(ecdsa_sha3_512, CKM_ECDSA_SHA3_512, 0x0000104A, v3_0, none, sign | verify, ec, no_parameter, bits)             \
    X(ecdh1_derive, CKM_ECDH1_DERIVE, 0x00001050, v2_11, none, derive | encapsulate | decapsulate, ec, ecdh1_derive, \
      bits)                                                                                                          \
    X(ecdh1_cofactor_derive, CKM_ECDH1_COFACTOR_DERIVE, 0x00001051, v2_11, none, derive | encapsulate | decapsulate, \
      ec, ecdh1_derive, bits)                                                                                        \
    X(ecmqv_derive, CKM_ECMQV_DERIVE, 0x00001052, v2_11, none, derive, ec, ecmqv_derive, bits)                       \
    X(ecdh_aes_key_wrap, CKM_ECDH_AES_KEY_WRAP, 0x00001053, v2_40, none, wrap | unwrap, ec, ecdh_aes_key_wrap,       \
      bits)                                                                                                          \
    X(rsa_aes_key_wrap, CKM_RSA_AES_KEY_WRAP, 0x00001054, v2_40, none, wrap | unwrap, rsa, rsa_aes_key_wrap, bits)   \
    X(ec_edwards_key_pair_gen, CKM_EC_EDWARDS_KEY_PAIR_GEN, 0x00001055, v3_0, none, generate_key_pair, ec_edwards,   \
      no_parameter, bits)                                                                                            \
    X(ec_montgomery_key_pair_gen, CKM_EC_MONTGOMERY_KEY_PAIR_GEN, 0x00001056, v3_0, none, generate_key_pair,         \
      ec_montgomery, no_parameter, bits)                                                                             \
    X(eddsa, CKM_EDDSA, 0x00001057, v3_0, none, sign | verify, ec_edwards, eddsa, bits)                              \
    X(juniper_key_gen, CKM_JUNIPER_KEY_GEN, 0x00001060, v2_01, v2_40, generate, juniper, no_parameter, no_unit)      \
    X(juniper_ecb128, CKM_JUNIPER_ECB128, 0x00001061, v2_01, v2_40, encrypt | decrypt, juniper, byte_string,         \
      no_unit)                                                                                                       \
    X(juniper_cbc128, CKM_JUNIPER_CBC128, 0x00001062, v2_01, v2_40, encrypt | decrypt, juniper, byte_string,         \
      no_unit)                                                                                                       \
    X(juniper_counter, CKM_JUNIPER_COUNTER, 0x00001063, v2_01, v2_40, encrypt | decrypt, juniper, byte_string,       \
      no_unit)                                                                                                       \
    X(juniper_shuffle, CKM_JUNIPER_SHUFFLE, 0x00001064, v2_01, v2_40, encrypt | decrypt, juniper, byte_string,       \
      no_unit)                                                                                                       \
    X(juniper_wrap, CKM_JUNIPER_WRAP, 0x00001065, v2_01, v2_40, wrap | unwrap, juniper, no_parameter, no_unit)       \
    X(fasthash, CKM_FASTHASH, 0x00001070, v2_01, v2_40, digest, no_key, no_parameter, no_unit)                       \
    X(aes_xts, CKM_AES_XTS, 0x00001071, v3_0, none, encrypt | decrypt | wrap | unwrap, aes_xts, byte_string, bytes)  \
    X(aes_xts_key_gen, CKM_AES_XTS_KEY_GEN, 0x00001072, v3_0, none, generate, aes_xts, no_parameter, bytes)          \
    X(aes_key_gen, CKM_AES_KEY_GEN, 0x00001080, v2_11, none, generate, aes, no_parameter, bytes)                     \
    X(aes_ecb, CKM_AES_ECB, 0x00001081, v2_11, none, encrypt | decrypt | wrap | unwrap, aes, no_parameter, bytes)    \
    X(aes_cbc, CKM_AES_CBC, 0x00001082, v2_11, none, encrypt | decrypt | wrap | unwrap, aes, byte_string, bytes)     \
    X(aes_mac, CKM_AES_MAC, 0x00001083, v2_11, none, sign | verify, aes, no_parameter, bytes)                        \
    X(aes_mac_general, CKM_AES_MAC_GENERAL, 0x00001084, v2_11, none, sign | verify, aes, mac_general, bytes)         \
    X(aes_cbc_pad, CKM_AES_CBC_PAD, 0x00001085, v2_11, none, encrypt | decrypt | wrap | unwrap, aes, byte_string,    \
      bytes)                                                                                                         \
    X(aes_ctr, CKM_AES_CTR, 0x00001086, v2_20, none, encrypt | decrypt | wrap | unwrap, aes, aes_ctr, bytes)         \
    X(aes_gcm, CKM_AES_GCM, 0x00001087, v2_30, none,                                                                 \
      encrypt | decrypt | message_encrypt | message_decrypt | wrap | unwrap, aes, gcm, bytes)                        \
    X(aes_ccm, CKM_AES_CCM, 0x00001088, v2_30, none,                                                                 \
      encrypt | decrypt | message_encrypt | message_decrypt | wrap | unwrap, aes, ccm, bytes)                        \
    X(aes_cts, CKM_AES_CTS, 0x00001089, v2_30, none, encrypt | decrypt | wrap | unwrap, aes, byte_string, bytes)     \
    X(aes_cmac, CKM_AES_CMAC, 0x0000108A, v2_30, none, sign | verify, aes, no_parameter, bytes)                      \
    X(aes_cmac_general, CKM_AES_CMAC_GENERAL, 0x0000108B, v2_30, none, sign | verify, aes, mac_general, bytes)       \
    X(aes_xcbc_mac, CKM_AES_XCBC_MAC, 0x0000108C, v2_40, none, sign | verify, aes, no_parameter, bytes)              \
    X(aes_xcbc_mac_96, CKM_AES_XCBC_MAC_96, 0x0000108D, v2_40, none, sign | verify, aes, no_parameter, bytes)        \
    X(aes_gmac, CKM_AES_GMAC, 0x0000108E, v2_40, none, sign | verify, aes, byte_string, bytes)                       \
    X(blowfish_key_gen, CKM_BLOWFISH_KEY_GEN, 0x00001090, v2_20, none, generate, blowfish, no_parameter, bytes)      \
    X(blowfish_cbc, CKM_BLOWFISH_CBC, 0x00001091, v2_20, none, encrypt | decrypt | wrap | unwrap, blowfish,          \
      byte_string, bytes)                                                                                            \
    X(twofish_key_gen, CKM_TWOFISH_KEY_GEN, 0x00001092, v2_20, none, generate, twofish, no_parameter, bytes)         \
    X(twofish_cbc, CKM_TWOFISH_CBC, 0x00001093, v2_20, none, encrypt | decrypt | wrap | unwrap, twofish,             \
      byte_string, bytes)                                                                                            \
    X(blowfish_cbc_pad, CKM_BLOWFISH_CBC_PAD, 0x00001094, v2_40, none, encrypt | decrypt | wrap | unwrap, blowfish,  \
      byte_string, bytes)                                                                                            \
    X(twofish_cbc_pad, CKM_TWOFISH_CBC_PAD, 0x00001095, v2_40, none, encrypt | decrypt | wrap | unwrap, twofish,     \
      byte_string, bytes)                                                                                            \
    X(des_ecb_encrypt_data, CKM_DES_ECB_ENCRYPT_DATA, 0x00001100, v2_20, none, derive, des,                          \
      key_derivation_string_data, no_unit)                                                                           \
    X(des_cbc_encrypt_data, CKM_DES_CBC_ENCRYPT_DATA, 0x00001101, v2_20, none, derive, des, des_cbc_encrypt_data,    \
      no_unit)                                                                                                       \
    X(des3_ecb_encrypt_data, CKM_DES3_ECB_ENCRYPT_DATA, 0x00001102, v2_20, none, derive, des3,                       \
      key_derivation_string_data, no_unit)                                                                           \
    X(des3_cbc_encrypt_data, CKM_DES3_CBC_ENCRYPT_DATA, 0x00001103, v2_20, none, derive, des3, des_cbc_encrypt_data, \
      no_unit)                                                                                                       \
    X(aes_ecb_encrypt_data, CKM_AES_ECB_ENCRYPT_DATA, 0x00001104, v2_20, none, derive, aes,                          \
      key_derivation_string_data, no_unit)                                                                           \
    X(aes_cbc_encrypt_data, CKM_AES_CBC_ENCRYPT_DATA, 0x00001105, v2_20, none, derive, aes, aes_cbc_encrypt_data,    \
      no_unit)                                                                                                       \
    X(gostr3410_key_pair_gen, CKM_GOSTR3410_KEY_PAIR_GEN, 0x00001200, v2_40, none, generate_key_pair, gostr3410,     \
      no_parameter, no_unit)                                                                                         \
    X(gostr3410, CKM_GOSTR3410, 0x00001201, v2_40, none, sign | verify, gostr3410, no_parameter, no_unit)            \
    X(gostr3410_with_gostr3411, CKM_GOSTR3410_WITH_GOSTR3411, 0x00001202, v2_40, none, sign | verify, gostr3410,     \
      byte_string, no_unit)                                                                                          \
    X(gostr3410_key_wrap, CKM_GOSTR3410_KEY_WRAP, 0x00001203, v2_40, none, wrap | unwrap, gostr3410,                 \
      gostr3410_key_wrap, no_unit)                                                                                   \
    X(gostr3410_derive, CKM_GOSTR3410_DERIVE, 0x00001204, v2_40, none, derive, gostr3410, gostr3410_derive,          \
      no_unit)                                                                                                       \
    X(gostr3411, CKM_GOSTR3411, 0x00001210, v2_40, none, digest, no_key, byte_string, no_unit)                       \
    X(gostr3411_hmac, CKM_GOSTR3411_HMAC, 0x00001211, v2_40, none, sign | verify, generic_secret, byte_string,       \
      no_unit)                                                                                                       \
    X(gost28147_key_gen, CKM_GOST28147_KEY_GEN, 0x00001220, v2_40, none, generate, gost28147, no_parameter,          \
      no_unit)                                                                                                       \
    X(gost28147_ecb, CKM_GOST28147_ECB, 0x00001221, v2_40, none, encrypt | decrypt | wrap | unwrap, gost28147,       \
      no_parameter, no_unit)                                                                                         \
    X(gost28147, CKM_GOST28147, 0x00001222, v2_40, none, encrypt | decrypt | wrap | unwrap, gost28147, byte_string,  \
      no_unit)                                                                                                       \
    X(gost28147_mac, CKM_GOST28147_MAC, 0x00001223, v2_40, none, sign | verify, gost28147, byte_string, no_unit)     \
    X(gost28147_key_wrap, CKM_GOST28147_KEY_WRAP, 0x00001224, v2_40, none, wrap | unwrap, gost28147, byte_string,    \
      no_unit)                                                                                                       \
    X(chacha20_key_gen, CKM_CHACHA20_KEY_GEN, 0x00001225, v3_0, none, generate, chacha20, no_parameter, bytes)       \
    X(chacha20, CKM_CHACHA20, 0x00001226, v3_0, none, encrypt | decrypt | wrap | unwrap, chacha20, chacha20, bits)   \
    X(poly1305_key_gen, CKM_POLY1305_KEY_GEN, 0x00001227, v3_0, none, generate, poly1305, no_parameter, bytes)       \
    X(poly1305, CKM_POLY1305, 0x00001228, v3_0, none, sign | verify, poly1305, no_parameter, bytes)                  \
    X(ec_key_pair_gen_w_extra_bits, CKM_EC_KEY_PAIR_GEN_W_EXTRA_BITS, 0x0000140B, v3_0, none, generate_key_pair, ec, \
      no_parameter, bits)                                                                                            \
    X(dsa_parameter_gen, CKM_DSA_PARAMETER_GEN, 0x00002000, v2_11, none, generate, dsa, no_parameter, bits)          \
    X(dh_pkcs_parameter_gen, CKM_DH_PKCS_PARAMETER_GEN, 0x00002001, v2_11, none, generate, dh, no_parameter, bits)   \
    X(x9_42_dh_parameter_gen, CKM_X9_42_DH_PARAMETER_GEN, 0x00002002, v2_11, none, generate, x9_42_dh, no_parameter, \
      bits)                                                                                                          \
    X(dsa_probabilistic_parameter_gen, CKM_DSA_PROBABILISTIC_PARAMETER_GEN, 0x00002003, v2_40, none, generate, dsa,  \
      dsa_parameter_gen, bits)                                                                                       \
    X(dsa_shawe_taylor_parameter_gen, CKM_DSA_SHAWE_TAYLOR_PARAMETER_GEN, 0x00002004, v2_40, none, generate, dsa,    \
      dsa_parameter_gen, bits)                                                                                       \
    X(dsa_fips_g_gen, CKM_DSA_FIPS_G_GEN, 0x00002005, v3_0, none, generate, dsa, dsa_parameter_gen, bits)            \
    X(aes_ofb, CKM_AES_OFB, 0x00002104, v2_40, none, encrypt | decrypt | wrap | unwrap, aes, byte_string, bytes)     \
    X(aes_cfb64, CKM_AES_CFB64, 0x00002105, v2_40, none, encrypt | decrypt | wrap | unwrap, aes, byte_string,        \
      bytes)                                                                                                         \
    X(aes_cfb8, CKM_AES_CFB8, 0x00002106, v2_40, none, encrypt | decrypt | wrap | unwrap, aes, byte_string, bytes)   \
    X(aes_cfb128, CKM_AES_CFB128, 0x00002107, v2_40, none, encrypt | decrypt | wrap | unwrap, aes, byte_string,      \
      bytes)                                                                                                         \
    X(aes_cfb1, CKM_AES_CFB1, 0x00002108, v2_40, none, encrypt | decrypt | wrap | unwrap, aes, byte_string, bytes)   \
    X(aes_key_wrap, CKM_AES_KEY_WRAP, 0x00002109, v2_40, none, encrypt | decrypt | wrap | unwrap, aes, byte_string,  \
      bytes)                                                                                                         \
    X(aes_key_wrap_pad, CKM_AES_KEY_WRAP_PAD, 0x0000210A, v2_40, v3_1, encrypt | decrypt | wrap | unwrap, aes,       \
      byte_string, bytes)                                                                                            \
    X(aes_key_wrap_kwp, CKM_AES_KEY_WRAP_KWP, 0x0000210B, v3_0, none, encrypt | decrypt | wrap | unwrap, aes,        \
      byte_string, bytes)                                                                                            \
    X(aes_key_wrap_pkcs7, CKM_AES_KEY_WRAP_PKCS7, 0x0000210C, v3_1, none, encrypt | decrypt | wrap | unwrap, aes,    \
      byte_string, bytes)                                                                                            \
    X(rsa_pkcs_tpm_1_1, CKM_RSA_PKCS_TPM_1_1, 0x00004001, v2_40, none, encrypt | decrypt | wrap | unwrap, rsa,       \
      no_parameter, bits)                                                                                            \
    X(rsa_pkcs_oaep_tpm_1_1, CKM_RSA_PKCS_OAEP_TPM_1_1, 0x00004002, v2_40, none, encrypt | decrypt | wrap | unwrap,  \
      rsa, no_parameter, bits)                                                                                       \
    X(sha_1_key_gen, CKM_SHA_1_KEY_GEN, 0x00004003, v3_0, none, generate, sha_1_hmac, no_parameter, bytes)           \
    X(sha224_key_gen, CKM_SHA224_KEY_GEN, 0x00004004, v3_0, none, generate, sha224_hmac, no_parameter, bytes)        \
    X(sha256_key_gen, CKM_SHA256_KEY_GEN, 0x00004005, v3_0, none, generate, sha256_hmac, no_parameter, bytes)        \
    X(sha384_key_gen, CKM_SHA384_KEY_GEN, 0x00004006, v3_0, none, generate, sha384_hmac, no_parameter, bytes)        \
    X(sha512_key_gen, CKM_SHA512_KEY_GEN, 0x00004007, v3_0, none, generate, sha512_hmac, no_parameter, bytes)        \
    X(sha512_224_key_gen, CKM_SHA512_224_KEY_GEN, 0x00004008, v3_0, none, generate, sha512_224_hmac, no_parameter,   \
      bytes)                                                                                                         \
    X(sha512_256_key_gen, CKM_SHA512_256_KEY_GEN, 0x00004009, v3_0, none, generate, sha512_256_hmac, no_parameter,   \
      bytes)                                                                                                         \
    X(sha512_t_key_gen, CKM_SHA512_T_KEY_GEN, 0x0000400A, v3_0, none, generate, sha512_t_hmac, no_parameter, bytes)  \
    X(null, CKM_NULL, 0x0000400B, v3_0, none,                                                                        \
      encrypt | decrypt | sign | verify | sign_recover | verify_recover | digest | wrap | unwrap | derive, no_key,   \
      no_parameter, no_unit)                                                                                         \
    X(blake2b_160, CKM_BLAKE2B_160, 0x0000400C, v3_0, none, digest, no_key, no_parameter, no_unit)                   \
    X(blake2b_160_hmac, CKM_BLAKE2B_160_HMAC, 0x0000400D, v3_0, none, sign | verify, generic_secret, no_parameter,   \
      bytes)                                                                                                         \
    X(blake2b_160_hmac_general, CKM_BLAKE2B_160_HMAC_GENERAL, 0x0000400E, v3_0, none, sign | verify, generic_secret, \
      mac_general, bytes)                                                                                            \
    X(blake2b_160_key_derive, CKM_BLAKE2B_160_KEY_DERIVE, 0x0000400F, v3_0, none, derive, generic_secret,            \
      no_parameter, no_unit)                                                                                         \
    X(blake2b_160_key_gen, CKM_BLAKE2B_160_KEY_GEN, 0x00004010, v3_0, none, generate, blake2b_160_hmac,              \
      no_parameter, bytes)                                                                                           \
    X(blake2b_256, CKM_BLAKE2B_256, 0x00004011, v3_0, none, digest, no_key, no_parameter, no_unit)                   \
    X(blake2b_256_hmac, CKM_BLAKE2B_256_HMAC, 0x00004012, v3_0, none, sign | verify, generic_secret, no_parameter,   \
      bytes)                                                                                                         \
    X(blake2b_256_hmac_general, CKM_BLAKE2B_256_HMAC_GENERAL, 0x00004013, v3_0, none, sign | verify, generic_secret, \
      mac_general, bytes)                                                                                            \
    X(blake2b_256_key_derive, CKM_BLAKE2B_256_KEY_DERIVE, 0x00004014, v3_0, none, derive, generic_secret,            \
      no_parameter, no_unit)                                                                                         \
    X(blake2b_256_key_gen, CKM_BLAKE2B_256_KEY_GEN, 0x00004015, v3_0, none, generate, blake2b_256_hmac,              \
      no_parameter, bytes)                                                                                           \
    X(blake2b_384, CKM_BLAKE2B_384, 0x00004016, v3_0, none, digest, no_key, no_parameter, no_unit)                   \
    X(blake2b_384_hmac, CKM_BLAKE2B_384_HMAC, 0x00004017, v3_0, none, sign | verify, generic_secret, no_parameter,   \
      bytes)                                                                                                         \
    X(blake2b_384_hmac_general, CKM_BLAKE2B_384_HMAC_GENERAL, 0x00004018, v3_0, none, sign | verify, generic_secret, \
      mac_general, bytes)                                                                                            \
    X(blake2b_384_key_derive, CKM_BLAKE2B_384_KEY_DERIVE, 0x00004019, v3_0, none, derive, generic_secret,            \
      no_parameter, no_unit)                                                                                         \
    X(blake2b_384_key_gen, CKM_BLAKE2B_384_KEY_GEN, 0x0000401A, v3_0, none, generate, blake2b_384_hmac,              \
      no_parameter, bytes)                                                                                           \
    X(blake2b_512, CKM_BLAKE2B_512, 0x0000401B, v3_0, none, digest, no_key, no_parameter, no_unit)                   \
    X(blake2b_512_hmac, CKM_BLAKE2B_512_HMAC, 0x0000401C, v3_0, none, sign | verify, generic_secret, no_parameter,   \
      bytes)                                                                                                         \
    X(blake2b_512_hmac_general, CKM_BLAKE2B_512_HMAC_GENERAL, 0x0000401D, v3_0, none, sign | verify, generic_secret, \
      mac_general, bytes)                                                                                            \
    X(blake2b_512_key_derive, CKM_BLAKE2B_512_KEY_DERIVE, 0x0000401E, v3_0, none, derive, generic_secret,            \
      no_parameter, no_unit)                                                                                         \
    X(blake2b_512_key_gen, CKM_BLAKE2B_512_KEY_GEN, 0x0000401F, v3_0, none, generate, blake2b_512_hmac,              \
      no_parameter, bytes)                                                                                           \
    X(salsa20, CKM_SALSA20, 0x00004020, v3_0, none, encrypt | decrypt | wrap | unwrap, salsa20, salsa20, bits)       \
    X(chacha20_poly1305, CKM_CHACHA20_POLY1305, 0x00004021, v3_0, none,                                              \
      encrypt | decrypt | message_encrypt | message_decrypt, chacha20, salsa20_chacha20_poly1305, bits)              \
    X(salsa20_poly1305, CKM_SALSA20_POLY1305, 0x00004022, v3_0, none,                                                \
      encrypt | decrypt | message_encrypt | message_decrypt, salsa20, salsa20_chacha20_poly1305, bits)               \
    X(x3dh_initialize, CKM_X3DH_INITIALIZE, 0x00004023, v3_0, none, derive, ec_montgomery, x3dh_initiate, bits)      \
    X(x3dh_respond, CKM_X3DH_RESPOND, 0x00004024, v3_0, none, derive, ec_montgomery, x3dh_respond, bits)             \
    X(x2ratchet_initialize, CKM_X2RATCHET_INITIALIZE, 0x00004025, v3_0, none, derive, x2ratchet,                     \
      x2ratchet_initialize, bits)                                                                                    \
    X(x2ratchet_respond, CKM_X2RATCHET_RESPOND, 0x00004026, v3_0, none, derive, x2ratchet, x2ratchet_respond, bits)  \
    X(x2ratchet_encrypt, CKM_X2RATCHET_ENCRYPT, 0x00004027, v3_0, none, encrypt | decrypt | wrap | unwrap,           \
      x2ratchet, no_parameter, no_unit)                                                                              \
    X(x2ratchet_decrypt, CKM_X2RATCHET_DECRYPT, 0x00004028, v3_0, none, encrypt | decrypt | wrap | unwrap,           \
      x2ratchet, no_parameter, no_unit)                                                                              \
    X(xeddsa, CKM_XEDDSA, 0x00004029, v3_0, none, sign | verify, ec_montgomery, xeddsa, bits)                        \
    X(hkdf_derive, CKM_HKDF_DERIVE, 0x0000402A, v3_0, none, derive, hkdf, hkdf, no_unit)                             \
    X(hkdf_data, CKM_HKDF_DATA, 0x0000402B, v3_0, none, derive, hkdf, hkdf, no_unit)                                 \
    X(hkdf_key_gen, CKM_HKDF_KEY_GEN, 0x0000402C, v3_0, none, generate, hkdf, no_parameter, bytes)                   \
    X(salsa20_key_gen, CKM_SALSA20_KEY_GEN, 0x0000402D, v3_0, none, generate, salsa20, no_parameter, bytes)          \
    X(ike2_prf_plus_derive, CKM_IKE2_PRF_PLUS_DERIVE, 0x0000402E, v3_1, none, derive, generic_secret, byte_string,   \
      no_unit)                                                                                                       \
    X(ike_prf_derive, CKM_IKE_PRF_DERIVE, 0x0000402F, v3_1, none, derive, generic_secret, byte_string, no_unit)      \
    X(ike1_prf_derive, CKM_IKE1_PRF_DERIVE, 0x00004030, v3_1, none, derive, generic_secret, byte_string, no_unit)    \
    X(ike1_extended_derive, CKM_IKE1_EXTENDED_DERIVE, 0x00004031, v3_1, none, derive, generic_secret, byte_string,   \
      no_unit)                                                                                                       \
    X(hss_key_pair_gen, CKM_HSS_KEY_PAIR_GEN, 0x00004032, v3_1, none, generate_key_pair, hss, no_parameter,          \
      no_unit)                                                                                                       \
    X(hss, CKM_HSS, 0x00004033, v3_1, none, sign | verify, hss, no_parameter, no_unit)                               \
    X(xmss_key_pair_gen, CKM_XMSS_KEY_PAIR_GEN, 0x00004034, v3_2, none, generate_key_pair, xmss, no_parameter,       \
      no_unit)                                                                                                       \
    X(xmssmt_key_pair_gen, CKM_XMSSMT_KEY_PAIR_GEN, 0x00004035, v3_2, none, generate_key_pair, xmssmt, no_parameter, \
      no_unit)                                                                                                       \
    X(xmss, CKM_XMSS, 0x00004036, v3_2, none, sign | verify, xmss, no_parameter, no_unit)                            \
    X(xmssmt, CKM_XMSSMT, 0x00004037, v3_2, none, sign | verify, xmssmt, no_parameter, no_unit)                      \
    X(ecdh_x_aes_key_wrap, CKM_ECDH_X_AES_KEY_WRAP, 0x00004038, v3_2, none, wrap | unwrap, ec_montgomery,            \
      ecdh_aes_key_wrap, bits)                                                                                       \
    X(ecdh_cof_aes_key_wrap, CKM_ECDH_COF_AES_KEY_WRAP, 0x00004039, v3_2, none, wrap | unwrap, ec,                   \
      ecdh_aes_key_wrap, bits)                                                                                       \
    X(pub_key_from_priv_key, CKM_PUB_KEY_FROM_PRIV_KEY, 0x0000403A, v3_2, none, derive, no_key, no_parameter,        \
      no_unit)                                                                                                       \
    X(vendor_defined, CKM_VENDOR_DEFINED, 0x80000000, v2_01, none, mechanism_flags{}, no_key, byte_string, no_unit)

#define P11_MECHANISM_ALIASES(A)                                                                                     \
    A(ecdsa_key_pair_gen, CKM_ECDSA_KEY_PAIR_GEN, ec_key_pair_gen, v2_01, v2_11)                                     \
    A(cast5_key_gen, CKM_CAST5_KEY_GEN, cast128_key_gen, v2_01, v2_40)                                               \
    A(cast5_ecb, CKM_CAST5_ECB, cast128_ecb, v2_01, v2_40)                                                           \
    A(cast5_cbc, CKM_CAST5_CBC, cast128_cbc, v2_01, v2_40)                                                           \
    A(cast5_mac, CKM_CAST5_MAC, cast128_mac, v2_01, v2_40)                                                           \
    A(cast5_mac_general, CKM_CAST5_MAC_GENERAL, cast128_mac_general, v2_01, v2_40)                                   \
    A(cast5_cbc_pad, CKM_CAST5_CBC_PAD, cast128_cbc_pad, v2_01, v2_40)                                               \
    A(pbe_md5_cast5_cbc, CKM_PBE_MD5_CAST5_CBC, pbe_md5_cast128_cbc, v2_01, v2_40)                                   \
    A(pbe_sha1_cast5_cbc, CKM_PBE_SHA1_CAST5_CBC, pbe_sha1_cast128_cbc, v2_01, v2_40)                                \
    A(sha3_256_key_derive, CKM_SHA3_256_KEY_DERIVE, sha3_256_key_derivation, v3_0, none)                             \
    A(sha3_224_key_derive, CKM_SHA3_224_KEY_DERIVE, sha3_224_key_derivation, v3_0, none)                             \
    A(sha3_384_key_derive, CKM_SHA3_384_KEY_DERIVE, sha3_384_key_derivation, v3_0, none)                             \
    A(sha3_512_key_derive, CKM_SHA3_512_KEY_DERIVE, sha3_512_key_derivation, v3_0, none)                             \
    A(shake_128_key_derive, CKM_SHAKE_128_KEY_DERIVE, shake_128_key_derivation, v3_0, none)                          \
    A(shake_256_key_derive, CKM_SHAKE_256_KEY_DERIVE, shake_256_key_derivation, v3_0, none)                          \
    A(dsa_probablistic_parameter_gen, CKM_DSA_PROBABLISTIC_PARAMETER_GEN, dsa_probabilistic_parameter_gen, v2_40,    \
      v3_1)
