// A streaming cipher of the crypto layer (crypto/aes.hpp's contract) as a
// Cryptoki cipher operation: single- and multi-part, with the crypto layer's
// size bounds as the two-call convention's lengths.  Shared by the AES,
// TDEA and ChaCha20 mechanisms (ops_aes.cpp: stream_cipher, ops_des3.cpp).
#pragma once

#include <memory>

#include "crypto/aes.hpp"
#include "mech/crypto_errors.hpp"
#include "p11/provider/token.hpp"

namespace p11::mech::ops {

inline failing failing_of(crypto::direction d) { return d == crypto::direction::encrypt ? failing::encrypting : failing::decrypting; }

class cipher_stream_op final : public provider::cipher_operation {
public:
    cipher_stream_op(std::unique_ptr<crypto::cipher> c, crypto::direction d) : c_(std::move(c)), d_(d) {}
    [[nodiscard]] std::size_t single_bound(std::size_t n) const override {
        return c_->max_update_output(n) + c_->max_finish_output();
    }
    result<std::size_t> single(bytes_view in, provider::out_span out) override {
        std::size_t a = 0, b = 0;
        if (auto s = c_->update(in, out.data(), a); s != crypto::status::ok) return to_rv(s, failing_of(d_));
        if (auto s = c_->finish(out.data() + a, b); s != crypto::status::ok) return to_rv(s, failing_of(d_));
        return a + b;
    }
    [[nodiscard]] std::size_t update_bound(std::size_t n) const override { return c_->max_update_output(n); }
    result<std::size_t> update(bytes_view in, provider::out_span out) override {
        std::size_t n = 0;
        if (auto s = c_->update(in, out.data(), n); s != crypto::status::ok) return to_rv(s, failing_of(d_));
        return n;
    }
    [[nodiscard]] std::size_t final_bound() const override { return c_->max_finish_output(); }
    result<std::size_t> final(provider::out_span out) override {
        std::size_t n = 0;
        if (auto s = c_->finish(out.data(), n); s != crypto::status::ok) return to_rv(s, failing_of(d_));
        return n;
    }

private:
    std::unique_ptr<crypto::cipher> c_;
    crypto::direction d_;
};

} // namespace p11::mech::ops
