// p11::ec_kdf (CKD_).
#pragma once

#include "p11/constants/ec_kdf_rows.hpp"
#include "p11/constants/table.hpp"

namespace p11 {
P11_SIMPLE_FAMILY(ec_kdf, "CKD_", P11_EC_KDF_ROWS, P11_EC_KDF_ALIASES, false);
} // namespace p11
