#include "crypto/openssl/prepared_key.hpp"

#include <openssl/rsa.h>

namespace p11::crypto::ossl {

namespace {

int init(EVP_PKEY_CTX* c, pkey_op op) {
    switch (op) {
    case pkey_op::sign: return EVP_PKEY_sign_init(c);
    case pkey_op::verify: return EVP_PKEY_verify_init(c);
    case pkey_op::verify_recover: return EVP_PKEY_verify_recover_init(c);
    case pkey_op::encrypt: return EVP_PKEY_encrypt_init(c);
    case pkey_op::decrypt: return EVP_PKEY_decrypt_init(c);
    case pkey_op::derive: return EVP_PKEY_derive_init(c);
    }
    return 0;
}

bool configure(EVP_PKEY_CTX* c, pkey_op op, const op_settings& s) {
    // Initialising again drops whatever the context was set up with.
    if (init(c, op) != 1) return false;
    if (s.padding == 0) return true;
    if (EVP_PKEY_CTX_set_rsa_padding(c, s.padding) != 1) return false;
    const bool encryption = op == pkey_op::encrypt || op == pkey_op::decrypt;
    if (s.md != nullptr &&
        (encryption ? EVP_PKEY_CTX_set_rsa_oaep_md(c, s.md) : EVP_PKEY_CTX_set_signature_md(c, s.md)) != 1)
        return false;
    if (s.mgf1 != nullptr && EVP_PKEY_CTX_set_rsa_mgf1_md(c, s.mgf1) != 1) return false;
    if (s.padding == RSA_PKCS1_PSS_PADDING && EVP_PKEY_CTX_set_rsa_pss_saltlen(c, s.salt_length) != 1) return false;
    return true;
}

} // namespace

prepared_key::prepared_key(pkey key) : key_(std::move(key)) {
    for (auto& pool : pools_) {
        pool = std::make_unique<internal::context_pool<op_context>>([this]() -> std::unique_ptr<op_context> {
            pkey_ctx c(EVP_PKEY_CTX_new_from_pkey(nullptr, key_.get(), nullptr));
            if (!c) return nullptr;
            auto ctx = std::make_unique<op_context>();
            ctx->ctx = std::move(c);
            return ctx;
        });
    }
}

prepared_key::lease prepared_key::acquire(pkey_op op, const op_settings& s) const {
    auto ctx = pools_[static_cast<std::size_t>(op)]->acquire();
    if (!ctx || (ctx->initialised && ctx->settings == s)) return ctx;
    ctx->initialised = false;
    if (!configure(ctx->ctx.get(), op, s)) {
        ctx.discard();
        return ctx;
    }
    ctx->initialised = true;
    ctx->settings = s;
    return ctx;
}

} // namespace p11::crypto::ossl
