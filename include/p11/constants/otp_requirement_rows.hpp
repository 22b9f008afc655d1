// CK_OTP_PARAM_: values of the CKA_OTP_*_REQUIREMENT attributes, 2.20 OTP amendment.
// X(identifier, NAME, value, since, deprecated)
#pragma once

#define P11_OTP_REQUIREMENT_ROWS(X)                               \
    X(ignored, CK_OTP_PARAM_IGNORED, 0x00000000, v2_20, none)     \
    X(optional, CK_OTP_PARAM_OPTIONAL, 0x00000001, v2_20, none)   \
    X(mandatory, CK_OTP_PARAM_MANDATORY, 0x00000002, v2_20, none)

#define P11_OTP_REQUIREMENT_ALIASES(A)
