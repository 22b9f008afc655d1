// p11::pbkdf2_salt_source (CKZ_).
#pragma once

#include "p11/constants/pbkdf2_salt_source_rows.hpp"
#include "p11/constants/table.hpp"

namespace p11 {
P11_SIMPLE_FAMILY(pbkdf2_salt_source, "CKZ_", P11_PBKDF2_SALT_SOURCE_ROWS, P11_PBKDF2_SALT_SOURCE_ALIASES, false);
} // namespace p11
