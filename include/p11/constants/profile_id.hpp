// p11::profile_id (CKP_).
#pragma once

#include "p11/constants/profile_id_rows.hpp"
#include "p11/constants/table.hpp"

namespace p11 {
P11_SIMPLE_FAMILY(profile_id, "CKP_", P11_PROFILE_ID_ROWS, P11_PROFILE_ID_ALIASES, false);
} // namespace p11
