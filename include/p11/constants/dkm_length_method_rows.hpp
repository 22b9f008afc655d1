// CK_SP800_108_DKM_LENGTH_: how an SP 800-108 KDF counts the derived length (CK_SP800_108_DKM_LENGTH_METHOD).
// X(identifier, NAME, value, since, deprecated)
// New in 3.0 (the 3.0 spec text defines them; some 3.0 header drafts omit them).
#pragma once

#define P11_DKM_LENGTH_METHOD_ROWS(X)                                                   \
    X(sum_of_keys, CK_SP800_108_DKM_LENGTH_SUM_OF_KEYS, 0x00000001, v3_0, none)         \
    X(sum_of_segments, CK_SP800_108_DKM_LENGTH_SUM_OF_SEGMENTS, 0x00000002, v3_0, none)

#define P11_DKM_LENGTH_METHOD_ALIASES(A)
