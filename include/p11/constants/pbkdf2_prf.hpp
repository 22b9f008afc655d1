// p11::pbkdf2_prf (CKP_PKCS5_PBKD2_).
#pragma once

#include "p11/constants/pbkdf2_prf_rows.hpp"
#include "p11/constants/table.hpp"

namespace p11 {
P11_SIMPLE_FAMILY(pbkdf2_prf, "CKP_PKCS5_PBKD2_", P11_PBKDF2_PRF_ROWS, P11_PBKDF2_PRF_ALIASES, false);
} // namespace p11
