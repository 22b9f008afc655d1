// Constant-time removal of PKCS #7 and EME-PKCS1-v1_5 padding.
#include "crypto/internal/padding.hpp"

#include <cstring>

#include "crypto/internal/ct.hpp"

namespace p11::crypto::internal {

status pkcs7_unpad(std::span<const byte, aes_block_size> last_block, byte* out, std::size_t& written) noexcept {
    const unsigned pad = last_block[aes_block_size - 1];
    unsigned bad = static_cast<unsigned>(pad == 0) | static_cast<unsigned>(pad > aes_block_size);
    for (std::size_t i = 0; i < aes_block_size; ++i) {
        const unsigned in_pad = static_cast<unsigned>(aes_block_size - i <= pad);  // i >= block - pad
        bad |= in_pad & static_cast<unsigned>(last_block[i] != pad);
    }
    written = 0;
    // One branch, on the combined result only.
    if (bad) return status::decrypt_failed;
    written = aes_block_size - pad;
    if (written != 0) std::memcpy(out, last_block.data(), written);
    return status::ok;
}

status eme_pkcs1_v15_decode(std::span<const byte> em, secure_bytes& message) {
    const std::size_t k = em.size();
    if (k < 11) return status::decrypt_failed;
    unsigned good = mask_equal(em[0], 0) & mask_equal(em[1], 2);
    // The first zero byte after PS ends it; its position is secret.
    unsigned looking = ~0u;  // still in PS
    std::size_t separator = 0;
    for (std::size_t i = 2; i < k; ++i) {
        const unsigned is_zero = mask_equal(em[i], 0);
        separator |= static_cast<std::size_t>(looking & is_zero) & i;
        looking &= ~is_zero;
    }
    good &= ~looking;  // no separator at all
    // PS is at least eight bytes: the separator is at index 10 or later.
    // (separator - 10) wraps to a huge value, top bit set, when it is smaller.
    constexpr unsigned top = sizeof(std::size_t) * 8 - 1;
    good &= static_cast<unsigned>((separator - 10) >> top) - 1u;
    if (good == 0) return status::decrypt_failed;
    message.assign(em.begin() + static_cast<std::ptrdiff_t>(separator + 1), em.end());
    return status::ok;
}

} // namespace p11::crypto::internal
