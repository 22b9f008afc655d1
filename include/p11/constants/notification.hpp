// p11::notification (CKN_).
#pragma once

#include "p11/constants/notification_rows.hpp"
#include "p11/constants/table.hpp"

namespace p11 {
P11_SIMPLE_FAMILY(notification, "CKN_", P11_NOTIFICATION_ROWS, P11_NOTIFICATION_ALIASES, false);
} // namespace p11
