// The prepared RSA key shared by the public- and private-key objects: the
// EVP_PKEY and its context pools (prepared_key.hpp), and the public values
// the API hands out without asking OpenSSL each time.
#pragma once

#include <memory>

#include <openssl/rsa.h>

#include "crypto/openssl/prepared_key.hpp"
#include "crypto/rsa.hpp"

namespace p11::crypto::ossl {

class rsa_core : public prepared_key {
public:
    // `n` and `e` are the key's modulus and exponent, minimal big-endian.
    rsa_core(pkey key, bytes n, bytes e);

    [[nodiscard]] std::size_t bits() const noexcept { return bits_; }
    [[nodiscard]] std::size_t size() const noexcept { return n_.size(); }
    [[nodiscard]] const bytes& modulus() const noexcept { return n_; }
    [[nodiscard]] const bytes& exponent() const noexcept { return e_; }

    // `block` (at most k bytes) left-padded to k bytes into `out`; false
    // unless it is below n (an OpenSSL operation would refuse it too, but
    // the caller has to tell that case apart).
    [[nodiscard]] bool pad_below_modulus(bytes_view block, std::span<byte> out) const;

private:
    bytes n_;
    bytes e_;
    std::size_t bits_;
};

[[nodiscard]] std::unique_ptr<rsa_public_key> make_public_key(std::shared_ptr<rsa_core> core);
[[nodiscard]] std::unique_ptr<rsa_private_key> make_private_key(std::shared_ptr<rsa_core> core);
// A public-only core with n and e, minimal big-endian (nullptr if OpenSSL
// refuses them).
[[nodiscard]] std::shared_ptr<rsa_core> public_core(bytes_view n, bytes_view e);

} // namespace p11::crypto::ossl
