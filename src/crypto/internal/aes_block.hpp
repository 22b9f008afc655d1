// The bare AES block cipher, provided by each backend.  Backend-independent
// code (key wrap, CTR with a counter field narrower than the block) is
// written on top of it so that every backend shares one implementation.
#pragma once

#include <memory>

#include "crypto/aes.hpp"
#include "crypto/types.hpp"

namespace p11::crypto::internal {

inline constexpr std::size_t aes_block_size = 16;

// One expanded key, used in one direction, lent by a prepared key (which it
// keeps alive).  Not thread-safe: one object per operation.
class aes_block {
public:
    virtual ~aes_block() = default;
    // in and out are 16 bytes; they may be the same buffer.
    virtual void process(const byte* in, byte* out) = 0;
};

// `key` is not null.
[[nodiscard]] std::unique_ptr<aes_block> make_aes_block(const aes_key_ptr& key, direction d);

} // namespace p11::crypto::internal
