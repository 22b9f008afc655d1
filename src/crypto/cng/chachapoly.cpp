// CNG has no ChaCha20-Poly1305: the token leaves the mechanism out
// (capabilities.hpp, chacha20_poly1305 = false).
#include "crypto/chacha.hpp"

namespace p11::crypto {

std::unique_ptr<cipher> make_chacha20_poly1305(bytes_view, bytes_view, bytes_view, direction) { return nullptr; }

} // namespace p11::crypto
