// The AES entry points for a key used once: prepare it, then use it.  A
// prepared key costs one allocation more than a bare key schedule, which
// only matters where a key is not kept (the store's sealing, tests).
#include "crypto/aes.hpp"

namespace p11::crypto {

std::unique_ptr<cipher> make_aes_ecb(bytes_view key, direction d) {
    auto k = load_aes_key(key);
    return k ? make_aes_ecb(k, d) : nullptr;
}

std::unique_ptr<cipher> make_aes_cbc(bytes_view key, bytes_view iv16, direction d, bool pkcs7_padding) {
    auto k = load_aes_key(key);
    return k ? make_aes_cbc(k, iv16, d, pkcs7_padding) : nullptr;
}

std::unique_ptr<cipher> make_aes_ctr(bytes_view key, bytes_view counter_block16, unsigned counter_bits, direction d) {
    auto k = load_aes_key(key);
    return k ? make_aes_ctr(k, counter_block16, counter_bits, d) : nullptr;
}

std::unique_ptr<cipher> make_aes_gcm(bytes_view key, bytes_view iv, bytes_view aad, std::size_t tag_bytes,
                                     direction d) {
    auto k = load_aes_key(key);
    return k ? make_aes_gcm(k, iv, aad, tag_bytes, d) : nullptr;
}

} // namespace p11::crypto
