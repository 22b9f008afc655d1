// Glue between the crypto API and mbedTLS shared by the backend's files.
#pragma once

#include <cstddef>

#include <mbedtls/bignum.h>
#include <mbedtls/md.h>

#include "crypto/hash.hpp"
#include "crypto/types.hpp"

namespace p11::crypto::mbed {

// The f_rng callback for mbedTLS: our process-wide DRBG (random.cpp).
int rng(void* unused, unsigned char* out, std::size_t len) noexcept;

[[nodiscard]] mbedtls_md_type_t md_type(hash_alg h) noexcept;

// Big-endian unsigned integers in and out of MPIs.  false on allocation failure.
[[nodiscard]] bool read_mpi(mbedtls_mpi& x, bytes_view be) noexcept;
[[nodiscard]] bytes write_mpi(const mbedtls_mpi& x);                    // minimal length
[[nodiscard]] secure_bytes write_mpi_secret(const mbedtls_mpi& x);      // minimal length
[[nodiscard]] bool write_mpi_fixed(const mbedtls_mpi& x, std::span<byte> out) noexcept;  // left-padded

// For calls whose only possible failure is running out of memory (hash and
// MAC steps on a set-up context): throws std::bad_alloc, as a std::vector
// would in the same place.
void check_alloc(int ret);

} // namespace p11::crypto::mbed
