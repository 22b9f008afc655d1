// Constant-time removal of PKCS #7 and EME-PKCS1-v1_5 padding.
#include "crypto/internal/padding.hpp"

#include <cstring>

#include "crypto/internal/ct.hpp"
#include "crypto/rsa_padding.hpp"

namespace p11::crypto::internal {

status pkcs7_unpad(std::span<const byte> last_block, byte* out, std::size_t& written) noexcept {
    const std::size_t block = last_block.size();  // public: the cipher's block size
    const unsigned pad = last_block[block - 1];
    unsigned bad = static_cast<unsigned>(pad == 0) | static_cast<unsigned>(pad > block);
    for (std::size_t i = 0; i < block; ++i) {
        const unsigned in_pad = static_cast<unsigned>(block - i <= pad);  // i >= block - pad
        bad |= in_pad & static_cast<unsigned>(last_block[i] != pad);
    }
    written = 0;
    // One branch, on the combined result only.
    if (bad) return status::decrypt_failed;
    written = block - pad;
    if (written != 0) std::memcpy(out, last_block.data(), written);
    return status::ok;
}

} // namespace p11::crypto::internal

namespace p11::crypto {

status eme_pkcs1_v15_decode(std::span<const byte> em, secure_bytes& message) {
    using namespace internal;
    const std::size_t k = em.size();
    if (k < 11) return status::decrypt_failed;  // public: the modulus size
    std::uint32_t good = equal(em[0], 0x00) & equal(em[1], 0x02);
    // The first zero byte after PS ends it; its position is secret.
    std::uint32_t found = 0, zero_at = 0;
    for (std::size_t i = 2; i < k; ++i) {
        const std::uint32_t z = is_zero(em[i]) & (found ^ 1u);
        zero_at |= mask_of(z) & static_cast<std::uint32_t>(i);
        found |= z;
    }
    good &= found;
    good &= less(9, zero_at);  // PS is at least eight bytes: zero_at >= 10
    // The message is moved out whatever the verdict (from 0 on a failure),
    // so a failure and a success differ only in the one branch below.
    const std::uint32_t from = (zero_at + 1) & mask_of(good);
    secure_bytes tail = tail_from_secret_offset(em, from);
    if (!good) return status::decrypt_failed;
    message = std::move(tail);
    return status::ok;
}

} // namespace p11::crypto
