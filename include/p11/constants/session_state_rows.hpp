// CKS_: session states (CK_SESSION_INFO.state).
// X(identifier, NAME, value, since, deprecated)
#pragma once

#define P11_SESSION_STATE_ROWS(X)                                        \
    X(ro_public_session, CKS_RO_PUBLIC_SESSION, 0x00000000, v2_01, none) \
    X(ro_user_functions, CKS_RO_USER_FUNCTIONS, 0x00000001, v2_01, none) \
    X(rw_public_session, CKS_RW_PUBLIC_SESSION, 0x00000002, v2_01, none) \
    X(rw_user_functions, CKS_RW_USER_FUNCTIONS, 0x00000003, v2_01, none) \
    X(rw_so_functions, CKS_RW_SO_FUNCTIONS, 0x00000004, v2_01, none)

#define P11_SESSION_STATE_ALIASES(A)
