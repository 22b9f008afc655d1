// A key prepared once and used by any number of threads, RSA or EC.
//
// The EVP_PKEY is built once (EVP_PKEY_fromdata or EVP_PKEY_generate) and
// never changed afterwards; OpenSSL lets any number of EVP_PKEY_CTX use one
// such key at the same time (RSA blinding values are kept per thread or
// under the key's own lock).  What is mutable is the EVP_PKEY_CTX of an
// operation, and initialising one (EVP_PKEY_sign_init & co.) fetches the
// provider's method and sets up its state, which costs a good part of a
// short operation (an ECDSA signature).  So the key keeps one pool of
// contexts per kind of operation (internal/pool.hpp): an operation borrows a
// context that was initialised before, initialises it again only when it
// last served other parameters (padding, hashes, salt length), and hands it
// back.  The pools' mutex covers a push or a pop, never an operation.
#pragma once

#include <array>
#include <memory>

#include "crypto/error.hpp"
#include "crypto/internal/pool.hpp"
#include "crypto/openssl/support.hpp"

namespace p11::crypto::ossl {

enum class pkey_op : std::uint8_t { sign, verify, verify_recover, encrypt, decrypt, derive };
inline constexpr std::size_t pkey_op_count = 6;

// What an operation asks of its context besides the key (RSA only; an EC
// operation leaves everything at its default).
struct op_settings {
    int padding = 0;             // RSA_*_PADDING; 0: none to set
    const EVP_MD* md = nullptr;  // PSS message hash, OAEP label hash
    const EVP_MD* mgf1 = nullptr;
    int salt_length = 0;         // PSS
    bool has_label = false;      // OAEP; the label itself is set per operation
    bool operator==(const op_settings&) const = default;
};

// An EVP_PKEY_CTX on the key and the settings it was last initialised with.
struct op_context {
    pkey_ctx ctx;
    bool initialised = false;
    op_settings settings;
};

class prepared_key {
public:
    using lease = internal::context_pool<op_context>::lease;

    explicit prepared_key(pkey key);
    prepared_key(const prepared_key&) = delete;
    prepared_key& operator=(const prepared_key&) = delete;

    [[nodiscard]] const EVP_PKEY& key() const noexcept { return *key_; }

    // A context initialised for `op` with `s`; empty when none could be made.
    [[nodiscard]] lease acquire(pkey_op op, const op_settings& s) const;

    // Runs f(EVP_PKEY_CTX*) on a context for op/s: ok when f returns 1,
    // `on_failure` otherwise (the context is then dropped, not reused),
    // internal when no context could be had.
    template <class F>
    status run(pkey_op op, const op_settings& s, status on_failure, F&& f) const {
        error_scope errors;
        auto ctx = acquire(op, s);
        if (!ctx) return status::internal;
        if (f(ctx->ctx.get()) == 1) return status::ok;
        ctx.discard();
        return on_failure;
    }

private:
    pkey key_;
    // Caches of contexts: lending one does not change the key.
    mutable std::array<std::unique_ptr<internal::context_pool<op_context>>, pkey_op_count> pools_;
};

} // namespace p11::crypto::ossl
