// The physical limit for the module's crypto: the same operations as
// p11forge-bench, straight on mbedTLS 2.28 (the backend libp11forge.so is
// built on), with prepared keys and no PKCS #11 in between.
//   raw-mbedtls [--seconds S]   prints "name value unit" lines like p11forge-bench
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <functional>
#include <string>
#include <vector>

#include <mbedtls/ctr_drbg.h>
#include <mbedtls/ecdsa.h>
#include <mbedtls/entropy.h>
#include <mbedtls/gcm.h>
#include <mbedtls/rsa.h>
#include <mbedtls/sha256.h>

namespace {

double seconds = 2.0;

double rate(const std::function<void()>& op) {
    using clock_type = std::chrono::steady_clock;
    const auto start = clock_type::now();
    const auto until = start + std::chrono::duration<double>(seconds);
    long n = 0;
    auto now = start;
    while (now < until) {
        op();
        ++n;
        now = clock_type::now();
    }
    return static_cast<double>(n) / std::chrono::duration<double>(clock_type::now() - start).count();
}
void report(const char* name, double v, const char* unit) { std::printf("%-28s %12.1f %s\n", name, v, unit); }
void check(int ret, const char* what) {
    if (ret != 0) {
        std::fprintf(stderr, "%s: -0x%04x\n", what, -ret);
        std::exit(1);
    }
}

} // namespace

int main(int argc, char** argv) {
    if (argc == 3 && std::string(argv[1]) == "--seconds") seconds = std::atof(argv[2]);
    mbedtls_entropy_context entropy;
    mbedtls_ctr_drbg_context drbg;
    mbedtls_entropy_init(&entropy);
    mbedtls_ctr_drbg_init(&drbg);
    check(mbedtls_ctr_drbg_seed(&drbg, mbedtls_entropy_func, &entropy, nullptr, 0), "drbg");

    const std::vector<unsigned char> message(1024, 0x5a), mib(1 << 20, 0x33);
    unsigned char digest[32];

    mbedtls_rsa_context rsa;
    mbedtls_rsa_init(&rsa, MBEDTLS_RSA_PKCS_V15, 0);
    check(mbedtls_rsa_gen_key(&rsa, mbedtls_ctr_drbg_random, &drbg, 2048, 65537), "rsa keygen");
    unsigned char sig[256];
    report("rsa2048-sign", rate([&] {
               mbedtls_sha256_ret(message.data(), message.size(), digest, 0);
               check(mbedtls_rsa_pkcs1_sign(&rsa, mbedtls_ctr_drbg_random, &drbg, MBEDTLS_RSA_PRIVATE, MBEDTLS_MD_SHA256, 32,
                                            digest, sig),
                     "rsa sign");
           }),
           "ops/s");
    report("rsa2048-verify", rate([&] {
               mbedtls_sha256_ret(message.data(), message.size(), digest, 0);
               check(mbedtls_rsa_pkcs1_verify(&rsa, nullptr, nullptr, MBEDTLS_RSA_PUBLIC, MBEDTLS_MD_SHA256, 32, digest, sig),
                     "rsa verify");
           }),
           "ops/s");

    mbedtls_ecdsa_context ec;
    mbedtls_ecdsa_init(&ec);
    check(mbedtls_ecdsa_genkey(&ec, MBEDTLS_ECP_DP_SECP256R1, mbedtls_ctr_drbg_random, &drbg), "ec keygen");
    std::memset(digest, 0x42, sizeof digest);
    mbedtls_mpi r, s;
    mbedtls_mpi_init(&r);
    mbedtls_mpi_init(&s);
    report("ecdsa-p256-sign", rate([&] {
               check(mbedtls_ecdsa_sign(&ec.grp, &r, &s, &ec.d, digest, 32, mbedtls_ctr_drbg_random, &drbg), "ecdsa sign");
           }),
           "ops/s");
    report("ecdsa-p256-verify", rate([&] { check(mbedtls_ecdsa_verify(&ec.grp, digest, 32, &ec.Q, &r, &s), "ecdsa verify"); }),
           "ops/s");

    mbedtls_gcm_context gcm;
    mbedtls_gcm_init(&gcm);
    const unsigned char key[32] = {7};
    check(mbedtls_gcm_setkey(&gcm, MBEDTLS_CIPHER_ID_AES, key, 256), "gcm key");
    std::vector<unsigned char> out(mib.size());
    unsigned char iv[12] = {1}, tag[16];
    report("aes256-gcm-1MiB", rate([&] {
               check(mbedtls_gcm_crypt_and_tag(&gcm, MBEDTLS_GCM_ENCRYPT, mib.size(), iv, 12, nullptr, 0, mib.data(),
                                               out.data(), 16, tag),
                     "gcm");
           }),
           "MiB/s");
    report("sha256-1MiB", rate([&] { mbedtls_sha256_ret(mib.data(), mib.size(), digest, 0); }), "MiB/s");
    unsigned char random[32];
    report("random-32", rate([&] { check(mbedtls_ctr_drbg_random(&drbg, random, 32), "random"); }), "ops/s");
    report("aes256-keygen-destroy", rate([&] { check(mbedtls_ctr_drbg_random(&drbg, random, 32), "random"); }), "ops/s");
    return 0;
}
