// CKU_: user types (C_Login).
// X(identifier, NAME, value, since, deprecated)
// CKU_CONTEXT_SPECIFIC (re-authentication for CKA_ALWAYS_AUTHENTICATE keys) is new in 2.20.
#pragma once

#define P11_USER_TYPE_ROWS(X)                                          \
    X(so, CKU_SO, 0x00000000, v2_01, none)                             \
    X(user, CKU_USER, 0x00000001, v2_01, none)                         \
    X(context_specific, CKU_CONTEXT_SPECIFIC, 0x00000002, v2_20, none)

#define P11_USER_TYPE_ALIASES(A)
