// Glue between the crypto API and Windows CNG (bcrypt.dll) shared by the
// backend's files: algorithm providers opened once per process, owners of
// key and hash handles, and what an NTSTATUS means.
#pragma once

// windows.h defines a few STATUS_* values itself unless WIN32_NO_STATUS is
// set; ntstatus.h defines them all.
// clang-format off
#define WIN32_NO_STATUS
#include <windows.h>
#undef WIN32_NO_STATUS
#include <ntstatus.h>
#include <bcrypt.h>
// clang-format on

#include <cstdint>
#include <memory>

#include "crypto/backend_error.hpp"
#include "crypto/hash.hpp"
#include "crypto/types.hpp"

namespace p11::crypto::cng {

[[nodiscard]] constexpr bool ok(NTSTATUS s) noexcept { return s >= 0; }

// What an NTSTATUS from bcrypt.dll means.  STATUS_NOT_IMPLEMENTED and
// STATUS_NOT_SUPPORTED (an algorithm, padding or curve this CNG lacks; wine 8
// answers so for OAEP, raw RSA, P-521) are `unsupported`.
[[nodiscard]] backend_error classify_error(NTSTATUS s) noexcept;
// The same as a crypto::status, for calls that return one: `failure` is what
// any failure other than unsupported and memory means there (bad_signature
// for a verification, decrypt_failed for an unwrap...).
[[nodiscard]] status status_of(NTSTATUS s, status failure) noexcept;
// For steps that return nothing (hash, MAC, the AES block).
void throw_if_failed(NTSTATUS s);

// Algorithm providers, opened on first use and kept for the life of the
// process (CNG allows one handle to serve every thread; opening one costs far
// more than an operation).  nullptr when this CNG lacks the algorithm.
enum class provider : std::uint8_t {
    sha1, sha256, sha384, sha512,
    hmac_sha1, hmac_sha256, hmac_sha384, hmac_sha512,
    aes_ecb, aes_gcm,
    rsa,
    ecdsa_p256, ecdsa_p384, ecdsa_p521,
    ecdh_p256, ecdh_p384, ecdh_p521,
    des3,  // in CNG's default chaining mode (CBC): wine 8 refuses ECB for 3DES (cng/des3.cpp)
};
[[nodiscard]] BCRYPT_ALG_HANDLE algorithm(provider p) noexcept;

// CNG's name of a hash (BCRYPT_SHA256_ALGORITHM ...), nullptr for SHA-224,
// which CNG does not have.
[[nodiscard]] const wchar_t* hash_name(hash_alg h) noexcept;
// The hash or HMAC provider of h; nullptr for SHA-224.
[[nodiscard]] BCRYPT_ALG_HANDLE hash_provider(hash_alg h, bool hmac) noexcept;

// Owners.  BCryptDestroyKey and BCryptDestroyHash free the objects CNG
// allocated for the handle (wiping their keys).
struct key_deleter {
    void operator()(void* h) const noexcept { BCryptDestroyKey(static_cast<BCRYPT_KEY_HANDLE>(h)); }
};
struct hash_deleter {
    void operator()(void* h) const noexcept { BCryptDestroyHash(static_cast<BCRYPT_HASH_HANDLE>(h)); }
};
struct secret_deleter {
    void operator()(void* h) const noexcept { BCryptDestroySecret(static_cast<BCRYPT_SECRET_HANDLE>(h)); }
};
using key_handle = std::unique_ptr<void, key_deleter>;
using hash_handle = std::unique_ptr<void, hash_deleter>;
using secret_handle = std::unique_ptr<void, secret_deleter>;

// A key pair imported from a CNG blob; empty with the status in `st` on failure.
[[nodiscard]] key_handle import_pair(BCRYPT_ALG_HANDLE alg, const wchar_t* blob_type, bytes_view blob, NTSTATUS& st,
                                     ULONG flags = 0) noexcept;
// A key exported as a CNG blob (secure: private blobs hold the key).
[[nodiscard]] NTSTATUS export_pair(BCRYPT_KEY_HANDLE key, const wchar_t* blob_type, secure_bytes& out);

// A ULONG for a length; CNG takes no more.
[[nodiscard]] inline ULONG ulong(std::size_t n) noexcept { return static_cast<ULONG>(n); }
// CNG's in-parameters are not const-qualified.
[[nodiscard]] inline PUCHAR in(const byte* p) noexcept { return const_cast<PUCHAR>(p); }

} // namespace p11::crypto::cng
