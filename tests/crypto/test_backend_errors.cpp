// The backend's error codes as the crypto layer reports them: only running
// out of memory may become std::bad_alloc (and so CKR_HOST_MEMORY at the
// provider's boundary); bad input, missing features and hardware failures
// must not.  Codes are fed to the backend's classify_error directly, and real
// failures are provoked where the backend allows it safely.
#include <limits>
#include <new>

#include <catch2/catch.hpp>

#include "crypto/backend_error.hpp"
#include "p11/provider/call.hpp"

#if defined(P11FORGE_CRYPTO_MBEDTLS)
#include <mbedtls/cipher.h>
#include <mbedtls/md.h>
#include <mbedtls/pk.h>
#include <mbedtls/platform.h>
#include <mbedtls/sha256.h>

#include "crypto/mbedtls/support.hpp"
namespace backend = p11::crypto::mbed;
#elif defined(P11FORGE_CRYPTO_OPENSSL)
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/evperr.h>
#include <openssl/proverr.h>

#include "crypto/openssl/support.hpp"
namespace backend = p11::crypto::ossl;
#elif defined(P11FORGE_CRYPTO_CNG)
#include "crypto/cng/support.hpp"
#include "crypto/hash.hpp"
namespace backend = p11::crypto::cng;
#endif

using p11::crypto::backend_error;
using p11::crypto::backend_failure;
using p11::crypto::status;

namespace {

// What the provider's call boundary answers when a token call throws what
// throw_if_failed throws for `code`.
template <class Code>
p11::rv rv_at_boundary(Code code) {
    return static_cast<p11::rv>(p11::provider::enter([code] {
        backend::throw_if_failed(code);
        return p11::rv::ok;
    }));
}

} // namespace

TEST_CASE("a backend failure other than memory is not std::bad_alloc", "[backend-errors]") {
    const backend_failure f(backend_error::bad_input, -1);
    const std::exception& e = f;
    CHECK(dynamic_cast<const std::bad_alloc*>(&e) == nullptr);
    CHECK(f.as_status() == status::invalid_input);
    CHECK(p11::crypto::to_status(backend_error::unsupported) == status::unsupported);
    CHECK(p11::crypto::to_status(backend_error::hardware) == status::internal);
    CHECK(p11::crypto::to_status(backend_error::other) == status::internal);
    CHECK_NOTHROW(p11::crypto::throw_backend_error(backend_error::none, 0));
    CHECK_THROWS_AS(p11::crypto::throw_backend_error(backend_error::out_of_memory, 0), std::bad_alloc);
    CHECK_THROWS_AS(p11::crypto::throw_backend_error(backend_error::hardware, 0), backend_failure);
}

#if defined(P11FORGE_CRYPTO_MBEDTLS)

TEST_CASE("mbedTLS codes by meaning", "[backend-errors]") {
    CHECK(backend::classify_error(0) == backend_error::none);
    // Allocation failures, high-level, low-level, and low-level under a high-level module.
    CHECK(backend::classify_error(MBEDTLS_ERR_MD_ALLOC_FAILED) == backend_error::out_of_memory);
    CHECK(backend::classify_error(MBEDTLS_ERR_CIPHER_ALLOC_FAILED) == backend_error::out_of_memory);
    CHECK(backend::classify_error(MBEDTLS_ERR_MPI_ALLOC_FAILED) == backend_error::out_of_memory);
    CHECK(backend::classify_error(MBEDTLS_ERR_PK_BAD_INPUT_DATA + MBEDTLS_ERR_MPI_ALLOC_FAILED) ==
          backend_error::out_of_memory);
    CHECK(backend::classify_error(MBEDTLS_ERR_MD_BAD_INPUT_DATA) == backend_error::bad_input);
    CHECK(backend::classify_error(MBEDTLS_ERR_CIPHER_BAD_INPUT_DATA) == backend_error::bad_input);
    CHECK(backend::classify_error(MBEDTLS_ERR_SHA256_BAD_INPUT_DATA) == backend_error::bad_input);
    CHECK(backend::classify_error(MBEDTLS_ERR_MD_FEATURE_UNAVAILABLE) == backend_error::unsupported);
    CHECK(backend::classify_error(MBEDTLS_ERR_PLATFORM_HW_ACCEL_FAILED) == backend_error::hardware);
    CHECK(backend::classify_error(MBEDTLS_ERR_MD_HW_ACCEL_FAILED) == backend_error::hardware);
    // The low-level part says what happened under the MD layer.
    CHECK(backend::classify_error(MBEDTLS_ERR_MD_BAD_INPUT_DATA + MBEDTLS_ERR_PLATFORM_HW_ACCEL_FAILED) ==
          backend_error::hardware);
    CHECK(backend::classify_error(MBEDTLS_ERR_CIPHER_AUTH_FAILED) == backend_error::other);
    CHECK(backend::classify_error(-0x7FFF) == backend_error::other);
    CHECK(backend::classify_error(1) == backend_error::other);
    CHECK(backend::classify_error(-0x10000) == backend_error::other);
    CHECK(backend::classify_error(std::numeric_limits<int>::min()) == backend_error::other);
}

