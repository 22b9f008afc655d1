#include "crypto/mbedtls/aes_key.hpp"

namespace p11::crypto {

aes_key_ptr load_aes_key(bytes_view key) {
    if (key.size() != 16 && key.size() != 24 && key.size() != 32) return nullptr;
    return std::make_shared<mbed::mbed_aes_key>(key);
}

namespace mbed {

namespace {

unsigned bits(const secure_bytes& key) { return static_cast<unsigned>(key.size() * 8); }

} // namespace

mbed_aes_key::mbed_aes_key(bytes_view key)
    : key_(key.begin(), key.end()),
      encrypt_([this]() -> std::unique_ptr<aes_context> {
          auto c = std::make_unique<aes_context>();
          if (mbedtls_aes_setkey_enc(c->get(), key_.data(), bits(key_)) != 0) return nullptr;
          return c;
      }),
      decrypt_([this]() -> std::unique_ptr<aes_context> {
          auto c = std::make_unique<aes_context>();
          if (mbedtls_aes_setkey_dec(c->get(), key_.data(), bits(key_)) != 0) return nullptr;
          return c;
      }),
      gcm_([this]() -> std::unique_ptr<gcm_context> {
          auto c = std::make_unique<gcm_context>();
          if (mbedtls_gcm_setkey(c->get(), MBEDTLS_CIPHER_ID_AES, key_.data(), bits(key_)) != 0) return nullptr;
          return c;
      }) {}

internal::context_pool<aes_context>::lease mbed_aes_key::schedule(direction d) const {
    return (d == direction::encrypt ? encrypt_ : decrypt_).acquire();
}

internal::context_pool<gcm_context>::lease mbed_aes_key::gcm() const { return gcm_.acquire(); }

} // namespace mbed

} // namespace p11::crypto
