// CKG_: IV and nonce generators of the message-based AEAD functions (CK_GENERATOR_FUNCTION).
// X(identifier, NAME, value, since, deprecated)
// CKG_GENERATE_COUNTER_XOR (TLS 1.3 style nonces) is not in the 3.0 header and
// first appears in 3.1's.  The CKG_MGF1_ names share the CKG_ prefix but are a
// different type (mgf).
#pragma once

#define P11_GENERATOR_FUNCTION_ROWS(X)                                        \
    X(no_generate, CKG_NO_GENERATE, 0x00000000, v3_0, none)                   \
    X(generate, CKG_GENERATE, 0x00000001, v3_0, none)                         \
    X(generate_counter, CKG_GENERATE_COUNTER, 0x00000002, v3_0, none)         \
    X(generate_random, CKG_GENERATE_RANDOM, 0x00000003, v3_0, none)           \
    X(generate_counter_xor, CKG_GENERATE_COUNTER_XOR, 0x00000004, v3_1, none)

#define P11_GENERATOR_FUNCTION_ALIASES(A)
