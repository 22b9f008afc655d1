// CKZ_: sources of the RSA OAEP encoding parameter (CK_RSA_PKCS_OAEP_SOURCE_TYPE).
// X(identifier, NAME, value, since, deprecated)
// New in 2.10 with CKM_RSA_PKCS_OAEP's parameters.
#pragma once

#define P11_OAEP_SOURCE_ROWS(X)                                    \
    X(data_specified, CKZ_DATA_SPECIFIED, 0x00000001, v2_10, none)

#define P11_OAEP_SOURCE_ALIASES(A)
