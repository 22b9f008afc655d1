// The bare TDEA block function, provided by each backend: the modes and
// CMAC are shared code on top of it (des3.cpp, cmac_block.cpp).
#pragma once

#include <memory>
#include <optional>

#include "crypto/des3.hpp"
#include "crypto/types.hpp"

namespace p11::crypto::internal {

// One keyed block function in one direction, lent for one operation (it
// keeps its key alive).  Not thread-safe: one object per operation.
class des3_block {
public:
    virtual ~des3_block() = default;
    // in and out are 8 bytes; they may be the same buffer.
    virtual void process(const byte* in, byte* out) = 0;
};

// `key` is not null and was made by this backend's load_des3_key.
[[nodiscard]] std::unique_ptr<des3_block> make_des3_block(const des3_key_ptr& key, direction d);

// K1 K2 K3 of a 16- or 24-byte key (16: K3 = K1); nullopt for another length.
[[nodiscard]] std::optional<secure_bytes> des3_key_bytes(bytes_view key);

// A prepared key that is its K1 K2 K3, for backends that key a context of
// their own per operation (OpenSSL, CNG).
class des3_raw_key final : public des3_key {
public:
    explicit des3_raw_key(secure_bytes k24) : k24_(std::move(k24)) {}
    [[nodiscard]] const secure_bytes& bytes() const { return k24_; }

private:
    secure_bytes k24_;
};

} // namespace p11::crypto::internal
