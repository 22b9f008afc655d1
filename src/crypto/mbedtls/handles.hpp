// RAII owners for the mbedTLS structures we use.  Their free functions wipe
// the memory they release (mbedtls_mpi_free, mbedtls_rsa_free, ... zeroise).
#pragma once

#include <mbedtls/aes.h>
#include <mbedtls/bignum.h>
#include <mbedtls/ecp.h>
#include <mbedtls/md.h>
#include <mbedtls/rsa.h>

namespace p11::crypto::mbed {

#define P11_MBED_HANDLE(NAME, TYPE, INIT, FREE)        \
    struct NAME {                                      \
        TYPE v;                                        \
        NAME() noexcept { INIT(&v); }                  \
        ~NAME() { FREE(&v); }                          \
        NAME(const NAME&) = delete;                    \
        NAME& operator=(const NAME&) = delete;         \
        TYPE* get() noexcept { return &v; }            \
        const TYPE* get() const noexcept { return &v; } \
    };

P11_MBED_HANDLE(mpi, mbedtls_mpi, mbedtls_mpi_init, mbedtls_mpi_free)
P11_MBED_HANDLE(ecp_point, mbedtls_ecp_point, mbedtls_ecp_point_init, mbedtls_ecp_point_free)
P11_MBED_HANDLE(ecp_group, mbedtls_ecp_group, mbedtls_ecp_group_init, mbedtls_ecp_group_free)
P11_MBED_HANDLE(md_context, mbedtls_md_context_t, mbedtls_md_init, mbedtls_md_free)
P11_MBED_HANDLE(aes_context, mbedtls_aes_context, mbedtls_aes_init, mbedtls_aes_free)

#undef P11_MBED_HANDLE

struct rsa_context {
    mbedtls_rsa_context v;
    rsa_context() noexcept { mbedtls_rsa_init(&v, MBEDTLS_RSA_PKCS_V15, 0); }
    ~rsa_context() { mbedtls_rsa_free(&v); }
    rsa_context(const rsa_context&) = delete;
    rsa_context& operator=(const rsa_context&) = delete;
    mbedtls_rsa_context* get() noexcept { return &v; }
    const mbedtls_rsa_context* get() const noexcept { return &v; }
};

} // namespace p11::crypto::mbed
