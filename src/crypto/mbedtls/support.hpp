// Glue between the crypto API and mbedTLS shared by the backend's files.
#pragma once

#include <cstddef>

#include <mbedtls/bignum.h>
#include <mbedtls/md.h>

#include "crypto/backend_error.hpp"
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

// What an mbedTLS return code means.  A code may combine a high-level
// module's error with the low-level one underneath (MD over SHA-256, cipher
// over AES); either part being an allocation failure makes it out_of_memory.
[[nodiscard]] backend_error classify_error(int ret) noexcept;

// For calls that report failure only by their return code (hash and MAC
// steps): std::bad_alloc when mbedTLS ran out of memory, backend_failure for
// any other non-zero code.
void throw_if_failed(int ret);

} // namespace p11::crypto::mbed
