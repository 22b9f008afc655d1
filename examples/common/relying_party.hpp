// The application's own side of the seed's flow, done with OpenSSL as a
// relying party would: the hash a bare signature mechanism signs (a 2.11-era
// token may list no hashing mechanism at all), the check of a signature
// against the certificate rather than against the token's own word, and
// encryption to a certificate whose token holds no public key object.
// OpenSSL, not p11forge: a check by the module's own crypto would prove little.
#pragma once

#include <openssl/bn.h>
#include <openssl/ecdsa.h>
#include <openssl/evp.h>
#include <openssl/rand.h>
#include <openssl/rsa.h>
#include <openssl/x509.h>

#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <vector>

namespace example::host {

using bytes = std::vector<std::uint8_t>;
using bytes_view = std::span<const std::uint8_t>;

enum class hash { sha1, sha256, sha384, sha512 };

inline const char* name(hash h) {
    switch (h) {
    case hash::sha1: return "SHA-1";
    case hash::sha256: return "SHA-256";
    case hash::sha384: return "SHA-384";
    case hash::sha512: return "SHA-512";
    }
    return "?";
}

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

// PKCS #1 v1.5 signs a DigestInfo: the hash's AlgorithmIdentifier, then the
// hash (RFC 8017 section 9.2, note 1 lists these prefixes).
inline bytes digest_info(hash h, bytes_view data) {
    static const std::uint8_t sha1[] = {0x30, 0x21, 0x30, 0x09, 0x06, 0x05, 0x2b, 0x0e, 0x03, 0x02, 0x1a, 0x05, 0x00, 0x04, 0x14};
    static const std::uint8_t sha256[] = {0x30, 0x31, 0x30, 0x0d, 0x06, 0x09, 0x60, 0x86, 0x48, 0x01,
                                          0x65, 0x03, 0x04, 0x02, 0x01, 0x05, 0x00, 0x04, 0x20};
    static const std::uint8_t sha384[] = {0x30, 0x41, 0x30, 0x0d, 0x06, 0x09, 0x60, 0x86, 0x48, 0x01,
                                          0x65, 0x03, 0x04, 0x02, 0x02, 0x05, 0x00, 0x04, 0x30};
    static const std::uint8_t sha512[] = {0x30, 0x51, 0x30, 0x0d, 0x06, 0x09, 0x60, 0x86, 0x48, 0x01,
                                          0x65, 0x03, 0x04, 0x02, 0x03, 0x05, 0x00, 0x04, 0x40};
    const bytes_view prefix = h == hash::sha1     ? bytes_view(sha1)
                              : h == hash::sha256 ? bytes_view(sha256)
                              : h == hash::sha384 ? bytes_view(sha384)
                                                  : bytes_view(sha512);
    bytes out(prefix.begin(), prefix.end());
    const bytes hashed = digest(h, data);
    out.insert(out.end(), hashed.begin(), hashed.end());
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

// PKCS #11 gives ECDSA signatures as r||s; X.509 and OpenSSL want the DER SEQUENCE.
inline bytes ecdsa_to_der(bytes_view raw) {
    const std::size_t half = raw.size() / 2;
    ECDSA_SIG* sig = ECDSA_SIG_new();
    if (!sig) return {};
    BIGNUM* r = BN_bin2bn(raw.data(), static_cast<int>(half), nullptr);
    BIGNUM* s = BN_bin2bn(raw.data() + half, static_cast<int>(half), nullptr);
    bytes out;
    if (r && s && ECDSA_SIG_set0(sig, r, s) == 1) {
        r = s = nullptr;  // owned by sig now
        unsigned char* der = nullptr;
        const int len = i2d_ECDSA_SIG(sig, &der);
        if (len > 0) out.assign(der, der + len);
        OPENSSL_free(der);
    }
    BN_free(r);
    BN_free(s);
    ECDSA_SIG_free(sig);
    return out;
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

enum class rsa_padding { oaep_sha256, oaep_sha1, pkcs1_v15 };

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
