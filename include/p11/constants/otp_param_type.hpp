// p11::otp_param_type (CK_OTP_).
#pragma once

#include "p11/constants/otp_param_type_rows.hpp"
#include "p11/constants/table.hpp"

namespace p11 {
P11_SIMPLE_FAMILY(otp_param_type, "CK_OTP_", P11_OTP_PARAM_TYPE_ROWS, P11_OTP_PARAM_TYPE_ALIASES, false);
} // namespace p11
