#include "crypto/internal/ct.hpp"

namespace p11::crypto::internal {

secure_bytes tail_from_secret_offset(bytes_view block, std::uint32_t from) {
    const std::size_t k = block.size();
    secure_bytes buf(block.begin(), block.end());
    // After the passes, buf[i] = block[i + from] for i < k - from.
    for (std::size_t step = 1; step < k; step <<= 1) {
        const std::uint32_t take = mask_of(static_cast<std::uint32_t>((from & step) / step));
        for (std::size_t i = 0; i < k; ++i) {
            const std::uint8_t moved = i + step < k ? buf[i + step] : 0;
            buf[i] = static_cast<std::uint8_t>((moved & take) | (buf[i] & ~take));
        }
    }
    buf.resize(k - from);
    return buf;
}

} // namespace p11::crypto::internal
