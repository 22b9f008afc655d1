// CK_SP800_108_: data parameter types of the SP 800-108 KDFs (CK_PRF_DATA_TYPE).
// X(identifier, NAME, value, since, deprecated)
// Aliases: A(identifier, NAME, canonical_identifier, since, deprecated)
// New in 3.0.  Value 2 was CK_SP800_108_OPTIONAL_COUNTER; 3.1 added the name
// CK_SP800_108_COUNTER and 3.2 made it the preferred one, deprecating the old.
// The row is dated by the value (v3_0), as CKF_EC_OID is in flags_rows.hpp.
// CK_SP800_108_KEY_HANDLE is new in 3.2.
#pragma once

#define P11_PRF_DATA_TYPE_ROWS(X)                                                  \
    X(iteration_variable, CK_SP800_108_ITERATION_VARIABLE, 0x00000001, v3_0, none) \
    X(counter, CK_SP800_108_COUNTER, 0x00000002, v3_0, none)                       \
    X(dkm_length, CK_SP800_108_DKM_LENGTH, 0x00000003, v3_0, none)                 \
    X(byte_array, CK_SP800_108_BYTE_ARRAY, 0x00000004, v3_0, none)                 \
    X(key_handle, CK_SP800_108_KEY_HANDLE, 0x00000005, v3_2, none)

#define P11_PRF_DATA_TYPE_ALIASES(A)                                        \
    A(optional_counter, CK_SP800_108_OPTIONAL_COUNTER, counter, v3_0, v3_2)
