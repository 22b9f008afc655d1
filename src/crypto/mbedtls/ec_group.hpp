// Curve groups for EC operations, lent per operation.
//
// mbedTLS caches the generator's precomputed comb table inside the
// mbedtls_ecp_group on first use (ecp_mul_comb writes grp->T), so one group
// object must not serve two threads at once.  A group depends only on the
// curve, so one pool per curve serves every key of the process: warm tables
// are shared across keys without ever being used concurrently.
#pragma once

#include <mbedtls/ecp.h>

#include "crypto/ec.hpp"
#include "crypto/mbedtls/handles.hpp"
#include "crypto/internal/pool.hpp"

namespace p11::crypto::mbed {

using internal::context_pool;

[[nodiscard]] mbedtls_ecp_group_id group_id(curve c) noexcept;
// Empty when out of memory.
[[nodiscard]] context_pool<ecp_group>::lease acquire_group(curve c);

} // namespace p11::crypto::mbed
