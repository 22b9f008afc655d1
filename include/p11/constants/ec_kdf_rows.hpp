// CKD_: key derivation functions of ECDH and X9.42 DH (CK_EC_KDF_TYPE, CK_X9_42_DH_KDF_TYPE).
// X(identifier, NAME, value, since, deprecated)
// Both parameter types draw on one numbering, so they share this family.
// CKD_NULL/CKD_SHA1_KDF come with ECDH and CKD_SHA1_KDF_ASN1/_CONCATENATE with
// X9.42 DH in 2.11; the SHA-2 KDFs and CKD_CPDIVERSIFY_KDF with the 2.30 drafts
// (GOST work); the SHA-3 KDFs are in the 2.40 header; the SP 800-56 and BLAKE2b
// ones are new in 3.0.
#pragma once

#define P11_EC_KDF_ROWS(X)                                                     \
    X(null, CKD_NULL, 0x00000001, v2_11, none)                                 \
    X(sha1_kdf, CKD_SHA1_KDF, 0x00000002, v2_11, none)                         \
    X(sha1_kdf_asn1, CKD_SHA1_KDF_ASN1, 0x00000003, v2_11, none)               \
    X(sha1_kdf_concatenate, CKD_SHA1_KDF_CONCATENATE, 0x00000004, v2_11, none) \
    X(sha224_kdf, CKD_SHA224_KDF, 0x00000005, v2_30, none)                     \
    X(sha256_kdf, CKD_SHA256_KDF, 0x00000006, v2_30, none)                     \
    X(sha384_kdf, CKD_SHA384_KDF, 0x00000007, v2_30, none)                     \
    X(sha512_kdf, CKD_SHA512_KDF, 0x00000008, v2_30, none)                     \
    X(cpdiversify_kdf, CKD_CPDIVERSIFY_KDF, 0x00000009, v2_30, none)           \
    X(sha3_224_kdf, CKD_SHA3_224_KDF, 0x0000000A, v2_40, none)                 \
    X(sha3_256_kdf, CKD_SHA3_256_KDF, 0x0000000B, v2_40, none)                 \
    X(sha3_384_kdf, CKD_SHA3_384_KDF, 0x0000000C, v2_40, none)                 \
    X(sha3_512_kdf, CKD_SHA3_512_KDF, 0x0000000D, v2_40, none)                 \
    X(sha1_kdf_sp800, CKD_SHA1_KDF_SP800, 0x0000000E, v3_0, none)              \
    X(sha224_kdf_sp800, CKD_SHA224_KDF_SP800, 0x0000000F, v3_0, none)          \
    X(sha256_kdf_sp800, CKD_SHA256_KDF_SP800, 0x00000010, v3_0, none)          \
    X(sha384_kdf_sp800, CKD_SHA384_KDF_SP800, 0x00000011, v3_0, none)          \
    X(sha512_kdf_sp800, CKD_SHA512_KDF_SP800, 0x00000012, v3_0, none)          \
    X(sha3_224_kdf_sp800, CKD_SHA3_224_KDF_SP800, 0x00000013, v3_0, none)      \
    X(sha3_256_kdf_sp800, CKD_SHA3_256_KDF_SP800, 0x00000014, v3_0, none)      \
    X(sha3_384_kdf_sp800, CKD_SHA3_384_KDF_SP800, 0x00000015, v3_0, none)      \
    X(sha3_512_kdf_sp800, CKD_SHA3_512_KDF_SP800, 0x00000016, v3_0, none)      \
    X(blake2b_160_kdf, CKD_BLAKE2B_160_KDF, 0x00000017, v3_0, none)            \
    X(blake2b_256_kdf, CKD_BLAKE2B_256_KDF, 0x00000018, v3_0, none)            \
    X(blake2b_384_kdf, CKD_BLAKE2B_384_KDF, 0x00000019, v3_0, none)            \
    X(blake2b_512_kdf, CKD_BLAKE2B_512_KDF, 0x0000001A, v3_0, none)

#define P11_EC_KDF_ALIASES(A)
