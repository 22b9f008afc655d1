// CKG_MGF1_: mask generation functions of RSA OAEP and PSS (CK_RSA_PKCS_MGF_TYPE).
// X(identifier, NAME, value, since, deprecated)
// The values are not in hash order: SHA-224 (2.20 amendment 3) came after the
// other SHA-2 ones (2.20), which came after SHA-1 (2.10, with OAEP).  The SHA-3
// ones are new in 3.0.
#pragma once

#define P11_MGF_ROWS(X)                                    \
    X(sha1, CKG_MGF1_SHA1, 0x00000001, v2_10, none)        \
    X(sha256, CKG_MGF1_SHA256, 0x00000002, v2_20, none)    \
    X(sha384, CKG_MGF1_SHA384, 0x00000003, v2_20, none)    \
    X(sha512, CKG_MGF1_SHA512, 0x00000004, v2_20, none)    \
    X(sha224, CKG_MGF1_SHA224, 0x00000005, v2_20, none)    \
    X(sha3_224, CKG_MGF1_SHA3_224, 0x00000006, v3_0, none) \
    X(sha3_256, CKG_MGF1_SHA3_256, 0x00000007, v3_0, none) \
    X(sha3_384, CKG_MGF1_SHA3_384, 0x00000008, v3_0, none) \
    X(sha3_512, CKG_MGF1_SHA3_512, 0x00000009, v3_0, none)

#define P11_MGF_ALIASES(A)
