// CKN_: notifications passed to a CK_NOTIFY callback.
// X(identifier, NAME, value, since, deprecated)
// CKN_OTP_CHANGED comes with the 2.20 OTP amendments.
#pragma once

#define P11_NOTIFICATION_ROWS(X)                             \
    X(surrender, CKN_SURRENDER, 0x00000000, v2_01, none)     \
    X(otp_changed, CKN_OTP_CHANGED, 0x00000001, v2_20, none)

#define P11_NOTIFICATION_ALIASES(A)
