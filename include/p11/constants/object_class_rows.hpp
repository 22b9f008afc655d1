// CKO_: object classes.  X(identifier, NAME, value, since, deprecated)
// CKO_OTP_KEY came with a 2.20 amendment; amendments count as the version they amend.
#pragma once

#define P11_OBJECT_CLASS_ROWS(X)                                         \
    X(data, CKO_DATA, 0x00000000, v2_01, none)                           \
    X(certificate, CKO_CERTIFICATE, 0x00000001, v2_01, none)             \
    X(public_key, CKO_PUBLIC_KEY, 0x00000002, v2_01, none)               \
    X(private_key, CKO_PRIVATE_KEY, 0x00000003, v2_01, none)             \
    X(secret_key, CKO_SECRET_KEY, 0x00000004, v2_01, none)               \
    X(hw_feature, CKO_HW_FEATURE, 0x00000005, v2_10, none)               \
    X(domain_parameters, CKO_DOMAIN_PARAMETERS, 0x00000006, v2_11, none) \
    X(mechanism, CKO_MECHANISM, 0x00000007, v2_20, none)                 \
    X(otp_key, CKO_OTP_KEY, 0x00000008, v2_20, none)                     \
    X(profile, CKO_PROFILE, 0x00000009, v3_0, none)                      \
    X(validation, CKO_VALIDATION, 0x0000000a, v3_2, none)                \
    X(trust, CKO_TRUST, 0x0000000b, v3_2, none)                          \
    X(vendor_defined, CKO_VENDOR_DEFINED, 0x80000000, v2_01, none)

#define P11_OBJECT_CLASS_ALIASES(A)
