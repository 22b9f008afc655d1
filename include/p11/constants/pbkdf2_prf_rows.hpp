// CKP_PKCS5_PBKD2_: pseudo-random functions of PBKDF2 (CK_PKCS5_PBKD2_PSEUDO_RANDOM_FUNCTION_TYPE).
// X(identifier, NAME, value, since, deprecated)
// HMAC-SHA1 is new in 2.10; the others are first seen in the 2.40 header (they
// may date from the 2.30 drafts, which no header at hand shows).
#pragma once

#define P11_PBKDF2_PRF_ROWS(X)                                                   \
    X(hmac_sha1, CKP_PKCS5_PBKD2_HMAC_SHA1, 0x00000001, v2_10, none)             \
    X(hmac_gostr3411, CKP_PKCS5_PBKD2_HMAC_GOSTR3411, 0x00000002, v2_40, none)   \
    X(hmac_sha224, CKP_PKCS5_PBKD2_HMAC_SHA224, 0x00000003, v2_40, none)         \
    X(hmac_sha256, CKP_PKCS5_PBKD2_HMAC_SHA256, 0x00000004, v2_40, none)         \
    X(hmac_sha384, CKP_PKCS5_PBKD2_HMAC_SHA384, 0x00000005, v2_40, none)         \
    X(hmac_sha512, CKP_PKCS5_PBKD2_HMAC_SHA512, 0x00000006, v2_40, none)         \
    X(hmac_sha512_224, CKP_PKCS5_PBKD2_HMAC_SHA512_224, 0x00000007, v2_40, none) \
    X(hmac_sha512_256, CKP_PKCS5_PBKD2_HMAC_SHA512_256, 0x00000008, v2_40, none)

#define P11_PBKDF2_PRF_ALIASES(A)
