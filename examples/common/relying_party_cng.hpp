// The relying party (relying_party.hpp) on Windows' own crypto: CNG
// (bcrypt.dll) hashes, verifies, encrypts and draws random bytes; crypt32.dll
// reads the certificate's public key into a CNG key.  Both ship with Windows,
// so the examples' .exe needs no DLL beside it.  CNG takes ECDSA signatures as
// r||s, as PKCS #11 gives them: no DER on this side.  Where CNG lacks a scheme
// (wine 8: no OAEP) encrypt_to answers nullopt, and the examples try the next.
#pragma once

#include "common/platform.hpp"  // <windows.h>, lean
#include <bcrypt.h>
#include <wincrypt.h>

namespace example::host {

inline constexpr const char* library = "CNG";

namespace cng {

inline bool ok(NTSTATUS status) { return status >= 0; }

struct algorithm {
    BCRYPT_ALG_HANDLE handle = nullptr;
    explicit algorithm(const wchar_t* id) {
        if (!ok(BCryptOpenAlgorithmProvider(&handle, id, nullptr, 0))) handle = nullptr;
    }
    ~algorithm() {
        if (handle) BCryptCloseAlgorithmProvider(handle, 0);
    }
    algorithm(const algorithm&) = delete;
    algorithm& operator=(const algorithm&) = delete;
};

struct key {
    BCRYPT_KEY_HANDLE handle = nullptr;
    bool rsa = false;
    key() = default;
    ~key() {
        if (handle) BCryptDestroyKey(handle);
    }
    key(const key&) = delete;
    key& operator=(const key&) = delete;
};

inline const wchar_t* id(hash h) {
    switch (h) {
    case hash::sha1: return BCRYPT_SHA1_ALGORITHM;
    case hash::sha256: return BCRYPT_SHA256_ALGORITHM;
    case hash::sha384: return BCRYPT_SHA384_ALGORITHM;
    case hash::sha512: return BCRYPT_SHA512_ALGORITHM;
    }
    return nullptr;
}

// The certificate's subject public key as a CNG key (RSA or ECDSA P-256/P-384).
inline bool import_certificate_key(bytes_view certificate, key& out) {
    PCCERT_CONTEXT cert = CertCreateCertificateContext(X509_ASN_ENCODING | PKCS_7_ASN_ENCODING, certificate.data(),
                                                       static_cast<DWORD>(certificate.size()));
    if (!cert) return false;
    CERT_PUBLIC_KEY_INFO* info = &cert->pCertInfo->SubjectPublicKeyInfo;
    out.rsa = std::string(info->Algorithm.pszObjId) == szOID_RSA_RSA;
    const bool imported = CryptImportPublicKeyInfoEx2(X509_ASN_ENCODING, info, 0, nullptr, &out.handle) != FALSE;
    CertFreeCertificateContext(cert);
    if (!imported) out.handle = nullptr;
    return imported;
}

} // namespace cng

inline bytes digest(hash h, bytes_view data) {
    cng::algorithm alg(cng::id(h));
    BCRYPT_HASH_HANDLE state = nullptr;
    DWORD length = 0, got = 0;
    if (!alg.handle ||
        !cng::ok(BCryptGetProperty(alg.handle, BCRYPT_HASH_LENGTH, reinterpret_cast<PUCHAR>(&length), sizeof length, &got, 0)) ||
        !cng::ok(BCryptCreateHash(alg.handle, &state, nullptr, 0, nullptr, 0, 0)))
        return {};
    bytes out(length);
    const bool done = cng::ok(BCryptHashData(state, const_cast<PUCHAR>(data.data()), static_cast<ULONG>(data.size()), 0)) &&
                      cng::ok(BCryptFinishHash(state, out.data(), length, 0));
    BCryptDestroyHash(state);
    if (!done) return {};
    return out;
}

// True when `signature` (as the token gave it) is the certificate key's
// signature of `message` hashed with `h` (PKCS #1 v1.5 or ECDSA, by key).
inline bool verifies(bytes_view certificate, hash h, bytes_view message, bytes_view signature) {
    cng::key k;
    if (!cng::import_certificate_key(certificate, k)) return false;
    bytes hashed = digest(h, message);
    if (hashed.empty()) return false;
    BCRYPT_PKCS1_PADDING_INFO pkcs1{cng::id(h)};
    return cng::ok(BCryptVerifySignature(k.handle, k.rsa ? &pkcs1 : nullptr, hashed.data(), static_cast<ULONG>(hashed.size()),
                                         const_cast<PUCHAR>(signature.data()), static_cast<ULONG>(signature.size()),
                                         k.rsa ? BCRYPT_PAD_PKCS1 : 0));
}

// Encrypts to the certificate's RSA key, as a sender who holds only the certificate does.
// OAEP's mask generation uses the OAEP hash, as on the other platforms.
inline std::optional<bytes> encrypt_to(bytes_view certificate, rsa_padding padding, bytes_view message) {
    cng::key k;
    if (!cng::import_certificate_key(certificate, k) || !k.rsa) return std::nullopt;
    BCRYPT_OAEP_PADDING_INFO oaep{padding == rsa_padding::oaep_sha256 ? BCRYPT_SHA256_ALGORITHM : BCRYPT_SHA1_ALGORITHM,
                                  nullptr, 0};
    const bool pkcs1 = padding == rsa_padding::pkcs1_v15;
    void* info = pkcs1 ? nullptr : &oaep;
    const ULONG flags = pkcs1 ? BCRYPT_PAD_PKCS1 : BCRYPT_PAD_OAEP;
    auto* in = const_cast<PUCHAR>(message.data());
    const auto in_length = static_cast<ULONG>(message.size());
    ULONG length = 0;
    if (!cng::ok(BCryptEncrypt(k.handle, in, in_length, info, nullptr, 0, nullptr, 0, &length, flags))) return std::nullopt;
    bytes out(length);
    if (!cng::ok(BCryptEncrypt(k.handle, in, in_length, info, nullptr, 0, out.data(), length, &length, flags)))
        return std::nullopt;
    out.resize(length);
    return out;
}

inline bytes random_bytes(std::size_t n) {
    bytes out(n);
    if (!cng::ok(BCryptGenRandom(nullptr, out.data(), static_cast<ULONG>(n), BCRYPT_USE_SYSTEM_PREFERRED_RNG))) return {};
    return out;
}

// One AES block under a 256-bit key (ECB: a single block, to compare keys, not to protect data).
inline bytes aes256_block(bytes_view key, bytes_view block, bool encrypt) {
    cng::algorithm aes(BCRYPT_AES_ALGORITHM);
    BCRYPT_KEY_HANDLE k = nullptr;
    auto* mode = const_cast<wchar_t*>(BCRYPT_CHAIN_MODE_ECB);
    if (!aes.handle ||
        !cng::ok(BCryptSetProperty(aes.handle, BCRYPT_CHAINING_MODE, reinterpret_cast<PUCHAR>(mode),
                                   static_cast<ULONG>((wcslen(mode) + 1) * sizeof(wchar_t)), 0)) ||
        !cng::ok(BCryptGenerateSymmetricKey(aes.handle, &k, nullptr, 0, const_cast<PUCHAR>(key.data()),
                                            static_cast<ULONG>(key.size()), 0)))
        return {};
    bytes out(block.size());
    ULONG length = 0;
    auto* in = const_cast<PUCHAR>(block.data());
    const auto n = static_cast<ULONG>(block.size());
    const NTSTATUS status = encrypt ? BCryptEncrypt(k, in, n, nullptr, nullptr, 0, out.data(), n, &length, 0)
                                    : BCryptDecrypt(k, in, n, nullptr, nullptr, 0, out.data(), n, &length, 0);
    BCryptDestroyKey(k);
    if (!cng::ok(status)) return {};
    out.resize(length);
    return out;
}

} // namespace example::host
