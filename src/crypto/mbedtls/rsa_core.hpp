// The prepared RSA key shared by the public- and private-key objects.
//
// `master` is a complete mbedtls_rsa_context that is never used for an
// operation, so it never acquires blinding values or Montgomery caches and
// stays immutable after preparation: any thread may read (clone) it at any
// time.  Operations run on clones from a pool (see internal/pool.hpp); each clone
// draws its own random blinding values on first use, so no two contexts ever
// share them.
#pragma once

#include <memory>

#include <mbedtls/rsa.h>

#include "crypto/error.hpp"
#include "crypto/mbedtls/handles.hpp"
#include "crypto/internal/pool.hpp"
#include "crypto/rsa.hpp"

namespace p11::crypto::mbed {

using internal::context_pool;

class rsa_core {
public:
    using lease = context_pool<rsa_context>::lease;

    explicit rsa_core(std::unique_ptr<rsa_context> master);
    rsa_core(const rsa_core&) = delete;
    rsa_core& operator=(const rsa_core&) = delete;

    [[nodiscard]] const mbedtls_rsa_context& master() const noexcept { return master_->v; }
    [[nodiscard]] std::size_t bits() const noexcept { return bits_; }
    [[nodiscard]] std::size_t size() const noexcept { return master_->v.len; }
    // A working context; empty if none could be made (out of memory).
    [[nodiscard]] lease acquire() { return pool_.acquire(); }

private:
    std::unique_ptr<rsa_context> master_;
    std::size_t bits_;
    context_pool<rsa_context> pool_;
};

// Public operations, shared by both key classes.
class rsa_public_ops {
public:
    explicit rsa_public_ops(std::shared_ptr<rsa_core> core) : core_(std::move(core)) {}

    [[nodiscard]] rsa_public_components public_components() const;
    // m^e mod n; `block` at most modulus-sized (left-padded), below n.
    [[nodiscard]] status raw(bytes_view block, byte* out) const;

protected:
    std::shared_ptr<rsa_core> core_;
};

[[nodiscard]] std::unique_ptr<rsa_public_key> make_public_key(std::shared_ptr<rsa_core> core);
[[nodiscard]] std::unique_ptr<rsa_private_key> make_private_key(std::shared_ptr<rsa_core> core);
// A public-only core with the master's n and e.
[[nodiscard]] std::shared_ptr<rsa_core> public_core_of(const mbedtls_rsa_context& ctx);

} // namespace p11::crypto::mbed
