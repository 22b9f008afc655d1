// EC key objects of the mbedTLS backend (shared by ec_keys.cpp and ec_load.cpp).
#pragma once

#include <memory>

#include "crypto/ec.hpp"
#include "crypto/mbedtls/ec_group.hpp"
#include "crypto/mbedtls/handles.hpp"

namespace p11::crypto::mbed {

// A validated public point, immutable once built.
struct ec_point_value {
    curve c;
    ecp_point q;
    bytes encoded;  // 04 || X || Y
};

[[nodiscard]] std::unique_ptr<ec_public_key> make_ec_public(std::shared_ptr<const ec_point_value> q);
[[nodiscard]] std::unique_ptr<ec_private_key> make_ec_private(std::unique_ptr<mpi> d,
                                                              std::shared_ptr<const ec_point_value> q);

} // namespace p11::crypto::mbed
