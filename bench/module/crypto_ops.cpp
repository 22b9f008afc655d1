// The crypto benchmarks: each one is C_xxxInit + one C_xxx call with a buffer
// already large enough (no length query), as an application does it.  Names
// match raw_*.cpp, which run the same operation straight on a crypto library.
#include <cstring>

#include "p11/constants/generator_function.hpp"

#include "harness.hpp"

namespace bench {
namespace {

std::vector<std::uint8_t> filled(std::size_t n, std::uint8_t v) { return std::vector<std::uint8_t>(n, v); }

abi::CK_BYTE* in(const std::vector<std::uint8_t>& v) { return const_cast<abi::CK_BYTE*>(v.data()); }
abi::CK_ULONG len(const std::vector<std::uint8_t>& v) { return static_cast<abi::CK_ULONG>(v.size()); }

// SHA-256 everywhere a hash is chosen; OAEP uses SHA-1 because SoftHSMv2
// 2.6 accepts no other OAEP hash.
abi::CK_RSA_PKCS_PSS_PARAMS pss{ck(mechanism_type::sha256), ck(mgf::sha256), 32};
abi::CK_RSA_PKCS_OAEP_PARAMS oaep{ck(mechanism_type::sha_1), ck(mgf::sha1), 1 /*CKZ_DATA_SPECIFIED*/, nullptr, 0};

// An encryption rate in MiB/s for bulk data, else ops/s.
void report_encryption(const char* name, double r, const std::vector<std::uint8_t>& data) {
    const bool bulk = data.size() >= (1u << 20);
    report(name, bulk ? r * static_cast<double>(data.size()) / (1 << 20) : r, bulk ? "MiB/s" : "ops/s");
}

// One-shot C_Encrypt of `data` under `key`.
void encrypt_benchmark(fixture& fx, const char* name, abi::CK_MECHANISM m, handle key, const std::vector<std::uint8_t>& data) {
    if (!wanted(name)) return;
    const auto h = fx.sessions[0].handle();
    std::vector<std::uint8_t> out(data.size() + 32);
    report_encryption(name, rate([&] {
                          auto mm = m;
                          abi::CK_ULONG n = len(out);
                          check(fx.f->C_EncryptInit(h, &mm, key), "C_EncryptInit");
                          check(fx.f->C_Encrypt(h, in(data), len(data), out.data(), &n), "C_Encrypt");
                      }),
                      data);
}

void rsa_oaep_decrypt(fixture& fx) {
    if (!wanted("rsa2048-oaep-decrypt")) return;
    const auto* f = fx.f;
    const auto h = fx.sessions[0].handle();
    const auto secret = filled(32, 0x17);
    abi::CK_MECHANISM m{ck(mechanism_type::rsa_pkcs_oaep), &oaep, sizeof oaep};
    std::vector<std::uint8_t> cipher(256);
    abi::CK_ULONG n = len(cipher);
    check(f->C_EncryptInit(h, &m, fx.rsa.public_key), "C_EncryptInit");
    check(f->C_Encrypt(h, in(secret), len(secret), cipher.data(), &n), "C_Encrypt");
    report("rsa2048-oaep-decrypt", rate([&] {
               abi::CK_MECHANISM mm{ck(mechanism_type::rsa_pkcs_oaep), &oaep, sizeof oaep};
               std::uint8_t plain[256];
               abi::CK_ULONG pn = sizeof plain;
               check(f->C_DecryptInit(h, &mm, fx.rsa.private_key), "C_DecryptInit");
               check(f->C_Decrypt(h, cipher.data(), len(cipher), plain, &pn), "C_Decrypt");
           }),
           "ops/s");
}

void digest_and_random(fixture& fx, const std::vector<std::uint8_t>& mib) {
    const auto* f = fx.f;
    const auto h = fx.sessions[0].handle();
    if (wanted("sha256-1MiB"))
        report("sha256-1MiB", rate([&] {
                   abi::CK_MECHANISM m{ck(mechanism_type::sha256), nullptr, 0};
                   std::uint8_t out[32];
                   abi::CK_ULONG n = 32;
                   check(f->C_DigestInit(h, &m), "C_DigestInit");
                   check(f->C_Digest(h, in(mib), len(mib), out, &n), "C_Digest");
               }),
               "MiB/s");
    if (wanted("random-32"))
        report("random-32", rate([&] {
                   std::uint8_t out[32];
                   check(f->C_GenerateRandom(h, out, 32), "C_GenerateRandom");
               }),
               "ops/s");
}

void key_generation(fixture& fx) {
    const auto* f = fx.f;
    const auto h = fx.sessions[0].handle();
    abi::CK_BBOOL no = 0, yes = 1;
    if (wanted("aes256-keygen-destroy")) {
        report("aes256-keygen-destroy", rate([&] {
                   abi::CK_ULONG bytes = 32;
                   abi::CK_ATTRIBUTE t[] = {{ck(attribute_type::value_len), &bytes, sizeof bytes}, {ck(attribute_type::token), &no, 1}};
                   abi::CK_MECHANISM m{ck(mechanism_type::aes_key_gen), nullptr, 0};
                   handle k = 0;
                   check(f->C_GenerateKey(h, &m, t, 2, &k), "C_GenerateKey");
                   check(f->C_DestroyObject(h, k), "C_DestroyObject");
               }),
               "ops/s");
    }
    if (wanted("ec-p256-keygen-destroy")) {
        std::uint8_t p256[] = {0x06, 0x08, 0x2a, 0x86, 0x48, 0xce, 0x3d, 0x03, 0x01, 0x07};
        report("ec-p256-keygen-destroy", rate([&] {
                   abi::CK_ATTRIBUTE pub[] = {{ck(attribute_type::ec_params), p256, sizeof p256}, {ck(attribute_type::token), &no, 1},
                                              {ck(attribute_type::verify), &yes, 1}};
                   abi::CK_ATTRIBUTE priv[] = {{ck(attribute_type::token), &no, 1}, {ck(attribute_type::sign), &yes, 1}};
                   abi::CK_MECHANISM m{ck(mechanism_type::ec_key_pair_gen), nullptr, 0};
                   handle pk = 0, sk = 0;
                   check(f->C_GenerateKeyPair(h, &m, pub, 3, priv, 2, &pk, &sk), "C_GenerateKeyPair");
                   check(f->C_DestroyObject(h, pk), "C_DestroyObject");
                   check(f->C_DestroyObject(h, sk), "C_DestroyObject");
               }),
               "ops/s");
    }
}

// An AEAD through the 3.0 message-based functions: one C_MessageEncryptInit,
// then a C_EncryptMessage per message with `param` (the IV or nonce given, as
// raw_*.cpp give it).  Only a module that has the functions (a 3.0 build)
// and lists the mechanism for messages gets the row.
void message_encrypt_benchmark(fixture& fx, const char* name, mechanism_type mechanism, handle key, void* param,
                               std::size_t param_len, const std::vector<std::uint8_t>& data) {
    if (!wanted(name) || !fx.module.supports(function_id::C_MessageEncryptInit)) return;
    const auto* f = fx.f;
    const auto h = fx.sessions[0].handle();
    abi::CK_MECHANISM m{ck(mechanism), nullptr, 0};
    if (f->C_MessageEncryptInit(h, &m, key) != 0) return;  // a module that lists no message-based form
    std::vector<std::uint8_t> out(data.size());
    report_encryption(name, rate([&] {
                          abi::CK_ULONG n = len(out);
                          check(f->C_EncryptMessage(h, param, static_cast<abi::CK_ULONG>(param_len), nullptr, 0, in(data),
                                                    len(data), out.data(), &n),
                                "C_EncryptMessage");
                      }),
                      data);
    check(f->C_MessageEncryptFinal(h), "C_MessageEncryptFinal");
}

// ChaCha20-Poly1305 (3.0), single-part and message-based, on a session key of
// its own; a module without the mechanism gets no rows.
void chacha20_poly1305(fixture& fx, const std::vector<std::uint8_t>& kib, const std::vector<std::uint8_t>& mib) {
    if (!wanted_any("chacha20-poly1305") || !fx.module.mechanism(fx.slot, mechanism_type::chacha20_poly1305)) return;
    const auto key = must(fx.sessions.front().generate_key(mechanism_type::chacha20_key_gen,
                                                           {attr::token = false, attr::value_len = 32, attr::encrypt = true}),
                          "ChaCha20 key");
    std::uint8_t nonce[12] = {1}, tag[16];
    abi::CK_SALSA20_CHACHA20_POLY1305_PARAMS whole{nonce, 12, nullptr, 0};
    abi::CK_SALSA20_CHACHA20_POLY1305_MSG_PARAMS message{nonce, 12, tag};
    const abi::CK_MECHANISM m{ck(mechanism_type::chacha20_poly1305), &whole, sizeof whole};
    encrypt_benchmark(fx, "chacha20-poly1305-1KiB", m, key, kib);
    message_encrypt_benchmark(fx, "chacha20-poly1305-1KiB-message", mechanism_type::chacha20_poly1305, key, &message,
                              sizeof message, kib);
    encrypt_benchmark(fx, "chacha20-poly1305-1MiB", m, key, mib);
    message_encrypt_benchmark(fx, "chacha20-poly1305-1MiB-message", mechanism_type::chacha20_poly1305, key, &message,
                              sizeof message, mib);
    (void)fx.f->C_DestroyObject(fx.sessions[0].handle(), key);
}

// RFC 3394 wrapping of an AES-256 key under the benchmark's AES-256 key.
void key_wrap(fixture& fx) {
    const auto* f = fx.f;
    const auto h = fx.sessions[0].handle();
    abi::CK_BBOOL no = 0, yes = 1;
    abi::CK_ULONG bytes = 32;
    abi::CK_ATTRIBUTE t[] = {{ck(attribute_type::value_len), &bytes, sizeof bytes},
                             {ck(attribute_type::token), &no, 1},
                             {ck(attribute_type::extractable), &yes, 1}};
    abi::CK_MECHANISM gen{ck(mechanism_type::aes_key_gen), nullptr, 0};
    handle target = 0;
    check(f->C_GenerateKey(h, &gen, t, 3, &target), "C_GenerateKey");
    std::uint8_t wrapped[64];
    abi::CK_ULONG wrapped_len = sizeof wrapped;
    if (wanted("aes256-wrap"))
        report("aes256-wrap", rate([&] {
                   abi::CK_MECHANISM m{ck(mechanism_type::aes_key_wrap), nullptr, 0};
                   abi::CK_ULONG n = sizeof wrapped;
                   check(f->C_WrapKey(h, &m, fx.aes, target, wrapped, &n), "C_WrapKey");
               }),
               "ops/s");
    abi::CK_MECHANISM m{ck(mechanism_type::aes_key_wrap), nullptr, 0};
    check(f->C_WrapKey(h, &m, fx.aes, target, wrapped, &wrapped_len), "C_WrapKey");
    if (wanted("aes256-unwrap-destroy"))
        report("aes256-unwrap-destroy", rate([&] {
                   abi::CK_MECHANISM mm{ck(mechanism_type::aes_key_wrap), nullptr, 0};
                   abi::CK_ULONG cls = ck(object_class::secret_key), type = ck(key_type::aes);
                   abi::CK_ATTRIBUTE ut[] = {{ck(attribute_type::cls), &cls, sizeof cls},
                                             {ck(attribute_type::key_type), &type, sizeof type},
                                             {ck(attribute_type::token), &no, 1}};
                   handle k = 0;
                   check(f->C_UnwrapKey(h, &mm, fx.aes, wrapped, wrapped_len, ut, 3, &k), "C_UnwrapKey");
                   check(f->C_DestroyObject(h, k), "C_DestroyObject");
               }),
               "ops/s");
    (void)f->C_DestroyObject(h, target);
}

} // namespace

void sign_benchmarks(fixture& fx, const signer& s) {
    const auto* f = fx.f;
    for (int threads : {1, 2}) {
        const std::string name = std::string(s.name) + "-sign" + (threads == 2 ? "-2threads" : "");
        if (!wanted(name)) continue;
        report(name,
               rate(threads,
                    [&](int t) {
                        const auto h = fx.sessions[static_cast<std::size_t>(t)].handle();
                        return [=] {
                            auto m = s.mechanism;
                            std::uint8_t sig[512];
                            abi::CK_ULONG n = sizeof sig;
                            check(f->C_SignInit(h, &m, s.private_key), "C_SignInit");
                            check(f->C_Sign(h, in(*s.data), len(*s.data), sig, &n), "C_Sign");
                        };
                    }),
               "ops/s");
    }
    const std::string name = std::string(s.name) + "-verify";
    if (!wanted(name)) return;
    const auto h = fx.sessions[0].handle();
    auto m = s.mechanism;
    std::vector<std::uint8_t> sig(512);
    abi::CK_ULONG n = 512;
    check(f->C_SignInit(h, &m, s.private_key), "C_SignInit");
    check(f->C_Sign(h, in(*s.data), len(*s.data), sig.data(), &n), "C_Sign");
    sig.resize(n);
    report(name, rate([&] {
               auto mv = s.mechanism;
               check(f->C_VerifyInit(h, &mv, s.public_key), "C_VerifyInit");
               check(f->C_Verify(h, in(*s.data), len(*s.data), sig.data(), len(sig)), "C_Verify");
           }),
           "ops/s");
}

void crypto_benchmarks(fixture& fx) {
    const auto digest = filled(32, 0x42);
    const auto message = filled(1024, 0x5a);
    const auto mib = filled(1 << 20, 0x33);

    sign_benchmarks(fx, {"rsa2048-pkcs", {ck(mechanism_type::sha256_rsa_pkcs), nullptr, 0}, fx.rsa.private_key,
                         fx.rsa.public_key, &message});
    sign_benchmarks(fx, {"rsa2048-pss", {ck(mechanism_type::sha256_rsa_pkcs_pss), &pss, sizeof pss}, fx.rsa.private_key,
                         fx.rsa.public_key, &message});
    rsa_oaep_decrypt(fx);
    sign_benchmarks(fx, {"ecdsa-p256", {ck(mechanism_type::ecdsa), nullptr, 0}, fx.ec.private_key, fx.ec.public_key, &digest});

    std::uint8_t iv[16] = {1};
    abi::CK_GCM_PARAMS gcm{iv, 12, 96, nullptr, 0, 128};
    std::uint8_t tag[16];
    abi::CK_GCM_MESSAGE_PARAMS gcm_message{iv, 12, 0, ck(generator_function::no_generate), tag, 128};
    encrypt_benchmark(fx, "aes256-gcm-1KiB", {ck(mechanism_type::aes_gcm), &gcm, sizeof gcm}, fx.aes, message);
    message_encrypt_benchmark(fx, "aes256-gcm-1KiB-message", mechanism_type::aes_gcm, fx.aes, &gcm_message,
                              sizeof gcm_message, message);
    encrypt_benchmark(fx, "aes256-gcm-1MiB", {ck(mechanism_type::aes_gcm), &gcm, sizeof gcm}, fx.aes, mib);
    encrypt_benchmark(fx, "aes256-cbc-pad-1MiB", {ck(mechanism_type::aes_cbc_pad), iv, sizeof iv}, fx.aes, mib);
    chacha20_poly1305(fx, message, mib);
    digest_and_random(fx, mib);
    key_generation(fx);
    key_wrap(fx);
}

} // namespace bench
