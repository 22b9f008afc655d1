// p11::dkm_length_method (CK_SP800_108_DKM_LENGTH_).
#pragma once

#include "p11/constants/dkm_length_method_rows.hpp"
#include "p11/constants/table.hpp"

namespace p11 {
P11_SIMPLE_FAMILY(dkm_length_method, "CK_SP800_108_DKM_LENGTH_", P11_DKM_LENGTH_METHOD_ROWS, P11_DKM_LENGTH_METHOD_ALIASES, false);
} // namespace p11
