// The physical limit for the module's crypto on the OpenSSL backend: the
// operations of p11forge-bench, by the same names, straight on OpenSSL 3
// libcrypto.  Keys are made once; algorithm objects are fetched once; each
// thread has its own operation context, initialised once and reused (what
// `openssl speed` does), so nothing but the primitive is timed.  Hashing is
// part of each RSA sign/verify, as in the module's SHA256-RSA-* mechanisms.
//   raw-openssl [--seconds S] [--only NAME]   prints "name value unit" lines
#include <cstdlib>
#include <cstring>
#include <vector>

#include <openssl/core_names.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/rand.h>
#include <openssl/rsa.h>

#include "timing.hpp"

namespace {

using namespace bench;

void check(int ok, const char* what) {
    if (ok <= 0) {
        std::fprintf(stderr, "%s failed\n", what);
        ERR_print_errors_fp(stderr);
        std::exit(1);
    }
}
template <class T>
T* must(T* p, const char* what) {
    check(p != nullptr, what);
    return p;
}

const std::vector<unsigned char> message(1024, 0x5a), kib(1024, 0x5a), mib(1 << 20, 0x33);
EVP_MD* sha256 = nullptr;
EVP_MD* sha1 = nullptr;

enum class padding { none, pkcs1, pss, oaep };

// A signing or decryption context on `key`, initialised once.
EVP_PKEY_CTX* prepared(EVP_PKEY* key, bool sign, padding p, bool verify = false) {
    EVP_PKEY_CTX* ctx = must(EVP_PKEY_CTX_new_from_pkey(nullptr, key, nullptr), "ctx");
    check(sign ? (verify ? EVP_PKEY_verify_init(ctx) : EVP_PKEY_sign_init(ctx)) : EVP_PKEY_decrypt_init(ctx), "init");
    switch (p) {
    case padding::none: break;
    case padding::pkcs1:
        check(EVP_PKEY_CTX_set_rsa_padding(ctx, RSA_PKCS1_PADDING), "padding");
        check(EVP_PKEY_CTX_set_signature_md(ctx, sha256), "md");
        break;
    case padding::pss:
        check(EVP_PKEY_CTX_set_rsa_padding(ctx, RSA_PKCS1_PSS_PADDING), "padding");
        check(EVP_PKEY_CTX_set_signature_md(ctx, sha256), "md");
        check(EVP_PKEY_CTX_set_rsa_mgf1_md(ctx, sha256), "mgf1");
        check(EVP_PKEY_CTX_set_rsa_pss_saltlen(ctx, 32), "salt");
        break;
    case padding::oaep:
        check(EVP_PKEY_CTX_set_rsa_padding(ctx, RSA_PKCS1_OAEP_PADDING), "padding");
        check(EVP_PKEY_CTX_set_rsa_oaep_md(ctx, sha1), "oaep md");
        check(EVP_PKEY_CTX_set_rsa_mgf1_md(ctx, sha1), "mgf1");
        break;
    }
    return ctx;
}

void sign_benchmarks(const char* base, EVP_PKEY* key, padding p, bool hash_message) {
    const auto to_sign = [&](unsigned char* digest) {
        if (hash_message) check(EVP_Digest(message.data(), message.size(), digest, nullptr, sha256, nullptr), "digest");
        else std::memset(digest, 0x42, 32);
    };
    for (int threads : {1, 2}) {
        const std::string name = std::string(base) + "-sign" + (threads == 2 ? "-2threads" : "");
        if (!wanted(name)) continue;
        std::vector<EVP_PKEY_CTX*> ctxs;
        report(name,
               rate(threads,
                    [&](int) {
                        EVP_PKEY_CTX* ctx = ctxs.emplace_back(prepared(key, true, p));
                        return [ctx, to_sign] {
                            unsigned char digest[32], sig[512];
                            std::size_t n = sizeof sig;
                            to_sign(digest);
                            check(EVP_PKEY_sign(ctx, sig, &n, digest, 32), "sign");
                        };
                    }),
               "ops/s");
        for (auto* c : ctxs) EVP_PKEY_CTX_free(c);
    }
    const std::string name = std::string(base) + "-verify";
    if (!wanted(name)) return;
    EVP_PKEY_CTX* signer = prepared(key, true, p);
    EVP_PKEY_CTX* verifier = prepared(key, true, p, true);
    unsigned char digest[32], sig[512];
    std::size_t n = sizeof sig;
    to_sign(digest);
    check(EVP_PKEY_sign(signer, sig, &n, digest, 32), "sign");
    report(name, rate([&] {
               unsigned char d[32];
               to_sign(d);
               check(EVP_PKEY_verify(verifier, sig, n, d, 32), "verify");
           }),
           "ops/s");
    EVP_PKEY_CTX_free(signer);
    EVP_PKEY_CTX_free(verifier);
}

void oaep_decrypt(EVP_PKEY* key) {
    if (!wanted("rsa2048-oaep-decrypt")) return;
    EVP_PKEY_CTX* enc = must(EVP_PKEY_CTX_new_from_pkey(nullptr, key, nullptr), "ctx");
    check(EVP_PKEY_encrypt_init(enc), "encrypt init");
    check(EVP_PKEY_CTX_set_rsa_padding(enc, RSA_PKCS1_OAEP_PADDING), "padding");
    check(EVP_PKEY_CTX_set_rsa_oaep_md(enc, sha1), "oaep md");
    const unsigned char secret[32] = {0x17};
    unsigned char cipher[256];
    std::size_t cn = sizeof cipher;
    check(EVP_PKEY_encrypt(enc, cipher, &cn, secret, sizeof secret), "encrypt");
    EVP_PKEY_CTX* dec = prepared(key, false, padding::oaep);
    report("rsa2048-oaep-decrypt", rate([&] {
               unsigned char plain[256];
               std::size_t n = sizeof plain;
               check(EVP_PKEY_decrypt(dec, plain, &n, cipher, cn), "decrypt");
           }),
           "ops/s");
    EVP_PKEY_CTX_free(enc);
    EVP_PKEY_CTX_free(dec);
}

// What libp11forge.so does after its OpenSSL calls (src/crypto/openssl/
// support.cpp): OpenSSL 3.0's ChaCha20-Poly1305 assembly returns with the
// vector registers' upper halves in use, which stalls the SSE code after it
// on Intel processors until a VZEROUPPER.  The raw figure is the library
// used at its best, so it does the same.
void clean_vector_state() {
#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))
    static const bool avx = __builtin_cpu_supports("avx") != 0;
    if (avx)
        asm volatile("vzeroupper" ::: "xmm0", "xmm1", "xmm2", "xmm3", "xmm4", "xmm5", "xmm6", "xmm7", "xmm8", "xmm9",
                     "xmm10", "xmm11", "xmm12", "xmm13", "xmm14", "xmm15");
#endif
}

// One cipher context with the key set once; each operation only sets the IV.
void cipher_benchmark(const char* name, const char* algorithm, const std::vector<unsigned char>& data, bool aead) {
    if (!wanted(name)) return;
    EVP_CIPHER* cipher = must(EVP_CIPHER_fetch(nullptr, algorithm, nullptr), "fetch");
    EVP_CIPHER_CTX* ctx = must(EVP_CIPHER_CTX_new(), "cipher ctx");
    const unsigned char key[32] = {7}, iv[16] = {1};
    check(EVP_EncryptInit_ex2(ctx, cipher, key, nullptr, nullptr), "key");
    std::vector<unsigned char> out(data.size() + 32);
    const double r = rate([&] {
        int n = 0, m = 0;
        check(EVP_EncryptInit_ex2(ctx, nullptr, nullptr, iv, nullptr), "iv");
        check(EVP_EncryptUpdate(ctx, out.data(), &n, data.data(), static_cast<int>(data.size())), "update");
        check(EVP_EncryptFinal_ex(ctx, out.data() + n, &m), "final");
        if (aead) {
            unsigned char tag[16];
            check(EVP_CIPHER_CTX_ctrl(ctx, EVP_CTRL_AEAD_GET_TAG, 16, tag), "tag");
        }
        clean_vector_state();
    });
    const bool bulk = data.size() >= (1u << 20);
    report(name, bulk ? r * static_cast<double>(data.size()) / (1 << 20) : r, bulk ? "MiB/s" : "ops/s");
    EVP_CIPHER_CTX_free(ctx);
    EVP_CIPHER_free(cipher);
}

// RFC 3394 (OpenSSL's AES-256-WRAP) of a 32-byte key.
void wrap_benchmark(const char* name, bool wrap) {
    if (!wanted(name)) return;
    EVP_CIPHER* cipher = must(EVP_CIPHER_fetch(nullptr, "AES-256-WRAP", nullptr), "fetch wrap");
    EVP_CIPHER_CTX* ctx = must(EVP_CIPHER_CTX_new(), "cipher ctx");
    const unsigned char kek[32] = {7}, target[32] = {9};
    unsigned char wrapped[40];
    int n = 0, m = 0;
    check(EVP_EncryptInit_ex2(ctx, cipher, kek, nullptr, nullptr), "wrap key");
    check(EVP_EncryptUpdate(ctx, wrapped, &n, target, sizeof target), "wrap");
    check(EVP_EncryptFinal_ex(ctx, wrapped + n, &m), "wrap final");
    const double r = rate([&] {
        unsigned char out[48];
        int a = 0, b = 0;
        if (wrap) {
            check(EVP_EncryptInit_ex2(ctx, cipher, kek, nullptr, nullptr), "wrap init");
            check(EVP_EncryptUpdate(ctx, out, &a, target, sizeof target), "wrap");
            check(EVP_EncryptFinal_ex(ctx, out + a, &b), "wrap final");
        } else {
            check(EVP_DecryptInit_ex2(ctx, cipher, kek, nullptr, nullptr), "unwrap init");
            check(EVP_DecryptUpdate(ctx, out, &a, wrapped, sizeof wrapped), "unwrap");
            check(EVP_DecryptFinal_ex(ctx, out + a, &b), "unwrap final");
        }
    });
    report(name, r, "ops/s");
    EVP_CIPHER_CTX_free(ctx);
    EVP_CIPHER_free(cipher);
}

} // namespace

