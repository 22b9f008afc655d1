// p11::key_type (CKK_).
#pragma once

#include "p11/constants/key_type_rows.hpp"
#include "p11/constants/table.hpp"

namespace p11 {
P11_SIMPLE_FAMILY(key_type, "CKK_", P11_KEY_TYPE_ROWS, P11_KEY_TYPE_ALIASES, false);
} // namespace p11
