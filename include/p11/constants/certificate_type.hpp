// p11::certificate_type (CKC_).
#pragma once

#include "p11/constants/certificate_type_rows.hpp"
#include "p11/constants/table.hpp"

namespace p11 {
P11_SIMPLE_FAMILY(certificate_type, "CKC_", P11_CERTIFICATE_TYPE_ROWS, P11_CERTIFICATE_TYPE_ALIASES, false);
} // namespace p11
