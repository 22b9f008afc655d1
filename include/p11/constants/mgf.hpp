// p11::mgf (CKG_MGF1_).
#pragma once

#include "p11/constants/mgf_rows.hpp"
#include "p11/constants/table.hpp"

namespace p11 {
P11_SIMPLE_FAMILY(mgf, "CKG_MGF1_", P11_MGF_ROWS, P11_MGF_ALIASES, false);
} // namespace p11
