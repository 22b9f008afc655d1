// p11::otp_requirement (CK_OTP_PARAM_).
#pragma once

#include "p11/constants/otp_requirement_rows.hpp"
#include "p11/constants/table.hpp"

namespace p11 {
P11_SIMPLE_FAMILY(otp_requirement, "CK_OTP_PARAM_", P11_OTP_REQUIREMENT_ROWS, P11_OTP_REQUIREMENT_ALIASES, false);
} // namespace p11
