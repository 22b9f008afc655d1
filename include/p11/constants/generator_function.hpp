// p11::generator_function (CKG_).
#pragma once

#include "p11/constants/generator_function_rows.hpp"
#include "p11/constants/table.hpp"

namespace p11 {
P11_SIMPLE_FAMILY(generator_function, "CKG_", P11_GENERATOR_FUNCTION_ROWS, P11_GENERATOR_FUNCTION_ALIASES, false);
} // namespace p11
