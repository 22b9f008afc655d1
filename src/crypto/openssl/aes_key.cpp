#include "crypto/openssl/aes_key.hpp"

#include <openssl/core_names.h>
#include <openssl/params.h>

#include "crypto/openssl/cipher_ctx.hpp"

namespace p11::crypto {

aes_key_ptr load_aes_key(bytes_view key) {
    if (key.size() != 16 && key.size() != 24 && key.size() != 32) return nullptr;
    return std::make_shared<ossl::evp_aes_key>(key);
}

namespace ossl {

evp_aes_key::evp_aes_key(bytes_view key)
    : key_(key.begin(), key.end()),
      pools_{pool_for(aes_mode::ecb, direction::encrypt), pool_for(aes_mode::ecb, direction::decrypt),
             pool_for(aes_mode::cbc, direction::encrypt), pool_for(aes_mode::cbc, direction::decrypt),
             pool_for(aes_mode::gcm, direction::encrypt), pool_for(aes_mode::gcm, direction::decrypt)} {}

internal::context_pool<keyed_cipher> evp_aes_key::pool_for(aes_mode m, direction d) {
    return internal::context_pool<keyed_cipher>([this, m, d]() -> std::unique_ptr<keyed_cipher> {
        auto ctx = keyed_context(aes(m, key_.size()), key_, {}, d);
        if (!ctx) return nullptr;
        return std::make_unique<keyed_cipher>(keyed_cipher{std::move(ctx), 12});
    });
}

evp_aes_key::lease evp_aes_key::context(aes_mode m, direction d, bytes_view iv) const {
    auto lease = pools_[index(m, d)].acquire();
    if (!lease) return lease;
    EVP_CIPHER_CTX* ctx = lease->ctx.get();
    // Initialising with no cipher and no key keeps both and the key schedule,
    // and drops whatever the previous operation left (buffered bytes, a GCM
    // state that never reached its tag).  GCM takes its IV length first.
    bool ok = true;
    if (m == aes_mode::gcm && lease->gcm_iv_length != iv.size()) {
        std::size_t iv_length = iv.size();
        const OSSL_PARAM params[] = {
            OSSL_PARAM_construct_size_t(OSSL_CIPHER_PARAM_AEAD_IVLEN, &iv_length),
            OSSL_PARAM_construct_end(),
        };
        ok = EVP_CIPHER_CTX_set_params(ctx, params) == 1;
        lease->gcm_iv_length = ok ? iv_length : 0;
    }
    ok = ok && EVP_CipherInit_ex2(ctx, nullptr, nullptr, iv.empty() ? nullptr : iv.data(),
                                  d == direction::encrypt ? 1 : 0, nullptr) == 1;
    if (ok && m != aes_mode::gcm) ok = EVP_CIPHER_CTX_set_padding(ctx, 0) == 1;
    if (!ok) lease.discard();  // in a state we know nothing about
    return lease;
}

std::optional<leased_context> lease_context(const aes_key_ptr& key, aes_mode m, direction d, bytes_view iv) {
    auto lease = static_cast<const evp_aes_key&>(*key).context(m, d, iv);
    if (!lease) return std::nullopt;
    return leased_context(key, std::move(lease));
}

} // namespace ossl

} // namespace p11::crypto
