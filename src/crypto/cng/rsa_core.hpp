// An RSA key on CNG: its components and CNG blob, kept immutable, and a pool
// of CNG key objects imported from the blob, one lent to each operation (CNG
// promises no concurrent use of one key object).  A private key's core also
// serves its public key: CNG runs public operations on a private key object.
#pragma once

#include <memory>

#include "crypto/cng/support.hpp"
#include "crypto/internal/pool.hpp"
#include "crypto/rsa.hpp"

namespace p11::crypto::cng {

struct rsa_key_object {
    key_handle h;
    [[nodiscard]] BCRYPT_KEY_HANDLE get() const noexcept { return static_cast<BCRYPT_KEY_HANDLE>(h.get()); }
};

class rsa_core {
public:
    // `blob` is a BCRYPT_RSAPUBLIC_BLOB or BCRYPT_RSAFULLPRIVATE_BLOB (blob_type).
    rsa_core(rsa_private_components c, secure_bytes blob, const wchar_t* blob_type, key_handle first);

    [[nodiscard]] std::size_t bits() const noexcept { return bits_; }
    [[nodiscard]] std::size_t size() const noexcept { return (bits_ + 7) / 8; }
    [[nodiscard]] bool is_private() const noexcept { return !c_.private_exponent.empty(); }
    [[nodiscard]] const rsa_private_components& components() const noexcept { return c_; }
    // PSS gets key objects of its own: wine 8 binds a key object to PSS once
    // it made a PSS signature (gnutls's key then refuses v1.5 and
    // decryption with "constraint limits"), so the two never share one.
    [[nodiscard]] internal::context_pool<rsa_key_object>::lease lend(bool pss = false) const {
        return (pss ? pss_pool_ : pool_).acquire();
    }

    // The raw primitives on a k-byte block (shorter input left-padded);
    // invalid_input unless it is below n, unsupported where CNG lacks
    // BCRYPT_PAD_NONE (wine 8).
    [[nodiscard]] status public_raw(bytes_view block, bytes& out) const;
    [[nodiscard]] status private_raw(bytes_view block, secure_bytes& out) const;

private:
    [[nodiscard]] std::unique_ptr<rsa_key_object> import() const;
    template <class Out>
    [[nodiscard]] status raw(bytes_view block, bool with_d, Out& out) const;
    [[nodiscard]] std::optional<secure_bytes> padded_below_n(bytes_view block) const;

    rsa_private_components c_;  // public keys: modulus and exponent only
    secure_bytes blob_;
    const wchar_t* blob_type_;
    std::size_t bits_;
    mutable internal::context_pool<rsa_key_object> pool_;
    mutable internal::context_pool<rsa_key_object> pss_pool_;
};

// The key objects of rsa_ops.cpp around a core.
[[nodiscard]] std::unique_ptr<rsa_private_key> make_private_key(std::shared_ptr<const rsa_core> core);
[[nodiscard]] std::unique_ptr<rsa_public_key> make_public_key(std::shared_ptr<const rsa_core> core);

} // namespace p11::crypto::cng
