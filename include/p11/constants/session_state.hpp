// p11::session_state (CKS_).
#pragma once

#include "p11/constants/session_state_rows.hpp"
#include "p11/constants/table.hpp"

namespace p11 {
P11_SIMPLE_FAMILY(session_state, "CKS_", P11_SESSION_STATE_ROWS, P11_SESSION_STATE_ALIASES, false);
} // namespace p11
