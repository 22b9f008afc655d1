// SHA-224 (FIPS 180-4 §6.3), which CNG does not have: SHA-256's compression
// function from SHA-224's initial value, truncated to 28 bytes.
#pragma once

#include <memory>

#include "crypto/hash.hpp"

namespace p11::crypto::cng {

[[nodiscard]] std::unique_ptr<hash> make_sha224();

} // namespace p11::crypto::cng
