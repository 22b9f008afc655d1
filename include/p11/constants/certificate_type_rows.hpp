// CKC_: certificate types (CKA_CERTIFICATE_TYPE).
// X(identifier, NAME, value, since, deprecated)
// CKC_X_509_ATTR_CERT is new in 2.10 and CKC_WTLS in 2.20 (RSA headers).
// CKC_OPENPGP is p11-kit's vendor value (CKC_VENDOR_DEFINED | "PGP" in ASCII);
// no OASIS text defines it.
#pragma once

#define P11_CERTIFICATE_TYPE_ROWS(X)                                 \
    X(x_509, CKC_X_509, 0x00000000, v2_01, none)                     \
    X(x_509_attr_cert, CKC_X_509_ATTR_CERT, 0x00000001, v2_10, none) \
    X(wtls, CKC_WTLS, 0x00000002, v2_20, none)                       \
    X(vendor_defined, CKC_VENDOR_DEFINED, 0x80000000, v2_01, none)   \
    X(openpgp, CKC_OPENPGP, 0x80504750, vendor, none)

#define P11_CERTIFICATE_TYPE_ALIASES(A)