// Ed25519 over 1 KiB and X25519, as bench/module/curve_ops.cpp asks the modules.
void curve_benchmarks() {
    EVP_PKEY* ed = must(EVP_PKEY_Q_keygen(nullptr, nullptr, "ED25519"), "ed25519 keygen");
    unsigned char sig[64];
    std::size_t n = sizeof sig;
    auto sign = [&] {
        EVP_MD_CTX* ctx = must(EVP_MD_CTX_new(), "md ctx");
        check(EVP_DigestSignInit_ex(ctx, nullptr, nullptr, nullptr, nullptr, ed, nullptr), "sign init");
        n = sizeof sig;
        check(EVP_DigestSign(ctx, sig, &n, kib.data(), kib.size()), "sign");
        EVP_MD_CTX_free(ctx);
    };
    if (wanted("ed25519-1KiB-sign")) report("ed25519-1KiB-sign", rate(sign), "ops/s");
    if (wanted("ed25519-1KiB-verify")) {
        sign();
        report("ed25519-1KiB-verify", rate([&] {
                   EVP_MD_CTX* ctx = must(EVP_MD_CTX_new(), "md ctx");
                   check(EVP_DigestVerifyInit_ex(ctx, nullptr, nullptr, nullptr, nullptr, ed, nullptr), "verify init");
                   check(EVP_DigestVerify(ctx, sig, n, kib.data(), kib.size()), "verify");
                   EVP_MD_CTX_free(ctx);
               }),
               "ops/s");
    }
    // Key generation alone, as the modules' *-keygen-destroy rows make and drop a pair.
    for (const char* algorithm : {"ED25519", "X25519"}) {
        const std::string name = std::string(algorithm[0] == 'E' ? "ed25519" : "x25519") + "-keygen-destroy";
        if (wanted(name))
            report(name, rate([&] { EVP_PKEY_free(must(EVP_PKEY_Q_keygen(nullptr, nullptr, algorithm), "keygen")); }), "ops/s");
    }
    // The peer's public value arrives as bytes, as CKM_ECDH1_DERIVE's
    // parameter gives it (and as a peer's key arrives off the wire): each
    // derivation imports it, which the modules must do too.
    if (wanted("x25519-derive-destroy")) {
        EVP_PKEY* a = must(EVP_PKEY_Q_keygen(nullptr, nullptr, "X25519"), "x25519 keygen");
        EVP_PKEY* b = must(EVP_PKEY_Q_keygen(nullptr, nullptr, "X25519"), "x25519 keygen");
        unsigned char peer[32];
        std::size_t peer_length = sizeof peer;
        check(EVP_PKEY_get_raw_public_key(b, peer, &peer_length), "peer bytes");
        report("x25519-derive-destroy", rate([&] {
                   EVP_PKEY* other = must(EVP_PKEY_new_raw_public_key_ex(nullptr, "X25519", nullptr, peer, peer_length),
                                          "peer key");
                   EVP_PKEY_CTX* ctx = must(EVP_PKEY_CTX_new_from_pkey(nullptr, a, nullptr), "derive ctx");
                   unsigned char z[32];
                   std::size_t zn = sizeof z;
                   check(EVP_PKEY_derive_init(ctx), "derive init");
                   check(EVP_PKEY_derive_set_peer(ctx, other), "peer");
                   check(EVP_PKEY_derive(ctx, z, &zn), "derive");
                   EVP_PKEY_CTX_free(ctx);
                   EVP_PKEY_free(other);
               }),
               "ops/s");
        EVP_PKEY_free(a);
        EVP_PKEY_free(b);
    }
    EVP_PKEY_free(ed);
}

