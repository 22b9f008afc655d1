// p11::prf_data_type (CK_SP800_108_).
#pragma once

#include "p11/constants/prf_data_type_rows.hpp"
#include "p11/constants/table.hpp"

namespace p11 {
P11_SIMPLE_FAMILY(prf_data_type, "CK_SP800_108_", P11_PRF_DATA_TYPE_ROWS, P11_PRF_DATA_TYPE_ALIASES, false);
} // namespace p11
