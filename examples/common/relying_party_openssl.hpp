// The relying party (relying_party.hpp) on OpenSSL's libcrypto: Linux and
// every platform with an OpenSSL; Windows uses CNG (relying_party_cng.hpp).
#pragma once

#include <openssl/evp.h>
#include <openssl/rand.h>
#include <openssl/rsa.h>
#include <openssl/x509.h>

namespace example::host {

inline constexpr const char* library = "OpenSSL";

inline const EVP_MD* md(hash h) {
    switch (h) {
    case hash::sha1: return EVP_sha1();
    case hash::sha256: return EVP_sha256();
    case hash::sha384: return EVP_sha384();
    case hash::sha512: return EVP_sha512();
    }
    return nullptr;
}

inline bytes digest(hash h, bytes_view data) {
    bytes out(EVP_MAX_MD_SIZE);
    unsigned len = 0;
    if (EVP_Digest(data.data(), data.size(), out.data(), &len, md(h), nullptr) != 1) return {};
    out.resize(len);
    return out;
}

struct key_deleter {
    void operator()(EVP_PKEY* k) const { EVP_PKEY_free(k); }
};
using public_key = std::unique_ptr<EVP_PKEY, key_deleter>;

inline public_key certificate_key(bytes_view certificate) {
    const unsigned char* p = certificate.data();
    X509* x = d2i_X509(nullptr, &p, static_cast<long>(certificate.size()));
    if (!x) return nullptr;
    public_key key(X509_get_pubkey(x));
    X509_free(x);
    return key;
}

// True when `signature` (as the token gave it) is the certificate key's
// signature of `message` hashed with `h` (PKCS #1 v1.5 or ECDSA, by key).
inline bool verifies(bytes_view certificate, hash h, bytes_view message, bytes_view signature) {
    auto key = certificate_key(certificate);
    if (!key) return false;
    bytes sig(signature.begin(), signature.end());
    if (EVP_PKEY_base_id(key.get()) == EVP_PKEY_EC) sig = ecdsa_to_der(signature);
    EVP_MD_CTX* ctx = EVP_MD_CTX_new();
    const bool ok = ctx && EVP_DigestVerifyInit(ctx, nullptr, md(h), nullptr, key.get()) == 1 &&
                    EVP_DigestVerify(ctx, sig.data(), sig.size(), message.data(), message.size()) == 1;
    EVP_MD_CTX_free(ctx);
    return ok;
}

// Encrypts to the certificate's RSA key, as a sender who holds only the certificate does.
inline std::optional<bytes> encrypt_to(bytes_view certificate, rsa_padding padding, bytes_view message) {
    auto key = certificate_key(certificate);
    if (!key || EVP_PKEY_base_id(key.get()) != EVP_PKEY_RSA) return std::nullopt;
    EVP_PKEY_CTX* ctx = EVP_PKEY_CTX_new(key.get(), nullptr);
    std::optional<bytes> out;
    bool ready = ctx && EVP_PKEY_encrypt_init(ctx) == 1;
    if (ready && padding == rsa_padding::pkcs1_v15) ready = EVP_PKEY_CTX_set_rsa_padding(ctx, RSA_PKCS1_PADDING) == 1;
    if (ready && padding != rsa_padding::pkcs1_v15) {
        const EVP_MD* h = padding == rsa_padding::oaep_sha256 ? EVP_sha256() : EVP_sha1();
        ready = EVP_PKEY_CTX_set_rsa_padding(ctx, RSA_PKCS1_OAEP_PADDING) == 1 &&
                EVP_PKEY_CTX_set_rsa_oaep_md(ctx, h) == 1 && EVP_PKEY_CTX_set_rsa_mgf1_md(ctx, h) == 1;
    }
    std::size_t len = 0;
    if (ready && EVP_PKEY_encrypt(ctx, nullptr, &len, message.data(), message.size()) == 1) {
        bytes c(len);
        if (EVP_PKEY_encrypt(ctx, c.data(), &len, message.data(), message.size()) == 1) {
            c.resize(len);
            out = std::move(c);
        }
    }
    EVP_PKEY_CTX_free(ctx);
    return out;
}

inline bytes random_bytes(std::size_t n) {
    bytes out(n);
    if (RAND_bytes(out.data(), static_cast<int>(n)) != 1) return {};
    return out;
}

// One AES block under a 256-bit key (ECB: a single block, to compare keys, not to protect data).
inline bytes aes256_block(bytes_view key, bytes_view block, bool encrypt) {
    bytes out(block.size() + 16);
    int len = 0, tail = 0;
    EVP_CIPHER_CTX* ctx = EVP_CIPHER_CTX_new();
    const bool ok = ctx && EVP_CipherInit_ex(ctx, EVP_aes_256_ecb(), nullptr, key.data(), nullptr, encrypt ? 1 : 0) == 1 &&
                    EVP_CIPHER_CTX_set_padding(ctx, 0) == 1 &&
                    EVP_CipherUpdate(ctx, out.data(), &len, block.data(), static_cast<int>(block.size())) == 1 &&
                    EVP_CipherFinal_ex(ctx, out.data() + len, &tail) == 1;
    EVP_CIPHER_CTX_free(ctx);
    if (!ok) return {};
    out.resize(static_cast<std::size_t>(len + tail));
    return out;
}

} // namespace example::host
