// PC/SC return codes as the card layer's categories (p11/card/error.hpp).
#pragma once

#include <winscard.h>

#include "p11/card/error.hpp"

namespace p11::pcsc {

[[nodiscard]] card::error error_of(LONG code);

} // namespace p11::pcsc
