// ECB and CBC streaming shared by the backends whose library takes whole
// blocks only: partial blocks wait here, CBC-PAD encryption pads, and
// CBC-PAD decryption holds the last block back until finish(), where the
// padding is removed in constant time (internal/padding.hpp).  A backend
// supplies the cipher over whole blocks (its chaining included).  The block
// is AES's unless told (TDEA's is 8 bytes: des3.cpp).
#pragma once

#include <array>

#include "crypto/aes.hpp"
#include "crypto/internal/aes_block.hpp"

namespace p11::crypto::internal {

class block_mode : public cipher {
public:
    block_mode(direction d, bool pkcs7_padding, std::size_t block_size = aes_block_size)
        : dir_(d), pad_(pkcs7_padding), block_(block_size) {}
    ~block_mode() override;

    [[nodiscard]] std::size_t max_update_output(std::size_t input) const override;
    [[nodiscard]] std::size_t max_finish_output() const override;
    // `in` and `out` must not overlap: output can run ahead of input when a
    // held-back partial block is completed.
    status update(bytes_view in, byte* out, std::size_t& written) override;
    status finish(byte* out, std::size_t& written) override;

protected:
    // Encrypts or decrypts `length` bytes, a whole number of blocks; `in`
    // and `out` do not overlap.
    virtual void crypt(const byte* in, std::size_t length, byte* out) = 0;
    [[nodiscard]] direction dir() const noexcept { return dir_; }

private:
    direction dir_;
    bool pad_;
    std::size_t block_;                           // at most aes_block_size
    std::array<byte, aes_block_size> pending_{};
    std::size_t pending_len_ = 0;
};

} // namespace p11::crypto::internal
