// p11::oaep_source (CKZ_).
#pragma once

#include "p11/constants/oaep_source_rows.hpp"
#include "p11/constants/table.hpp"

namespace p11 {
P11_SIMPLE_FAMILY(oaep_source, "CKZ_", P11_OAEP_SOURCE_ROWS, P11_OAEP_SOURCE_ALIASES, false);
} // namespace p11
