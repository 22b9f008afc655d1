// p11::otp_format (CK_OTP_FORMAT_).
#pragma once

#include "p11/constants/otp_format_rows.hpp"
#include "p11/constants/table.hpp"

namespace p11 {
P11_SIMPLE_FAMILY(otp_format, "CK_OTP_FORMAT_", P11_OTP_FORMAT_ROWS, P11_OTP_FORMAT_ALIASES, false);
} // namespace p11
