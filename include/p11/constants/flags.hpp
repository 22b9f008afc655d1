// The CKF_ flag sets, one bit-mask enum per set: the |, &, ~ operators,
// has() and to_string ("CKF_RW_SESSION|CKF_SERIAL_SESSION") come from table.hpp.
#pragma once

#include "p11/constants/flags_rows.hpp"
#include "p11/constants/table.hpp"

namespace p11 {
P11_SIMPLE_FAMILY(token_flags, "CKF_", P11_TOKEN_FLAGS_ROWS, P11_TOKEN_FLAGS_ALIASES, true);
P11_SIMPLE_FAMILY(slot_flags, "CKF_", P11_SLOT_FLAGS_ROWS, P11_SLOT_FLAGS_ALIASES, true);
P11_SIMPLE_FAMILY(session_flags, "CKF_", P11_SESSION_FLAGS_ROWS, P11_SESSION_FLAGS_ALIASES, true);
P11_SIMPLE_FAMILY(mechanism_flags, "CKF_", P11_MECHANISM_FLAGS_ROWS, P11_MECHANISM_FLAGS_ALIASES, true);
P11_SIMPLE_FAMILY(init_flags, "CKF_", P11_INIT_FLAGS_ROWS, P11_INIT_FLAGS_ALIASES, true);
P11_SIMPLE_FAMILY(interface_flags, "CKF_", P11_INTERFACE_FLAGS_ROWS, P11_INTERFACE_FLAGS_ALIASES, true);
P11_SIMPLE_FAMILY(wait_flags, "CKF_", P11_WAIT_FLAGS_ROWS, P11_WAIT_FLAGS_ALIASES, true);
P11_SIMPLE_FAMILY(otp_flags, "CKF_", P11_OTP_FLAGS_ROWS, P11_OTP_FLAGS_ALIASES, true);
P11_SIMPLE_FAMILY(attribute_flags, "CKF_", P11_ATTRIBUTE_FLAGS_ROWS, P11_ATTRIBUTE_FLAGS_ALIASES, true);
P11_SIMPLE_FAMILY(message_flags, "CKF_", P11_MESSAGE_FLAGS_ROWS, P11_MESSAGE_FLAGS_ALIASES, true);
P11_SIMPLE_FAMILY(hkdf_salt_flags, "CKF_", P11_HKDF_SALT_FLAGS_ROWS, P11_HKDF_SALT_FLAGS_ALIASES, true);
} // namespace p11
