#include "crypto/cng/support.hpp"
#include "crypto/error.hpp"

#include <array>
#include <cwchar>
#include <limits>
#include <new>

namespace p11::crypto::cng {

backend_error classify_error(NTSTATUS s) noexcept {
    if (ok(s)) return backend_error::none;
    switch (s) {
    case STATUS_NO_MEMORY:
    case STATUS_INSUFFICIENT_RESOURCES: return backend_error::out_of_memory;
    case STATUS_INVALID_PARAMETER:
    case STATUS_INVALID_HANDLE:
    case STATUS_BUFFER_TOO_SMALL:
    case STATUS_INVALID_BUFFER_SIZE:
    case STATUS_DATA_ERROR:
    case STATUS_INVALID_SIGNATURE: return backend_error::bad_input;
    case STATUS_NOT_IMPLEMENTED:
    case STATUS_NOT_SUPPORTED:
    case STATUS_NOT_FOUND: return backend_error::unsupported;
    case STATUS_IO_DEVICE_ERROR: return backend_error::hardware;
    default: return backend_error::other;
    }
}

status status_of(NTSTATUS s, status failure) noexcept {
    switch (classify_error(s)) {
    case backend_error::none: return status::ok;
    case backend_error::unsupported: return status::unsupported;
    case backend_error::out_of_memory:
    case backend_error::hardware: return status::internal;
    default: return failure;
    }
}

void throw_if_failed(NTSTATUS s) { throw_backend_error(classify_error(s), static_cast<long>(s)); }

namespace {

struct provider_spec {
    const wchar_t* name;
    ULONG flags;
};

provider_spec spec(provider p) noexcept {
    switch (p) {
    case provider::sha1: return {BCRYPT_SHA1_ALGORITHM, 0};
    case provider::sha256: return {BCRYPT_SHA256_ALGORITHM, 0};
    case provider::sha384: return {BCRYPT_SHA384_ALGORITHM, 0};
    case provider::sha512: return {BCRYPT_SHA512_ALGORITHM, 0};
    case provider::hmac_sha1: return {BCRYPT_SHA1_ALGORITHM, BCRYPT_ALG_HANDLE_HMAC_FLAG};
    case provider::hmac_sha256: return {BCRYPT_SHA256_ALGORITHM, BCRYPT_ALG_HANDLE_HMAC_FLAG};
    case provider::hmac_sha384: return {BCRYPT_SHA384_ALGORITHM, BCRYPT_ALG_HANDLE_HMAC_FLAG};
    case provider::hmac_sha512: return {BCRYPT_SHA512_ALGORITHM, BCRYPT_ALG_HANDLE_HMAC_FLAG};
    case provider::aes_ecb:
    case provider::aes_gcm: return {BCRYPT_AES_ALGORITHM, 0};
    case provider::rsa: return {BCRYPT_RSA_ALGORITHM, 0};
    case provider::ecdsa_p256: return {BCRYPT_ECDSA_P256_ALGORITHM, 0};
    case provider::ecdsa_p384: return {BCRYPT_ECDSA_P384_ALGORITHM, 0};
    case provider::ecdsa_p521: return {BCRYPT_ECDSA_P521_ALGORITHM, 0};
    case provider::ecdh_p256: return {BCRYPT_ECDH_P256_ALGORITHM, 0};
    case provider::ecdh_p384: return {BCRYPT_ECDH_P384_ALGORITHM, 0};
    case provider::ecdh_p521: return {BCRYPT_ECDH_P521_ALGORITHM, 0};
    case provider::des3: return {BCRYPT_3DES_ALGORITHM, 0};
    }
    return {nullptr, 0};
}

constexpr std::size_t provider_count = static_cast<std::size_t>(provider::des3) + 1;

BCRYPT_ALG_HANDLE open(provider p) noexcept {
    const provider_spec s = spec(p);
    BCRYPT_ALG_HANDLE h = nullptr;
    if (!ok(BCryptOpenAlgorithmProvider(&h, s.name, nullptr, s.flags))) return nullptr;
    if (p == provider::aes_ecb || p == provider::aes_gcm) {
        // The mode is a property of the provider handle: one handle per mode.
        const wchar_t* name = p == provider::aes_ecb ? BCRYPT_CHAIN_MODE_ECB : BCRYPT_CHAIN_MODE_GCM;
        auto* mode = reinterpret_cast<PUCHAR>(const_cast<wchar_t*>(name));
        const ULONG size = static_cast<ULONG>((std::wcslen(name) + 1) * sizeof(wchar_t));
        if (!ok(BCryptSetProperty(h, BCRYPT_CHAINING_MODE, mode, size, 0))) {
            BCryptCloseAlgorithmProvider(h, 0);
            return nullptr;
        }
    }
    return h;
}

} // namespace

BCRYPT_ALG_HANDLE algorithm(provider p) noexcept {
    // Opened once each, on first use; never closed (the process or the DLL's
    // unload ends them).  A failed open is remembered too: the algorithm is
    // not there.
    static const std::array<BCRYPT_ALG_HANDLE, provider_count> handles = [] {
        std::array<BCRYPT_ALG_HANDLE, provider_count> h{};
        for (std::size_t i = 0; i < provider_count; ++i) h[i] = open(static_cast<provider>(i));
        return h;
    }();
    return handles[static_cast<std::size_t>(p)];
}

const wchar_t* hash_name(hash_alg h) noexcept {
    switch (h) {
    case hash_alg::sha1: return BCRYPT_SHA1_ALGORITHM;
    case hash_alg::sha224: return nullptr;
    case hash_alg::sha256: return BCRYPT_SHA256_ALGORITHM;
    case hash_alg::sha384: return BCRYPT_SHA384_ALGORITHM;
    case hash_alg::sha512: return BCRYPT_SHA512_ALGORITHM;
    // CNG before Windows 11 24H2 has no SHA-3 (capabilities.hpp: sha3 is false).
    case hash_alg::sha3_224:
    case hash_alg::sha3_256:
    case hash_alg::sha3_384:
    case hash_alg::sha3_512: return nullptr;
    }
    return nullptr;
}

BCRYPT_ALG_HANDLE hash_provider(hash_alg h, bool hmac) noexcept {
    switch (h) {
    case hash_alg::sha1: return algorithm(hmac ? provider::hmac_sha1 : provider::sha1);
    case hash_alg::sha224: return nullptr;
    case hash_alg::sha256: return algorithm(hmac ? provider::hmac_sha256 : provider::sha256);
    case hash_alg::sha384: return algorithm(hmac ? provider::hmac_sha384 : provider::sha384);
    case hash_alg::sha512: return algorithm(hmac ? provider::hmac_sha512 : provider::sha512);
    case hash_alg::sha3_224:
    case hash_alg::sha3_256:
    case hash_alg::sha3_384:
    case hash_alg::sha3_512: return nullptr;
    }
    return nullptr;
}

key_handle import_pair(BCRYPT_ALG_HANDLE alg, const wchar_t* blob_type, bytes_view blob, NTSTATUS& st,
                       ULONG flags) noexcept {
    if (alg == nullptr) {
        st = STATUS_NOT_SUPPORTED;
        return nullptr;
    }
    BCRYPT_KEY_HANDLE h = nullptr;
    st = BCryptImportKeyPair(alg, nullptr, blob_type, &h, in(blob.data()), ulong(blob.size()), flags);
    if (!ok(st)) return nullptr;
    return key_handle(h);
}

NTSTATUS export_pair(BCRYPT_KEY_HANDLE key, const wchar_t* blob_type, secure_bytes& out) {
    ULONG size = 0;
    NTSTATUS st = BCryptExportKey(key, nullptr, blob_type, nullptr, 0, &size, 0);
    if (!ok(st)) return st;
    secure_bytes blob(size);
    st = BCryptExportKey(key, nullptr, blob_type, blob.data(), size, &size, 0);
    if (!ok(st)) return st;
    blob.resize(size);
    out = std::move(blob);
    return st;
}

} // namespace p11::crypto::cng

namespace p11::crypto {

// The library keeps no per-thread error state of ours (crypto/error.hpp).
error_batch::error_batch() noexcept = default;
error_batch::~error_batch() = default;

} // namespace p11::crypto
