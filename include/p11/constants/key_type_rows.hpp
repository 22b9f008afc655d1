// CKK_: key types.  X(identifier, NAME, value, since, deprecated)
// Aliases: A(identifier, NAME, canonical_identifier, since, deprecated)
//
// `since` is when the value first existed under any name, because a profile
// filters values: CKK_EC (named in 2.11) is the 2.01 CKK_ECDSA.  An alias's
// `since` is when that spelling appeared.  Amendments count as the version
// they amend (SecurID/HOTP/ACTI, Camellia/ARIA are 2.20).
// The HMAC key types 0x27-0x2E date from the 2.30 draft header; no published
// specification ever defined them, but every later header carries them.
// `deprecated` is v2_40 for the key types whose mechanisms 2.40 moved to the
// historical-mechanisms document, and the header's stated version for the
// renamed spellings (CKK_ECDSA, CKK_CAST5: "deprecated in v2.11").
#pragma once

#define P11_KEY_TYPE_ROWS(X)                                                                                         \
    X(rsa, CKK_RSA, 0x00000000, v2_01, none)                                                                         \
    X(dsa, CKK_DSA, 0x00000001, v2_01, none)                                                                         \
    X(dh, CKK_DH, 0x00000002, v2_01, none)                                                                           \
    X(ec, CKK_EC, 0x00000003, v2_01, none)                                                                           \
    X(x9_42_dh, CKK_X9_42_DH, 0x00000004, v2_11, none)                                                               \
    X(kea, CKK_KEA, 0x00000005, v2_01, v2_40)                                                                        \
    X(generic_secret, CKK_GENERIC_SECRET, 0x00000010, v2_01, none)                                                   \
    X(rc2, CKK_RC2, 0x00000011, v2_01, v2_40)                                                                        \
    X(rc4, CKK_RC4, 0x00000012, v2_01, v2_40)                                                                        \
    X(des, CKK_DES, 0x00000013, v2_01, v2_40)                                                                        \
    X(des2, CKK_DES2, 0x00000014, v2_01, none)                                                                       \
    X(des3, CKK_DES3, 0x00000015, v2_01, none)                                                                       \
    X(cast, CKK_CAST, 0x00000016, v2_01, v2_40)                                                                      \
    X(cast3, CKK_CAST3, 0x00000017, v2_01, v2_40)                                                                    \
    X(cast128, CKK_CAST128, 0x00000018, v2_01, v2_40)                                                                \
    X(rc5, CKK_RC5, 0x00000019, v2_01, v2_40)                                                                        \
    X(idea, CKK_IDEA, 0x0000001A, v2_01, v2_40)                                                                      \
    X(skipjack, CKK_SKIPJACK, 0x0000001B, v2_01, v2_40)                                                              \
    X(baton, CKK_BATON, 0x0000001C, v2_01, v2_40)                                                                    \
    X(juniper, CKK_JUNIPER, 0x0000001D, v2_01, v2_40)                                                                \
    X(cdmf, CKK_CDMF, 0x0000001E, v2_01, v2_40)                                                                      \
    X(aes, CKK_AES, 0x0000001F, v2_11, none)                                                                         \
    X(blowfish, CKK_BLOWFISH, 0x00000020, v2_20, none)                                                               \
    X(twofish, CKK_TWOFISH, 0x00000021, v2_20, none)                                                                 \
    X(securid, CKK_SECURID, 0x00000022, v2_20, none)                                                                 \
    X(hotp, CKK_HOTP, 0x00000023, v2_20, none)                                                                       \
    X(acti, CKK_ACTI, 0x00000024, v2_20, none)                                                                       \
    X(camellia, CKK_CAMELLIA, 0x00000025, v2_20, none)                                                               \
    X(aria, CKK_ARIA, 0x00000026, v2_20, none)                                                                       \
    X(md5_hmac, CKK_MD5_HMAC, 0x00000027, v2_30, none)                                                               \
    X(sha_1_hmac, CKK_SHA_1_HMAC, 0x00000028, v2_30, none)                                                           \
    X(ripemd128_hmac, CKK_RIPEMD128_HMAC, 0x00000029, v2_30, none)                                                   \
    X(ripemd160_hmac, CKK_RIPEMD160_HMAC, 0x0000002A, v2_30, none)                                                   \
    X(sha256_hmac, CKK_SHA256_HMAC, 0x0000002B, v2_30, none)                                                         \
    X(sha384_hmac, CKK_SHA384_HMAC, 0x0000002C, v2_30, none)                                                         \
    X(sha512_hmac, CKK_SHA512_HMAC, 0x0000002D, v2_30, none)                                                         \
    X(sha224_hmac, CKK_SHA224_HMAC, 0x0000002E, v2_30, none)                                                         \
    X(seed, CKK_SEED, 0x0000002F, v2_40, none)                                                                       \
    X(gostr3410, CKK_GOSTR3410, 0x00000030, v2_40, none)                                                             \
    X(gostr3411, CKK_GOSTR3411, 0x00000031, v2_40, none)                                                             \
    X(gost28147, CKK_GOST28147, 0x00000032, v2_40, none)                                                             \
    X(chacha20, CKK_CHACHA20, 0x00000033, v3_0, none)                                                                \
    X(poly1305, CKK_POLY1305, 0x00000034, v3_0, none)                                                                \
    X(aes_xts, CKK_AES_XTS, 0x00000035, v3_0, none)                                                                  \
    X(sha3_224_hmac, CKK_SHA3_224_HMAC, 0x00000036, v3_0, none)                                                      \
    X(sha3_256_hmac, CKK_SHA3_256_HMAC, 0x00000037, v3_0, none)                                                      \
    X(sha3_384_hmac, CKK_SHA3_384_HMAC, 0x00000038, v3_0, none)                                                      \
    X(sha3_512_hmac, CKK_SHA3_512_HMAC, 0x00000039, v3_0, none)                                                      \
    X(blake2b_160_hmac, CKK_BLAKE2B_160_HMAC, 0x0000003A, v3_0, none)                                                \
    X(blake2b_256_hmac, CKK_BLAKE2B_256_HMAC, 0x0000003B, v3_0, none)                                                \
    X(blake2b_384_hmac, CKK_BLAKE2B_384_HMAC, 0x0000003C, v3_0, none)                                                \
    X(blake2b_512_hmac, CKK_BLAKE2B_512_HMAC, 0x0000003D, v3_0, none)                                                \
    X(salsa20, CKK_SALSA20, 0x0000003E, v3_0, none)                                                                  \
    X(x2ratchet, CKK_X2RATCHET, 0x0000003F, v3_0, none)                                                              \
    X(ec_edwards, CKK_EC_EDWARDS, 0x00000040, v3_0, none)                                                            \
    X(ec_montgomery, CKK_EC_MONTGOMERY, 0x00000041, v3_0, none)                                                      \
    X(hkdf, CKK_HKDF, 0x00000042, v3_0, none)                                                                        \
    X(sha512_224_hmac, CKK_SHA512_224_HMAC, 0x00000043, v3_0, none)                                                  \
    X(sha512_256_hmac, CKK_SHA512_256_HMAC, 0x00000044, v3_0, none)                                                  \
    X(sha512_t_hmac, CKK_SHA512_T_HMAC, 0x00000045, v3_0, none)                                                      \
    X(hss, CKK_HSS, 0x00000046, v3_1, none)                                                                          \
    X(xmss, CKK_XMSS, 0x00000047, v3_2, none)                                                                        \
    X(xmssmt, CKK_XMSSMT, 0x00000048, v3_2, none)                                                                    \
    X(ml_kem, CKK_ML_KEM, 0x00000049, v3_2, none)                                                                    \
    X(ml_dsa, CKK_ML_DSA, 0x0000004A, v3_2, none)                                                                    \
    X(slh_dsa, CKK_SLH_DSA, 0x0000004B, v3_2, none)                                                                  \
    X(vendor_defined, CKK_VENDOR_DEFINED, 0x80000000, v2_01, none)

#define P11_KEY_TYPE_ALIASES(A)                                                                                      \
    A(ecdsa, CKK_ECDSA, ec, v2_01, v2_11)                                                                            \
    A(cast5, CKK_CAST5, cast128, v2_01, v2_11)
