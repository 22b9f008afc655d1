// CKH_: hardware feature types (CKA_HW_FEATURE_TYPE).
// X(identifier, NAME, value, since, deprecated)
// CK_HW_FEATURE_TYPE is new in 2.10; CKH_USER_INTERFACE in 2.20.
#pragma once

#define P11_HW_FEATURE_TYPE_ROWS(X)                                      \
    X(monotonic_counter, CKH_MONOTONIC_COUNTER, 0x00000001, v2_10, none) \
    X(clock, CKH_CLOCK, 0x00000002, v2_10, none)                         \
    X(user_interface, CKH_USER_INTERFACE, 0x00000003, v2_20, none)       \
    X(vendor_defined, CKH_VENDOR_DEFINED, 0x80000000, v2_10, none)

#define P11_HW_FEATURE_TYPE_ALIASES(A)
