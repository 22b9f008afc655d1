// What the platform's crypto lacks, said by name at run time.  Only the CNG
// backend may lack an operation: each CNG has its own set (wine 8's has no
// raw RSA, hence none of OAEP, recovery or PSS beyond CNG's own; no P-521).
// A test probes by running the operation: `unsupported` from it (or no key
// from a loader, for a curve) means the platform lacks it.  Catch2 v2 has no
// skip, so the skipped part is a warning naming what is missing plus a
// CHECK_NOFAIL that fails, which Catch counts as "failed as expected", never
// as passed.  On mbedTLS and OpenSSL nothing may be lacking: `unsupported`
// is then checked like any other status and fails.
#pragma once

#include <catch2/catch.hpp>

#include "crypto/error.hpp"

namespace test {

inline bool lacking(bool missing, const char* what) {
#if defined(P11FORGE_CRYPTO_CNG)
    if (missing) {
        WARN("skipped: this CNG lacks " << what);
        CHECK_NOFAIL(what == nullptr);  // "failed as expected": counted as not run
        return true;
    }
#else
    (void)missing;
    (void)what;
#endif
    return false;
}

inline bool lacking(p11::crypto::status st, const char* what) {
    return lacking(st == p11::crypto::status::unsupported, what);
}

} // namespace test

// The status of `expr` must be `expected`, unless the platform lacks it
// (then the rest of the test case is skipped by name: `return`).
#define REQUIRE_STATUS(expr, expected, what)              \
    do {                                                  \
        const auto status_ = (expr);                      \
        if (test::lacking(status_, what)) return;         \
        REQUIRE(status_ == (expected));                   \
    } while (0)
#define CHECK_STATUS(expr, expected, what)                \
    do {                                                  \
        const auto status_ = (expr);                      \
        if (!test::lacking(status_, what)) CHECK(status_ == (expected)); \
    } while (0)

// Names of what a CNG may lack, as the tests report them.
#define LACKS_RAW_RSA "raw RSA (BCRYPT_PAD_NONE)"
#define LACKS_OAEP "raw RSA (BCRYPT_PAD_NONE), on which OAEP runs"
#define LACKS_RECOVERY "raw RSA (BCRYPT_PAD_NONE), on which v1.5 signature recovery runs"
#define LACKS_V15_ANY "PKCS #1 v1.5 signatures of a payload other than a DigestInfo (pszAlgId = NULL) and raw RSA"
#define LACKS_PSS "PSS with this hash pair in CNG and raw RSA (BCRYPT_PAD_NONE) for the shared EMSA-PSS"

#if defined(P11FORGE_CRYPTO_CNG)
// clang-format off
#include <windows.h>
#include <bcrypt.h>
// clang-format on
#endif

#include "crypto/ec.hpp"

namespace test {

// The platform's own answer, asked without the backend: can CNG open the
// ECDSA provider of this curve?  (wine 8: not for P-521.)
inline bool lacks_curve(p11::crypto::curve c) {
#if defined(P11FORGE_CRYPTO_CNG)
    const wchar_t* name = c == p11::crypto::curve::p256   ? BCRYPT_ECDSA_P256_ALGORITHM
                          : c == p11::crypto::curve::p384 ? BCRYPT_ECDSA_P384_ALGORITHM
                                                          : BCRYPT_ECDSA_P521_ALGORITHM;
    BCRYPT_ALG_HANDLE h = nullptr;
    if (BCryptOpenAlgorithmProvider(&h, name, nullptr, 0) < 0) return lacking(true, "this curve's ECDSA provider");
    BCryptCloseAlgorithmProvider(h, 0);
#else
    (void)c;
#endif
    return false;
}

} // namespace test