TEST_CASE("mbedTLS failures other than memory are CKR_FUNCTION_FAILED or CKR_DEVICE_ERROR, not CKR_HOST_MEMORY", "[backend-errors]") {
    for (const int code : {MBEDTLS_ERR_MD_BAD_INPUT_DATA, MBEDTLS_ERR_CIPHER_BAD_INPUT_DATA,
                           MBEDTLS_ERR_MD_FEATURE_UNAVAILABLE, MBEDTLS_ERR_PLATFORM_HW_ACCEL_FAILED,
                           MBEDTLS_ERR_CIPHER_INVALID_CONTEXT, -0x7FFF}) {
        INFO("code -0x" << std::hex << -code);
        CHECK_THROWS_AS(backend::throw_if_failed(code), backend_failure);
        CHECK(rv_at_boundary(code) == (code == MBEDTLS_ERR_PLATFORM_HW_ACCEL_FAILED ? p11::rv::device_error
                                                                                     : p11::rv::function_failed));
    }
    CHECK_THROWS_AS(backend::throw_if_failed(MBEDTLS_ERR_MD_ALLOC_FAILED), std::bad_alloc);
    CHECK(rv_at_boundary(MBEDTLS_ERR_MD_ALLOC_FAILED) == p11::rv::host_memory);
    CHECK(rv_at_boundary(0) == p11::rv::ok);
}

TEST_CASE("a real mbedTLS misuse is reported as bad input", "[backend-errors]") {
    // Hashing on a context that was never set up.
    mbedtls_md_context_t ctx;
    mbedtls_md_init(&ctx);
    const unsigned char data[1] = {0};
    const int ret = mbedtls_md_update(&ctx, data, sizeof data);
    mbedtls_md_free(&ctx);
    REQUIRE(ret != 0);
    try {
        backend::throw_if_failed(ret);
        FAIL("no exception");
    } catch (const backend_failure& f) {
        CHECK(f.kind() == backend_error::bad_input);
        CHECK(f.code() == ret);
    }
}

#elif defined(P11FORGE_CRYPTO_OPENSSL)

TEST_CASE("OpenSSL codes by meaning", "[backend-errors]") {
    CHECK(backend::classify_error(ERR_PACK(ERR_LIB_EVP, 0, ERR_R_MALLOC_FAILURE)) == backend_error::out_of_memory);
    CHECK(backend::classify_error(ERR_PACK(ERR_LIB_PROV, 0, ERR_R_MALLOC_FAILURE)) == backend_error::out_of_memory);
    CHECK(backend::classify_error(ERR_PACK(ERR_LIB_EVP, 0, ERR_R_PASSED_NULL_PARAMETER)) == backend_error::bad_input);
    CHECK(backend::classify_error(ERR_PACK(ERR_LIB_EVP, 0, EVP_R_NO_DIGEST_SET)) == backend_error::bad_input);
    CHECK(backend::classify_error(ERR_PACK(ERR_LIB_PROV, 0, PROV_R_INVALID_KEY_LENGTH)) == backend_error::bad_input);
    CHECK(backend::classify_error(ERR_PACK(ERR_LIB_EVP, 0, ERR_R_UNSUPPORTED)) == backend_error::unsupported);
    CHECK(backend::classify_error(ERR_PACK(ERR_LIB_EVP, 0, ERR_R_FETCH_FAILED)) == backend_error::unsupported);
    CHECK(backend::classify_error(ERR_PACK(ERR_LIB_ENGINE, 0, ERR_R_INIT_FAIL)) == backend_error::hardware);
    CHECK(backend::classify_error(ERR_PACK(ERR_LIB_EVP, 0, ERR_R_INTERNAL_ERROR)) == backend_error::other);
    // Reason numbers are per library: PROV's 105 is not EVP's 105.
    CHECK(backend::classify_error(ERR_PACK(ERR_LIB_RSA, 0, PROV_R_INVALID_KEY_LENGTH)) == backend_error::other);
    // A failure that queued no reason at all.
    CHECK(backend::classify_error(0) == backend_error::other);
}

