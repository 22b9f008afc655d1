#include "crypto/mbedtls/support.hpp"
#include "crypto/error.hpp"

#include <mbedtls/aes.h>
#include <mbedtls/asn1.h>
#include <mbedtls/cipher.h>
#include <mbedtls/cmac.h>
#include <mbedtls/ecp.h>
#include <mbedtls/md.h>
#include <mbedtls/pk.h>
#include <mbedtls/platform.h>
#include <mbedtls/rsa.h>
#include <mbedtls/sha1.h>
#include <mbedtls/sha256.h>
#include <mbedtls/sha512.h>

namespace p11::crypto::mbed {

mbedtls_md_type_t md_type(hash_alg h) noexcept {
    switch (h) {
    case hash_alg::sha1: return MBEDTLS_MD_SHA1;
    case hash_alg::sha224: return MBEDTLS_MD_SHA224;
    case hash_alg::sha256: return MBEDTLS_MD_SHA256;
    case hash_alg::sha384: return MBEDTLS_MD_SHA384;
    case hash_alg::sha512: return MBEDTLS_MD_SHA512;
    // mbedTLS 2.28 has no SHA-3 (3.x added it): no info, so setting up a context fails.
    case hash_alg::sha3_224:
    case hash_alg::sha3_256:
    case hash_alg::sha3_384:
    case hash_alg::sha3_512: return MBEDTLS_MD_NONE;
    }
    return MBEDTLS_MD_NONE;
}

bool read_mpi(mbedtls_mpi& x, bytes_view be) noexcept {
    return mbedtls_mpi_read_binary(&x, be.data(), be.size()) == 0;
}

bytes write_mpi(const mbedtls_mpi& x) {
    bytes out(mbedtls_mpi_size(&x));
    throw_if_failed(mbedtls_mpi_write_binary(&x, out.data(), out.size()));
    return out;
}

secure_bytes write_mpi_secret(const mbedtls_mpi& x) {
    secure_bytes out(mbedtls_mpi_size(&x));
    throw_if_failed(mbedtls_mpi_write_binary(&x, out.data(), out.size()));
    return out;
}

bool write_mpi_fixed(const mbedtls_mpi& x, std::span<byte> out) noexcept {
    return mbedtls_mpi_write_binary(&x, out.data(), out.size()) == 0;
}

namespace {

// One part of a code, negative like mbedTLS's constants: a high-level
// module's (-0x1000..-0x7F80) or a low-level one's (-0x0002..-0x007F).  Only
// the modules the backend calls are listed; an unlisted code is `other`.
backend_error meaning_of(int part) noexcept {
    switch (part) {
    case 0: return backend_error::none;
    case MBEDTLS_ERR_MD_ALLOC_FAILED:
    case MBEDTLS_ERR_CIPHER_ALLOC_FAILED:
    case MBEDTLS_ERR_PK_ALLOC_FAILED:
    case MBEDTLS_ERR_ECP_ALLOC_FAILED:
    case MBEDTLS_ERR_MPI_ALLOC_FAILED:
    case MBEDTLS_ERR_ASN1_ALLOC_FAILED: return backend_error::out_of_memory;
    case MBEDTLS_ERR_MD_BAD_INPUT_DATA:
    case MBEDTLS_ERR_CIPHER_BAD_INPUT_DATA:
    case MBEDTLS_ERR_CIPHER_FULL_BLOCK_EXPECTED:
    case MBEDTLS_ERR_CIPHER_INVALID_CONTEXT:
    case MBEDTLS_ERR_PK_BAD_INPUT_DATA:
    case MBEDTLS_ERR_ECP_BAD_INPUT_DATA:
    case MBEDTLS_ERR_RSA_BAD_INPUT_DATA:
    case MBEDTLS_ERR_MPI_BAD_INPUT_DATA:
    case MBEDTLS_ERR_AES_BAD_INPUT_DATA:
    case MBEDTLS_ERR_AES_INVALID_KEY_LENGTH:
    case MBEDTLS_ERR_AES_INVALID_INPUT_LENGTH:
    case MBEDTLS_ERR_SHA1_BAD_INPUT_DATA:
    case MBEDTLS_ERR_SHA256_BAD_INPUT_DATA:
    case MBEDTLS_ERR_SHA512_BAD_INPUT_DATA: return backend_error::bad_input;
    case MBEDTLS_ERR_MD_FEATURE_UNAVAILABLE:
    case MBEDTLS_ERR_CIPHER_FEATURE_UNAVAILABLE:
    case MBEDTLS_ERR_PK_FEATURE_UNAVAILABLE:
    case MBEDTLS_ERR_ECP_FEATURE_UNAVAILABLE:
    case MBEDTLS_ERR_PLATFORM_FEATURE_UNSUPPORTED: return backend_error::unsupported;
    // The *_HW_ACCEL_FAILED codes of 2.28 are deprecated but still returned
    // by alternative implementations built against it.
    case MBEDTLS_ERR_PLATFORM_HW_ACCEL_FAILED:
    case MBEDTLS_ERR_MD_HW_ACCEL_FAILED:
    case MBEDTLS_ERR_CIPHER_HW_ACCEL_FAILED:
    case MBEDTLS_ERR_CMAC_HW_ACCEL_FAILED:
    case MBEDTLS_ERR_AES_HW_ACCEL_FAILED:
    case MBEDTLS_ERR_SHA1_HW_ACCEL_FAILED:
    case MBEDTLS_ERR_SHA256_HW_ACCEL_FAILED:
    case MBEDTLS_ERR_SHA512_HW_ACCEL_FAILED: return backend_error::hardware;
    default: return backend_error::other;
    }
}

} // namespace

backend_error classify_error(int ret) noexcept {
    if (ret == 0) return backend_error::none;
    // mbedTLS's codes are -0x0001..-0x7FFF; anything else is none of its.
    if (ret > 0 || ret < -0x7FFF) return backend_error::other;
    const int high = -(-ret & 0x7F80);
    const int low = -(-ret & 0x007F);
    const backend_error h = meaning_of(high);
    const backend_error l = meaning_of(low);
    if (h == backend_error::out_of_memory || l == backend_error::out_of_memory) return backend_error::out_of_memory;
    // The low-level part says what actually went wrong underneath.
    if (l != backend_error::none && l != backend_error::other) return l;
    if (h != backend_error::none) return h;
    return l;
}

void throw_if_failed(int ret) { throw_backend_error(classify_error(ret), ret); }

} // namespace p11::crypto::mbed

namespace p11::crypto {

// The library keeps no per-thread error state of ours (crypto/error.hpp).
error_batch::error_batch() noexcept = default;
error_batch::~error_batch() = default;

} // namespace p11::crypto
