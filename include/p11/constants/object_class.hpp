// p11::object_class (CKO_).
#pragma once

#include "p11/constants/object_class_rows.hpp"
#include "p11/constants/table.hpp"

namespace p11 {
P11_SIMPLE_FAMILY(object_class, "CKO_", P11_OBJECT_CLASS_ROWS, P11_OBJECT_CLASS_ALIASES, false);
} // namespace p11
