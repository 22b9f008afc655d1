// CK_SECURITY_DOMAIN_: values of CKA_JAVA_MIDP_SECURITY_DOMAIN.
// X(identifier, NAME, value, since, deprecated)
// Dated like certificate_category: 2.20 defines the values, 2.40 the names.
#pragma once

#define P11_SECURITY_DOMAIN_ROWS(X)                                           \
    X(unspecified, CK_SECURITY_DOMAIN_UNSPECIFIED, 0x00000000, v2_20, none)   \
    X(manufacturer, CK_SECURITY_DOMAIN_MANUFACTURER, 0x00000001, v2_20, none) \
    X(operator_, CK_SECURITY_DOMAIN_OPERATOR, 0x00000002, v2_20, none)        \
    X(third_party, CK_SECURITY_DOMAIN_THIRD_PARTY, 0x00000003, v2_20, none)

#define P11_SECURITY_DOMAIN_ALIASES(A)
