// EC key objects of the OpenSSL backend (shared by ec_keys.cpp and ec_load.cpp).
#pragma once

#include <memory>
#include <mutex>

#include <openssl/ec.h>

#include "crypto/ec.hpp"
#include "crypto/openssl/prepared_key.hpp"

namespace p11::crypto::ossl {

// A key's curve, its public point encoded once (04 || X || Y), a private
// key's d, and the prepared key (EVP_PKEY and context pools) its operations
// run on.  A public key from outside is prepared at once: building its
// EVP_PKEY is what checks that the point is on the curve.  A private key
// (generated, or loaded from d) is prepared at its first operation: building
// an EC EVP_PKEY from parameters makes a new EC_GROUP (Montgomery set-up,
// inversions), which cost more than the scalar multiplication of a key
// generation, and a generated key pair is mostly stored and never used by
// the object that generated it (the token prepares its key objects anew).
class ec_core {
public:
    ec_core(pkey key, curve c, bytes encoded);
    ec_core(curve c, secure_bytes d, bytes encoded) : c(c), encoded(std::move(encoded)), d(std::move(d)) {}
    ec_core(const ec_core&) = delete;
    ec_core& operator=(const ec_core&) = delete;

    // nullptr when OpenSSL could not build the key (memory).
    [[nodiscard]] const prepared_key* prepared() const;

    const curve c;
    const bytes encoded;
    const secure_bytes d;  // big-endian, field_bytes() long; empty for a public key

private:
    mutable std::once_flag once_;
    mutable std::unique_ptr<prepared_key> prepared_;
};

// OpenSSL's name of the curve ("prime256v1" ...), and the curve of a name.
[[nodiscard]] const char* group_name(curve c) noexcept;
[[nodiscard]] std::optional<curve> curve_of_group(const char* name) noexcept;
// The curve's group, made once and then only read (never freed).  For the
// arithmetic that EVP does not offer: d * G when a key is loaded from d.
[[nodiscard]] const EC_GROUP* group(curve c) noexcept;

// Q of a key as 04 || X || Y, whatever point format the key would export;
// empty if it has no public point.
[[nodiscard]] bytes uncompressed_point_of(const EVP_PKEY& key, curve c);

// A public-only EVP_PKEY from an uncompressed point; empty when the point is
// not on the curve (OpenSSL decodes and checks it).
[[nodiscard]] pkey public_pkey(curve c, bytes_view encoded);

[[nodiscard]] std::unique_ptr<ec_public_key> make_ec_public(std::shared_ptr<const ec_core> core);
[[nodiscard]] std::unique_ptr<ec_private_key> make_ec_private(std::shared_ptr<const ec_core> core);

} // namespace p11::crypto::ossl