int main(int argc, char** argv) {
    parse_options(argc, argv, 1);
    sha256 = must(EVP_MD_fetch(nullptr, "SHA256", nullptr), "sha256");
    sha1 = must(EVP_MD_fetch(nullptr, "SHA1", nullptr), "sha1");
    EVP_PKEY* rsa = nullptr;
    if (wanted_any("rsa2048")) {
        rsa = must(EVP_PKEY_Q_keygen(nullptr, nullptr, "RSA", static_cast<std::size_t>(2048)), "rsa keygen");
        sign_benchmarks("rsa2048-pkcs", rsa, padding::pkcs1, true);
        sign_benchmarks("rsa2048-pss", rsa, padding::pss, true);
        oaep_decrypt(rsa);
    }
    EVP_PKEY* ec = must(EVP_PKEY_Q_keygen(nullptr, nullptr, "EC", "P-256"), "ec keygen");
    sign_benchmarks("ecdsa-p256", ec, padding::none, false);

    cipher_benchmark("aes256-gcm-1KiB", "AES-256-GCM", kib, true);
    // The message-based row (C_EncryptMessage) is the same work for the library.
    cipher_benchmark("aes256-gcm-1KiB-message", "AES-256-GCM", kib, true);
    cipher_benchmark("aes256-gcm-1MiB", "AES-256-GCM", mib, true);
    cipher_benchmark("aes256-cbc-pad-1MiB", "AES-256-CBC", mib, false);
    // ChaCha20-Poly1305 (RFC 8439), single-part and message-based rows alike.
    for (const char* name : {"chacha20-poly1305-1KiB", "chacha20-poly1305-1KiB-message"})
        cipher_benchmark(name, "ChaCha20-Poly1305", kib, true);
    for (const char* name : {"chacha20-poly1305-1MiB", "chacha20-poly1305-1MiB-message"})
        cipher_benchmark(name, "ChaCha20-Poly1305", mib, true);
    if (wanted("sha256-1MiB"))
        report("sha256-1MiB", rate([&] {
                   unsigned char digest[32];
                   check(EVP_Digest(mib.data(), mib.size(), digest, nullptr, sha256, nullptr), "digest");
               }) * static_cast<double>(mib.size()) / (1 << 20),
               "MiB/s");
    if (wanted("random-32"))
        report("random-32", rate([&] {
                   unsigned char out[32];
                   check(RAND_bytes(out, 32), "random");
               }),
               "ops/s");
    if (wanted("aes256-keygen-destroy"))
        report("aes256-keygen-destroy", rate([&] {
                   unsigned char key[32];
                   check(RAND_priv_bytes(key, 32), "random");
               }),
               "ops/s");
    if (wanted("ec-p256-keygen-destroy"))
        report("ec-p256-keygen-destroy", rate([&] { EVP_PKEY_free(must(EVP_PKEY_Q_keygen(nullptr, nullptr, "EC", "P-256"), "ec keygen")); }),
               "ops/s");
    curve_benchmarks();
    wrap_benchmark("aes256-wrap", true);
    wrap_benchmark("aes256-unwrap-destroy", false);
    EVP_PKEY_free(ec);
    EVP_PKEY_free(rsa);
    EVP_MD_free(sha1);
    EVP_MD_free(sha256);
    return 0;
}
