// CK_OTP_FORMAT_: values of CKA_OTP_FORMAT, 2.20 OTP amendment.
// X(identifier, NAME, value, since, deprecated)
#pragma once

#define P11_OTP_FORMAT_ROWS(X)                                           \
    X(decimal, CK_OTP_FORMAT_DECIMAL, 0x00000000, v2_20, none)           \
    X(hexadecimal, CK_OTP_FORMAT_HEXADECIMAL, 0x00000001, v2_20, none)   \
    X(alphanumeric, CK_OTP_FORMAT_ALPHANUMERIC, 0x00000002, v2_20, none) \
    X(binary, CK_OTP_FORMAT_BINARY, 0x00000003, v2_20, none)

#define P11_OTP_FORMAT_ALIASES(A)
