// TDEA on CNG: not provided.  bcrypt.dll has BCRYPT_3DES_ALGORITHM, but the
// backend is tested under wine, where it was not tried; the token leaves the
// DES mechanisms out by capabilities.hpp (des3 = false) rather than list
// something untested.  The shared modes and CMAC (des3.cpp) would run on a
// block function here.
#include "crypto/internal/des3_block.hpp"

namespace p11::crypto {

des3_key_ptr load_des3_key(bytes_view) { return nullptr; }

namespace internal {

std::unique_ptr<des3_block> make_des3_block(const des3_key_ptr&, direction) { return nullptr; }

} // namespace internal

} // namespace p11::crypto
