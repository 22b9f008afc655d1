// CKF_: the flag sets.  One list per set, each X(identifier, NAME, value, since, deprecated),
// ordered by value.  A name that appears in two sets (none today) would be a bug.
#pragma once

#define P11_MECHANISM_FLAGS_ROWS(X)                                   \
    X(hw, CKF_HW, 0x00000001, v2_01, none)                            \
    X(encrypt, CKF_ENCRYPT, 0x00000100, v2_01, none)                  \
    X(decrypt, CKF_DECRYPT, 0x00000200, v2_01, none)                  \
    X(digest, CKF_DIGEST, 0x00000400, v2_01, none)                    \
    X(sign, CKF_SIGN, 0x00000800, v2_01, none)                        \
    X(sign_recover, CKF_SIGN_RECOVER, 0x00001000, v2_01, none)        \
    X(verify, CKF_VERIFY, 0x00002000, v2_01, none)                    \
    X(verify_recover, CKF_VERIFY_RECOVER, 0x00004000, v2_01, none)    \
    X(generate, CKF_GENERATE, 0x00008000, v2_01, none)                \
    X(generate_key_pair, CKF_GENERATE_KEY_PAIR, 0x00010000, v2_01, none) \
    X(wrap, CKF_WRAP, 0x00020000, v2_01, none)                        \
    X(unwrap, CKF_UNWRAP, 0x00040000, v2_01, none)                    \
    X(derive, CKF_DERIVE, 0x00080000, v2_01, none)
#define P11_MECHANISM_FLAGS_ALIASES(A)
