// The mechanisms the software token offers, with their key sizes and the
// operations it performs with them (a subset of what the CKM_ table allows;
// the framework masks anything else and filters by profile).
#pragma once

#include <span>
#include <vector>

#include "crypto/capabilities.hpp"
#include "p11/provider/token.hpp"

namespace p11::soft {

// What the token lists: the full list, less what the crypto backend cannot
// do on this machine (computed once).
[[nodiscard]] std::span<const provider::mechanism_entry> mechanism_list();

// The full list as `can` allows it: a mechanism the backend cannot run at
// all is left out, one it runs for fewer key sizes or operations is listed
// with those (tests give their own capabilities).
[[nodiscard]] std::vector<provider::mechanism_entry> mechanisms_for(const crypto::capabilities& can);

} // namespace p11::soft
