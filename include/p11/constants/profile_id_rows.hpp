// CKP_: profile ids (CKA_PROFILE_ID of CKO_PROFILE objects).
// X(identifier, NAME, value, since, deprecated)
// New in 3.0; CKP_COMPLETE_PROVIDER and CKP_HKDF_TLS_TOKEN are added by 3.1.
// The CKP_PKCS5_PBKD2_ names share the prefix but are a different type (pbkdf2_prf).
#pragma once

#define P11_PROFILE_ID_ROWS(X)                                                          \
    X(invalid_id, CKP_INVALID_ID, 0x00000000, v3_0, none)                               \
    X(baseline_provider, CKP_BASELINE_PROVIDER, 0x00000001, v3_0, none)                 \
    X(extended_provider, CKP_EXTENDED_PROVIDER, 0x00000002, v3_0, none)                 \
    X(authentication_token, CKP_AUTHENTICATION_TOKEN, 0x00000003, v3_0, none)           \
    X(public_certificates_token, CKP_PUBLIC_CERTIFICATES_TOKEN, 0x00000004, v3_0, none) \
    X(complete_provider, CKP_COMPLETE_PROVIDER, 0x00000005, v3_1, none)                 \
    X(hkdf_tls_token, CKP_HKDF_TLS_TOKEN, 0x00000006, v3_1, none)                       \
    X(vendor_defined, CKP_VENDOR_DEFINED, 0x80000000, v3_0, none)

#define P11_PROFILE_ID_ALIASES(A)
