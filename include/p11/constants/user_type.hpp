// p11::user_type (CKU_).
#pragma once

#include "p11/constants/user_type_rows.hpp"
#include "p11/constants/table.hpp"

namespace p11 {
P11_SIMPLE_FAMILY(user_type, "CKU_", P11_USER_TYPE_ROWS, P11_USER_TYPE_ALIASES, false);
} // namespace p11
