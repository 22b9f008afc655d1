// p11::security_domain (CK_SECURITY_DOMAIN_).
#pragma once

#include "p11/constants/security_domain_rows.hpp"
#include "p11/constants/table.hpp"

namespace p11 {
P11_SIMPLE_FAMILY(security_domain, "CK_SECURITY_DOMAIN_", P11_SECURITY_DOMAIN_ROWS, P11_SECURITY_DOMAIN_ALIASES, false);
} // namespace p11
