#include "crypto/openssl/cipher_ctx.hpp"

#include <algorithm>

namespace p11::crypto::ossl {

cipher_ctx keyed_context(const EVP_CIPHER* cipher, bytes_view key, bytes_view iv, direction d) {
    if (cipher == nullptr) return {};
    cipher_ctx ctx(EVP_CIPHER_CTX_new());
    if (!ctx) throw std::bad_alloc();
    if (EVP_CipherInit_ex2(ctx.get(), cipher, key.data(), iv.empty() ? nullptr : iv.data(),
                           d == direction::encrypt ? 1 : 0, nullptr) != 1)
        return {};
    // Padding means something to block modes only.  A context marked "no
    // padding" tells its cipher so again at every later EVP_CipherInit_ex2,
    // a parameter round trip that costs a tenth of a 1 KiB GCM message
    // restarted with its new IV, so GCM and ChaCha20-Poly1305 are not marked.
    if (EVP_CIPHER_get_block_size(cipher) > 1 && EVP_CIPHER_CTX_set_padding(ctx.get(), 0) != 1) return {};
    return ctx;
}

bool update(EVP_CIPHER_CTX& ctx, const byte* in, std::size_t length, byte* out, std::size_t& written) {
    constexpr std::size_t chunk = std::size_t{1} << 30;  // a multiple of the block size, below INT_MAX
    written = 0;
    while (length != 0) {
        const std::size_t n = std::min(length, chunk);
        int produced = 0;
        if (EVP_CipherUpdate(&ctx, out == nullptr ? nullptr : out + written, &produced, in, static_cast<int>(n)) != 1)
            return false;
        written += static_cast<std::size_t>(produced);
        in += n;
        length -= n;
    }
    return true;
}

} // namespace p11::crypto::ossl
