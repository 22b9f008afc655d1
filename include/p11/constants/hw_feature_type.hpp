// p11::hw_feature_type (CKH_).
#pragma once

#include "p11/constants/hw_feature_type_rows.hpp"
#include "p11/constants/table.hpp"

namespace p11 {
P11_SIMPLE_FAMILY(hw_feature_type, "CKH_", P11_HW_FEATURE_TYPE_ROWS, P11_HW_FEATURE_TYPE_ALIASES, false);
} // namespace p11