TEST_CASE("OpenSSL failures other than memory are CKR_FUNCTION_FAILED, not CKR_HOST_MEMORY", "[backend-errors]") {
    for (const int reason : {ERR_R_PASSED_NULL_PARAMETER, ERR_R_UNSUPPORTED, ERR_R_INTERNAL_ERROR, 0}) {
        INFO("reason " << reason);
        ERR_clear_error();
        if (reason != 0) ERR_raise(ERR_LIB_EVP, reason);
        CHECK_THROWS_AS(backend::throw_if_failed(0), backend_failure);
        if (reason != 0) ERR_raise(ERR_LIB_EVP, reason);
        CHECK(rv_at_boundary(0) == p11::rv::function_failed);
    }
    ERR_clear_error();
    ERR_raise(ERR_LIB_ENGINE, ERR_R_INIT_FAIL);
    CHECK(rv_at_boundary(0) == p11::rv::device_error);
    ERR_clear_error();
    ERR_raise(ERR_LIB_EVP, ERR_R_MALLOC_FAILURE);
    CHECK_THROWS_AS(backend::throw_if_failed(0), std::bad_alloc);
    CHECK(rv_at_boundary(0) == p11::rv::host_memory);
    CHECK(rv_at_boundary(1) == p11::rv::ok);
    ERR_clear_error();
}

TEST_CASE("a real OpenSSL misuse is reported as bad input", "[backend-errors]") {
    // Starting a digest with none named.
    EVP_MD_CTX* ctx = EVP_MD_CTX_new();
    REQUIRE(ctx != nullptr);
    ERR_clear_error();
    const int ok = EVP_DigestInit_ex2(ctx, nullptr, nullptr);
    EVP_MD_CTX_free(ctx);
    REQUIRE(ok != 1);
    try {
        backend::throw_if_failed(ok);
        FAIL("no exception");
    } catch (const backend_failure& f) {
        CHECK(f.kind() == backend_error::bad_input);
    }
    ERR_clear_error();
}

#elif defined(P11FORGE_CRYPTO_CNG)

TEST_CASE("CNG NTSTATUS codes by meaning", "[backend-errors]") {
    CHECK(backend::classify_error(0) == backend_error::none);
    CHECK(backend::classify_error(STATUS_NO_MEMORY) == backend_error::out_of_memory);
    CHECK(backend::classify_error(STATUS_INSUFFICIENT_RESOURCES) == backend_error::out_of_memory);
    CHECK(backend::classify_error(STATUS_INVALID_PARAMETER) == backend_error::bad_input);
    CHECK(backend::classify_error(STATUS_INVALID_SIGNATURE) == backend_error::bad_input);
    // What a CNG lacks (wine 8: OAEP, raw RSA, P-521) is unsupported, never a crash or "internal".
    CHECK(backend::classify_error(STATUS_NOT_IMPLEMENTED) == backend_error::unsupported);
    CHECK(backend::classify_error(STATUS_NOT_SUPPORTED) == backend_error::unsupported);
    CHECK(backend::classify_error(STATUS_NOT_FOUND) == backend_error::unsupported);
    CHECK(backend::status_of(STATUS_NOT_IMPLEMENTED, status::internal) == status::unsupported);
    CHECK(backend::status_of(STATUS_INVALID_SIGNATURE, status::bad_signature) == status::bad_signature);
    CHECK(backend::classify_error(STATUS_IO_DEVICE_ERROR) == backend_error::hardware);
    CHECK(backend::classify_error(STATUS_INTERNAL_ERROR) == backend_error::other);  // internal error
}

TEST_CASE("CNG failures other than memory are CKR_FUNCTION_FAILED, not CKR_HOST_MEMORY", "[backend-errors]") {
    for (const NTSTATUS s : {STATUS_INVALID_PARAMETER, STATUS_NOT_IMPLEMENTED,
                             STATUS_INTERNAL_ERROR}) {
        CHECK_THROWS_AS(backend::throw_if_failed(s), backend_failure);
        CHECK(rv_at_boundary(s) == p11::rv::function_failed);
    }
    CHECK(rv_at_boundary(STATUS_IO_DEVICE_ERROR) == p11::rv::device_error);
    CHECK_THROWS_AS(backend::throw_if_failed(STATUS_NO_MEMORY), std::bad_alloc);
    CHECK(rv_at_boundary(STATUS_NO_MEMORY) == p11::rv::host_memory);
    CHECK(rv_at_boundary(0) == p11::rv::ok);
}

TEST_CASE("a real CNG misuse is reported as bad input", "[backend-errors]") {
    // Finishing a hash into a buffer of the wrong size.
    BCRYPT_HASH_HANDLE h = nullptr;
    REQUIRE(BCryptCreateHash(backend::algorithm(backend::provider::sha256), &h, nullptr, 0, nullptr, 0, 0) == 0);
    p11::crypto::byte out[5];
    const NTSTATUS st = BCryptFinishHash(h, out, sizeof out, 0);
    BCryptDestroyHash(h);
    REQUIRE(st < 0);
    try {
        backend::throw_if_failed(st);
        FAIL("no exception");
    } catch (const backend_failure& f) {
        CHECK(f.kind() == backend_error::bad_input);
        CHECK(f.code() == static_cast<long>(st));
    }
}

#endif
