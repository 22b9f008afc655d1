// p11::certificate_category (CK_CERTIFICATE_CATEGORY_).
#pragma once

#include "p11/constants/certificate_category_rows.hpp"
#include "p11/constants/table.hpp"

namespace p11 {
P11_SIMPLE_FAMILY(certificate_category, "CK_CERTIFICATE_CATEGORY_", P11_CERTIFICATE_CATEGORY_ROWS, P11_CERTIFICATE_CATEGORY_ALIASES, false);
} // namespace p11
