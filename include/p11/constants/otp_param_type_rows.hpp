// CK_OTP_: OTP parameter types (CK_OTP_PARAM.type), 2.20 OTP amendment.
// X(identifier, NAME, value, since, deprecated)
// Aliases: A(identifier, NAME, canonical_identifier, since, deprecated)
// CK_OTP_OUTPUT_FORMAT is the OASIS name; p11-kit spells it CK_OTP_FORMAT,
// kept as a vendor alias so code written against p11-kit's header resolves.
#pragma once

#define P11_OTP_PARAM_TYPE_ROWS(X)                                  \
    X(value, CK_OTP_VALUE, 0x00000000, v2_20, none)                 \
    X(pin, CK_OTP_PIN, 0x00000001, v2_20, none)                     \
    X(challenge, CK_OTP_CHALLENGE, 0x00000002, v2_20, none)         \
    X(time, CK_OTP_TIME, 0x00000003, v2_20, none)                   \
    X(counter, CK_OTP_COUNTER, 0x00000004, v2_20, none)             \
    X(flags, CK_OTP_FLAGS, 0x00000005, v2_20, none)                 \
    X(output_length, CK_OTP_OUTPUT_LENGTH, 0x00000006, v2_20, none) \
    X(output_format, CK_OTP_OUTPUT_FORMAT, 0x00000007, v2_20, none)

#define P11_OTP_PARAM_TYPE_ALIASES(A)                     \
    A(format, CK_OTP_FORMAT, output_format, vendor, none)
