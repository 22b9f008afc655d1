// The CKF_ flag sets, one bit-mask enum per set: the |, &, ~ operators,
// has() and to_string ("CKF_RW_SESSION|CKF_SERIAL_SESSION") come from table.hpp.
#pragma once

#include "p11/constants/flags_rows.hpp"
#include "p11/constants/table.hpp"

namespace p11 {
P11_SIMPLE_FAMILY(mechanism_flags, "CKF_", P11_MECHANISM_FLAGS_ROWS, P11_MECHANISM_FLAGS_ALIASES, true);
} // namespace p11
