// EC key objects of the OpenSSL backend (shared by ec_keys.cpp and ec_load.cpp).
#pragma once

#include <memory>

#include <openssl/ec.h>

#include "crypto/ec.hpp"
#include "crypto/openssl/prepared_key.hpp"

namespace p11::crypto::ossl {

// A prepared key (EVP_PKEY and context pools) and its public point,
// encoded once: 04 || X || Y.
struct ec_core : prepared_key {
    ec_core(pkey key, curve c, bytes encoded) : prepared_key(std::move(key)), c(c), encoded(std::move(encoded)) {}
    curve c;
    bytes encoded;
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
