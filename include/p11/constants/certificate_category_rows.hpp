// CK_CERTIFICATE_CATEGORY_: values of CKA_CERTIFICATE_CATEGORY.
// X(identifier, NAME, value, since, deprecated)
// 2.20 gives these meanings to the attribute's values in its text; the names
// appear in the 2.40 header.  They are dated by the meaning (v2_20), since a 2.20
// token already stores these numbers.
#pragma once

#define P11_CERTIFICATE_CATEGORY_ROWS(X)                                           \
    X(unspecified, CK_CERTIFICATE_CATEGORY_UNSPECIFIED, 0x00000000, v2_20, none)   \
    X(token_user, CK_CERTIFICATE_CATEGORY_TOKEN_USER, 0x00000001, v2_20, none)     \
    X(authority, CK_CERTIFICATE_CATEGORY_AUTHORITY, 0x00000002, v2_20, none)       \
    X(other_entity, CK_CERTIFICATE_CATEGORY_OTHER_ENTITY, 0x00000003, v2_20, none)

#define P11_CERTIFICATE_CATEGORY_ALIASES(A)
