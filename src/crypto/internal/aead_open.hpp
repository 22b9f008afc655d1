// Decryption of an AEAD whose library checks the tag in one call: the input
// (ciphertext || tag) is gathered until finish(), which hands both to
// open() and releases the plaintext only when the tag verified.  The
// plaintext goes to memory of ours first: the caller's buffer may be seen
// by other threads of the application while the library works.  Used by the
// mbedTLS GCM and both ChaCha20-Poly1305 backends.
#pragma once

#include "crypto/aes.hpp"

namespace p11::crypto::internal {

class aead_open : public cipher {
public:
    explicit aead_open(std::size_t tag_bytes) : tag_bytes_(tag_bytes) {}

    // update() writes nothing, but a caller sizing one buffer for update and
    // finish together asks before the update (see aes.hpp): everything it
    // feeds may come out of finish(), so that is the bound.
    std::size_t max_update_output(std::size_t input) const override { return input_.size() + input; }
    std::size_t max_finish_output() const override {
        return input_.size() > tag_bytes_ ? input_.size() - tag_bytes_ : 0;
    }
    status update(bytes_view in, byte* out, std::size_t& written) override;
    status finish(byte* out, std::size_t& written) override;

protected:
    // A new message: what the last one gathered is dropped.
    void forget_input() { input_.clear(); }
    [[nodiscard]] std::size_t tag_bytes() const { return tag_bytes_; }

private:
    // Decrypts `ciphertext` into `plain` (as long) if `tag` verifies:
    // status::decrypt_failed when it does not.
    virtual status open(bytes_view ciphertext, bytes_view tag, byte* plain) = 0;

    std::size_t tag_bytes_;
    bytes input_;  // ciphertext || tag, not secret
};

} // namespace p11::crypto::internal
