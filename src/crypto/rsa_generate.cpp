#include "crypto/internal/rsa_generate.hpp"

#include <climits>

namespace p11::crypto::internal {

std::optional<int> rsa_generation_exponent(std::size_t bits, bytes_view public_exponent) noexcept {
    if (bits < 1024 || bits > 4096 || bits % 2 != 0) return std::nullopt;
    long long e = 0;
    if (public_exponent.empty()) {
        e = 65537;
    } else {
        for (byte b : public_exponent) {
            e = (e << 8) | b;
            if (e > INT_MAX) return std::nullopt;
        }
    }
    if (e < 3 || e % 2 == 0) return std::nullopt;
    return static_cast<int>(e);
}

} // namespace p11::crypto::internal
