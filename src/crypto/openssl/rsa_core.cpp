#include "crypto/openssl/rsa_core.hpp"

#include <cstring>

#include <openssl/core_names.h>

namespace p11::crypto::ossl {

rsa_core::rsa_core(pkey key, bytes n, bytes e)
    : prepared_key(std::move(key)),
      n_(std::move(n)),
      e_(std::move(e)),
      bits_(static_cast<std::size_t>(EVP_PKEY_get_bits(&this->key()))) {}

bool rsa_core::pad_below_modulus(bytes_view block, std::span<byte> out) const {
    const std::size_t k = size();
    if (block.size() > k || out.size() != k) return false;
    std::memset(out.data(), 0, k - block.size());
    if (!block.empty()) std::memcpy(out.data() + (k - block.size()), block.data(), block.size());
    return std::memcmp(out.data(), n_.data(), k) < 0;  // both k bytes, big-endian
}

std::shared_ptr<rsa_core> public_core(bytes_view n, bytes_view e) {
    const param_bld bld(OSSL_PARAM_BLD_new());
    if (!bld) return nullptr;
    const bignum bn_n = to_bn(n), bn_e = to_bn(e);
    if (OSSL_PARAM_BLD_push_BN(bld.get(), OSSL_PKEY_PARAM_RSA_N, bn_n.get()) != 1 ||
        OSSL_PARAM_BLD_push_BN(bld.get(), OSSL_PKEY_PARAM_RSA_E, bn_e.get()) != 1)
        return nullptr;
    auto key = key_from(rsa_key_type, EVP_PKEY_PUBLIC_KEY, *bld);
    if (!key) return nullptr;
    return std::make_shared<rsa_core>(std::move(key), bytes(n.begin(), n.end()), bytes(e.begin(), e.end()));
}

} // namespace p11::crypto::ossl
