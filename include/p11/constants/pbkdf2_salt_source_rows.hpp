// CKZ_: sources of the PBKDF2 salt (CK_PKCS5_PBKDF2_SALT_SOURCE_TYPE).
// X(identifier, NAME, value, since, deprecated)
// Same CKZ_ prefix and value as oaep_source, different type; new in 2.10.
#pragma once

#define P11_PBKDF2_SALT_SOURCE_ROWS(X)                             \
    X(salt_specified, CKZ_SALT_SPECIFIED, 0x00000001, v2_10, none)

#define P11_PBKDF2_SALT_SOURCE_ALIASES(A)
