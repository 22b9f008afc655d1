#include "crypto/mbedtls/support.hpp"

#include <new>

#include <mbedtls/md.h>

namespace p11::crypto::mbed {

mbedtls_md_type_t md_type(hash_alg h) noexcept {
    switch (h) {
    case hash_alg::sha1: return MBEDTLS_MD_SHA1;
    case hash_alg::sha224: return MBEDTLS_MD_SHA224;
    case hash_alg::sha256: return MBEDTLS_MD_SHA256;
    case hash_alg::sha384: return MBEDTLS_MD_SHA384;
    case hash_alg::sha512: return MBEDTLS_MD_SHA512;
    }
    return MBEDTLS_MD_NONE;
}

bool read_mpi(mbedtls_mpi& x, bytes_view be) noexcept {
    return mbedtls_mpi_read_binary(&x, be.data(), be.size()) == 0;
}

bytes write_mpi(const mbedtls_mpi& x) {
    bytes out(mbedtls_mpi_size(&x));
    if (mbedtls_mpi_write_binary(&x, out.data(), out.size()) != 0) throw std::bad_alloc();
    return out;
}

secure_bytes write_mpi_secret(const mbedtls_mpi& x) {
    secure_bytes out(mbedtls_mpi_size(&x));
    if (mbedtls_mpi_write_binary(&x, out.data(), out.size()) != 0) throw std::bad_alloc();
    return out;
}

bool write_mpi_fixed(const mbedtls_mpi& x, std::span<byte> out) noexcept {
    return mbedtls_mpi_write_binary(&x, out.data(), out.size()) == 0;
}

void check_alloc(int ret) {
    if (ret != 0) throw std::bad_alloc();
}

} // namespace p11::crypto::mbed
