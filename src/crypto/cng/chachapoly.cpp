// CNG has no ChaCha20-Poly1305: the token leaves the mechanism out
// (capabilities.hpp, chacha20_poly1305 = false).
#include "crypto/chacha.hpp"

namespace p11::crypto {

chacha20_key_ptr load_chacha20_key(bytes_view) { return nullptr; }

std::unique_ptr<cipher> make_chacha20_poly1305(const chacha20_key_ptr&, bytes_view, bytes_view, direction) {
    return nullptr;
}

} // namespace p11::crypto
