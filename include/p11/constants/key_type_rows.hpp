// CKK_: key types.  X(identifier, NAME, value, since, deprecated)
// Aliases: A(identifier, NAME, canonical_identifier, since, deprecated)
#pragma once

#define P11_KEY_TYPE_ROWS(X)                                        \
    X(rsa, CKK_RSA, 0x00000000, v2_01, none)                        \
    X(ec, CKK_EC, 0x00000003, v2_11, none)                          \
    X(generic_secret, CKK_GENERIC_SECRET, 0x00000010, v2_01, none)  \
    X(aes, CKK_AES, 0x0000001F, v2_11, none)                        \
    X(vendor_defined, CKK_VENDOR_DEFINED, 0x80000000, v2_01, none)

#define P11_KEY_TYPE_ALIASES(A) A(ecdsa, CKK_ECDSA, ec, v2_01, v2_11)
