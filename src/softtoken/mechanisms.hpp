// The mechanisms the software token offers, with their key sizes and the
// operations it performs with them (a subset of what the CKM_ table allows;
// the framework masks anything else and filters by profile).
#pragma once

#include <span>

#include "p11/provider/token.hpp"

namespace p11::soft {

[[nodiscard]] std::span<const provider::mechanism_entry> mechanism_list();

} // namespace p11::soft
