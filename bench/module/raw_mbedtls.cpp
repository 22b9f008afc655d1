// The physical limit for the module's crypto on its default backend: the
// operations of p11forge-bench, by the same names, straight on mbedTLS 2.28
// with prepared keys and no PKCS #11 in between.  Hashing is part of each
// sign/verify, as in the module's SHA256-RSA-PKCS/PSS mechanisms.  Each
// thread has its own key context and DRBG (one shared context would
// serialise the threads on its mutex, which is not the library's limit).
//   raw-mbedtls [--seconds S] [--only NAME]   prints "name value unit" lines
#include <cstdlib>
#include <cstring>
#include <memory>
#include <vector>

#include <mbedtls/aes.h>
#include <mbedtls/chachapoly.h>
#include <mbedtls/cipher.h>
#include <mbedtls/ctr_drbg.h>
#include <mbedtls/ecdh.h>
#include <mbedtls/ecdsa.h>
#include <mbedtls/entropy.h>
#include <mbedtls/gcm.h>
#include <string_view>
#include <mbedtls/rsa.h>
#include <mbedtls/sha256.h>

#include "timing.hpp"

namespace {

using namespace bench;

void check(int ret, const char* what) {
    if (ret != 0) {
        std::fprintf(stderr, "%s: -0x%04x\n", what, -ret);
        std::exit(1);
    }
}

struct drbg {
    mbedtls_entropy_context entropy;
    mbedtls_ctr_drbg_context ctx;
    drbg() {
        mbedtls_entropy_init(&entropy);
        mbedtls_ctr_drbg_init(&ctx);
        check(mbedtls_ctr_drbg_seed(&ctx, mbedtls_entropy_func, &entropy, nullptr, 0), "drbg");
    }
    ~drbg() {
        mbedtls_ctr_drbg_free(&ctx);
        mbedtls_entropy_free(&entropy);
    }
};
int drbg_random(void* d, unsigned char* out, std::size_t n) { return mbedtls_ctr_drbg_random(&static_cast<drbg*>(d)->ctx, out, n); }

// One thread's copy of the RSA key, in the padding mode of the benchmark.
struct rsa_key {
    mbedtls_rsa_context ctx;
    rsa_key(const mbedtls_rsa_context& from, int padding, mbedtls_md_type_t hash) {
        mbedtls_rsa_init(&ctx, padding, hash);
        check(mbedtls_rsa_copy(&ctx, &from), "rsa copy");
        mbedtls_rsa_set_padding(&ctx, padding, hash);
    }
    ~rsa_key() { mbedtls_rsa_free(&ctx); }
};

const std::vector<unsigned char> message(1024, 0x5a), kib(1024, 0x5a), mib(1 << 20, 0x33);

void rsa_benchmarks(drbg& rng, const mbedtls_rsa_context& key) {
    struct variant {
        const char* name;
        int padding;
    };
    for (const variant v : {variant{"rsa2048-pkcs", MBEDTLS_RSA_PKCS_V15}, variant{"rsa2048-pss", MBEDTLS_RSA_PKCS_V21}}) {
        for (int threads : {1, 2}) {
            const std::string name = std::string(v.name) + "-sign" + (threads == 2 ? "-2threads" : "");
            if (!wanted(name)) continue;
            std::vector<std::unique_ptr<rsa_key>> keys;
            std::vector<std::unique_ptr<drbg>> rngs;
            report(name,
                   rate(threads,
                        [&](int) {
                            auto* k = keys.emplace_back(std::make_unique<rsa_key>(key, v.padding, MBEDTLS_MD_SHA256)).get();
                            auto* r = rngs.emplace_back(std::make_unique<drbg>()).get();
                            return [k, r] {
                                unsigned char digest[32], sig[256];
                                mbedtls_sha256_ret(message.data(), message.size(), digest, 0);
                                check(mbedtls_rsa_pkcs1_sign(&k->ctx, drbg_random, r, MBEDTLS_RSA_PRIVATE, MBEDTLS_MD_SHA256, 32, digest, sig),
                                      "rsa sign");
                            };
                        }),
                   "ops/s");
        }
        const std::string name = std::string(v.name) + "-verify";
        if (!wanted(name)) continue;
        rsa_key k(key, v.padding, MBEDTLS_MD_SHA256);
        unsigned char digest[32], sig[256];
        mbedtls_sha256_ret(message.data(), message.size(), digest, 0);
        check(mbedtls_rsa_pkcs1_sign(&k.ctx, drbg_random, &rng, MBEDTLS_RSA_PRIVATE, MBEDTLS_MD_SHA256, 32, digest, sig), "rsa sign");
        report(name, rate([&] {
                   unsigned char d[32];
                   mbedtls_sha256_ret(message.data(), message.size(), d, 0);
                   check(mbedtls_rsa_pkcs1_verify(&k.ctx, nullptr, nullptr, MBEDTLS_RSA_PUBLIC, MBEDTLS_MD_SHA256, 32, d, sig), "rsa verify");
               }),
               "ops/s");
    }
    if (wanted("rsa2048-oaep-decrypt")) {
        rsa_key k(key, MBEDTLS_RSA_PKCS_V21, MBEDTLS_MD_SHA1);
        const unsigned char secret[32] = {0x17};
        unsigned char cipher[256];
        check(mbedtls_rsa_pkcs1_encrypt(&k.ctx, drbg_random, &rng, MBEDTLS_RSA_PUBLIC, sizeof secret, secret, cipher), "oaep encrypt");
        report("rsa2048-oaep-decrypt", rate([&] {
                   unsigned char plain[256];
                   std::size_t n = 0;
                   check(mbedtls_rsa_pkcs1_decrypt(&k.ctx, drbg_random, &rng, MBEDTLS_RSA_PRIVATE, &n, cipher, plain, sizeof plain),
                         "oaep decrypt");
               }),
               "ops/s");
    }
}

struct ec_key {
    mbedtls_ecdsa_context ctx;
    explicit ec_key(const mbedtls_ecdsa_context& from) {
        mbedtls_ecdsa_init(&ctx);
        check(mbedtls_ecdsa_from_keypair(&ctx, &from), "ec copy");
    }
    ~ec_key() { mbedtls_ecdsa_free(&ctx); }
};

void ec_benchmarks(drbg& rng) {
    mbedtls_ecdsa_context key;
    mbedtls_ecdsa_init(&key);
    check(mbedtls_ecdsa_genkey(&key, MBEDTLS_ECP_DP_SECP256R1, drbg_random, &rng), "ec keygen");
    const unsigned char digest[32] = {0x42};
    for (int threads : {1, 2}) {
        const std::string name = std::string("ecdsa-p256-sign") + (threads == 2 ? "-2threads" : "");
        if (!wanted(name)) continue;
        std::vector<std::unique_ptr<ec_key>> keys;
        std::vector<std::unique_ptr<drbg>> rngs;
        report(name,
               rate(threads,
                    [&](int) {
                        auto* k = keys.emplace_back(std::make_unique<ec_key>(key)).get();
                        auto* r = rngs.emplace_back(std::make_unique<drbg>()).get();
                        return [k, r, &digest] {
                            unsigned char sig[MBEDTLS_ECDSA_MAX_LEN];
                            std::size_t n = 0;
                            check(mbedtls_ecdsa_write_signature(&k->ctx, MBEDTLS_MD_SHA256, digest, 32, sig, &n, drbg_random, r), "ecdsa sign");
                        };
                    }),
               "ops/s");
    }
    if (wanted("ecdsa-p256-verify")) {
        unsigned char sig[MBEDTLS_ECDSA_MAX_LEN];
        std::size_t n = 0;
        check(mbedtls_ecdsa_write_signature(&key, MBEDTLS_MD_SHA256, digest, 32, sig, &n, drbg_random, &rng), "ecdsa sign");
        report("ecdsa-p256-verify", rate([&] { check(mbedtls_ecdsa_read_signature(&key, digest, 32, sig, n), "ecdsa verify"); }), "ops/s");
    }
    if (wanted("ec-p256-keygen-destroy"))
        report("ec-p256-keygen-destroy", rate([&] {
                   mbedtls_ecdsa_context k;
                   mbedtls_ecdsa_init(&k);
                   check(mbedtls_ecdsa_genkey(&k, MBEDTLS_ECP_DP_SECP256R1, drbg_random, &rng), "ec keygen");
                   mbedtls_ecdsa_free(&k);
               }),
               "ops/s");
    mbedtls_ecdsa_free(&key);
}

void aes_benchmarks(drbg& rng) {
    const unsigned char key[32] = {7};
    unsigned char iv[16] = {1}, tag[16];
    std::vector<unsigned char> out(mib.size() + 16);
    mbedtls_gcm_context gcm;
    mbedtls_gcm_init(&gcm);
    check(mbedtls_gcm_setkey(&gcm, MBEDTLS_CIPHER_ID_AES, key, 256), "gcm key");
    // The message-based row (C_EncryptMessage) is the same work for the library.
    for (const auto* name : {"aes256-gcm-1KiB", "aes256-gcm-1KiB-message", "aes256-gcm-1MiB"}) {
        const auto* data = std::string_view(name) == "aes256-gcm-1MiB" ? &mib : &kib;
        const bool bulk = data == &mib;
        if (!wanted(name)) continue;
        const double r = rate([&] {
            check(mbedtls_gcm_crypt_and_tag(&gcm, MBEDTLS_GCM_ENCRYPT, data->size(), iv, 12, nullptr, 0, data->data(), out.data(), 16, tag),
                  "gcm");
        });
        report(name, bulk ? r * static_cast<double>(data->size()) / (1 << 20) : r, bulk ? "MiB/s" : "ops/s");
    }
    mbedtls_gcm_free(&gcm);

    if (wanted("aes256-cbc-pad-1MiB")) {
        mbedtls_cipher_context_t cbc;
        mbedtls_cipher_init(&cbc);
        check(mbedtls_cipher_setup(&cbc, mbedtls_cipher_info_from_type(MBEDTLS_CIPHER_AES_256_CBC)), "cbc setup");
        check(mbedtls_cipher_setkey(&cbc, key, 256, MBEDTLS_ENCRYPT), "cbc key");
        check(mbedtls_cipher_set_padding_mode(&cbc, MBEDTLS_PADDING_PKCS7), "cbc padding");
        report("aes256-cbc-pad-1MiB", rate([&] {
                   std::size_t n = 0;
                   check(mbedtls_cipher_crypt(&cbc, iv, 16, mib.data(), mib.size(), out.data(), &n), "cbc");
               }) * static_cast<double>(mib.size()) / (1 << 20),
               "MiB/s");
        mbedtls_cipher_free(&cbc);
    }

    // RFC 3394 on the bare block cipher (mbedTLS's NIST_KW module is off in
    // Debian's build): 6n block operations for n 64-bit blocks of key.
    const auto wrap_rate = [&](int mode) {
        mbedtls_aes_context aes;
        mbedtls_aes_init(&aes);
        check(mode == MBEDTLS_AES_ENCRYPT ? mbedtls_aes_setkey_enc(&aes, key, 256) : mbedtls_aes_setkey_dec(&aes, key, 256), "aes key");
        const double r = rate([&] {
            unsigned char block[16] = {0xa6};
            for (int i = 0; i < 6 * 4; ++i) check(mbedtls_aes_crypt_ecb(&aes, mode, block, block), "aes");
        });
        mbedtls_aes_free(&aes);
        return r;
    };
    if (wanted("aes256-wrap")) report("aes256-wrap", wrap_rate(MBEDTLS_AES_ENCRYPT), "ops/s");
    if (wanted("aes256-unwrap-destroy")) report("aes256-unwrap-destroy", wrap_rate(MBEDTLS_AES_DECRYPT), "ops/s");

    unsigned char random32[32];
    if (wanted("aes256-keygen-destroy"))
        report("aes256-keygen-destroy", rate([&] { check(mbedtls_ctr_drbg_random(&rng.ctx, random32, 32), "random"); }), "ops/s");
}

// ChaCha20-Poly1305 (RFC 8439) on one context keyed once; the
// message-based rows are the same work for the library.
void chacha_benchmarks() {
    const unsigned char key[32] = {7}, nonce[12] = {1};
    unsigned char tag[16];
    std::vector<unsigned char> out(mib.size());
    mbedtls_chachapoly_context ctx;
    mbedtls_chachapoly_init(&ctx);
    check(mbedtls_chachapoly_setkey(&ctx, key), "chachapoly key");
    for (const auto* name : {"chacha20-poly1305-1KiB", "chacha20-poly1305-1KiB-message", "chacha20-poly1305-1MiB",
                             "chacha20-poly1305-1MiB-message"}) {
        if (!wanted(name)) continue;
        const bool bulk = std::string_view(name).find("1MiB") != std::string_view::npos;
        const auto& data = bulk ? mib : kib;
        const double r = rate([&] {
            check(mbedtls_chachapoly_encrypt_and_tag(&ctx, data.size(), nonce, nullptr, 0, data.data(), out.data(), tag),
                  "chachapoly");
        });
        report(name, bulk ? r * static_cast<double>(data.size()) / (1 << 20) : r, bulk ? "MiB/s" : "ops/s");
    }
    mbedtls_chachapoly_free(&ctx);
}

// X25519 (RFC 7748) on one curve group loaded once: a key pair, and the
// shared secret of two.  mbedTLS 2.28 has no Ed25519.
void x25519_benchmarks(drbg& rng) {
    if (!wanted("x25519-keygen-destroy") && !wanted("x25519-derive-destroy")) return;
    mbedtls_ecp_group grp;
    mbedtls_ecp_group_init(&grp);
    check(mbedtls_ecp_group_load(&grp, MBEDTLS_ECP_DP_CURVE25519), "curve25519");
    mbedtls_mpi da, db, z;
    mbedtls_ecp_point qa, qb;
    for (auto* m : {&da, &db, &z}) mbedtls_mpi_init(m);
    for (auto* q : {&qa, &qb}) mbedtls_ecp_point_init(q);
    if (wanted("x25519-keygen-destroy"))
        report("x25519-keygen-destroy", rate([&] {
                   mbedtls_mpi d;
                   mbedtls_ecp_point q;
                   mbedtls_mpi_init(&d);
                   mbedtls_ecp_point_init(&q);
                   check(mbedtls_ecp_gen_keypair(&grp, &d, &q, drbg_random, &rng), "x25519 keygen");
                   mbedtls_ecp_point_free(&q);
                   mbedtls_mpi_free(&d);
               }),
               "ops/s");
    if (wanted("x25519-derive-destroy")) {
        check(mbedtls_ecp_gen_keypair(&grp, &da, &qa, drbg_random, &rng), "x25519 keygen");
        check(mbedtls_ecp_gen_keypair(&grp, &db, &qb, drbg_random, &rng), "x25519 keygen");
        // The peer's public value arrives as bytes (raw_openssl.cpp says why).
        unsigned char peer[32];
        std::size_t peer_length = 0;
        check(mbedtls_ecp_point_write_binary(&grp, &qb, MBEDTLS_ECP_PF_UNCOMPRESSED, &peer_length, peer, sizeof peer),
              "peer bytes");
        report("x25519-derive-destroy", rate([&] {
                   unsigned char secret[32];
                   mbedtls_ecp_point other;
                   mbedtls_ecp_point_init(&other);
                   check(mbedtls_ecp_point_read_binary(&grp, &other, peer, peer_length), "peer point");
                   check(mbedtls_ecdh_compute_shared(&grp, &z, &other, &da, drbg_random, &rng), "x25519");
                   mbedtls_ecp_point_free(&other);
                   check(mbedtls_mpi_write_binary_le(&z, secret, sizeof secret), "x25519 secret");
               }),
               "ops/s");
    }
    for (auto* m : {&da, &db, &z}) mbedtls_mpi_free(m);
    for (auto* q : {&qa, &qb}) mbedtls_ecp_point_free(q);
    mbedtls_ecp_group_free(&grp);
}

} // namespace

int main(int argc, char** argv) {
    parse_options(argc, argv, 1);
    drbg rng;
    if (wanted_any("rsa2048")) {  // key generation takes seconds here
        mbedtls_rsa_context rsa;
        mbedtls_rsa_init(&rsa, MBEDTLS_RSA_PKCS_V15, 0);
        check(mbedtls_rsa_gen_key(&rsa, drbg_random, &rng, 2048, 65537), "rsa keygen");
        rsa_benchmarks(rng, rsa);
        mbedtls_rsa_free(&rsa);
    }
    ec_benchmarks(rng);
    aes_benchmarks(rng);
    chacha_benchmarks();
    x25519_benchmarks(rng);
    if (wanted("sha256-1MiB"))
        report("sha256-1MiB", rate([&] {
                   unsigned char digest[32];
                   mbedtls_sha256_ret(mib.data(), mib.size(), digest, 0);
               }) * static_cast<double>(mib.size()) / (1 << 20),
               "MiB/s");
    if (wanted("random-32"))
        report("random-32", rate([&] {
                   unsigned char out[32];
                   check(mbedtls_ctr_drbg_random(&rng.ctx, out, 32), "random");
               }),
               "ops/s");
    return 0;
}
