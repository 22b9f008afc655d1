// AES modes against NIST SP 800-38A appendix F and the GCM specification's
// test cases (McGrew and Viega, "The Galois/Counter Mode of Operation",
// revised 2005, appendix B, test cases 1-18), plus the streaming contract.
#include <catch2/catch.hpp>

#include "crypto/aes.hpp"
#include "crypto/internal/gcm_any_iv.hpp"
#include "../common/gcm_spec_vectors.hpp"
#include "cipher_run.hpp"
#include "hex.hpp"

using namespace p11::crypto;
using test::hex;
using test::run;
using test::run_ok;
using test::to_hex;

namespace {

// SP 800-38A appendix F: the plaintext of every example, and the keys.
const bytes plaintext = hex("6bc1bee22e409f96e93d7e117393172a ae2d8a571e03ac9c9eb76fac45af8e51"
                            "30c81c46a35ce411e5fbc1191a0a52ef f69f2445df4f9b17ad2b417be66c3710");
const bytes key128 = hex("2b7e151628aed2a6abf7158809cf4f3c");
const bytes key192 = hex("8e73b0f7da0e6452c810f32b809079e562f8ead2522c6b7b");
const bytes key256 = hex("603deb1015ca71be2b73aef0857d77811f352c073b6108d72d9810a30914dff4");

struct sp800_38a_case {
    const bytes* key;
    const char* ciphertext;
};

} // namespace

TEST_CASE("AES-ECB matches SP 800-38A F.1", "[aes]") {
    const sp800_38a_case cases[] = {
        {&key128, "3ad77bb40d7a3660a89ecaf32466ef97 f5d3d58503b9699de785895a96fdbaaf"
                  "43b1cd7f598ece23881b00e3ed030688 7b0c785e27e8ad3f8223207104725dd4"},
        {&key192, "bd334f1d6e45f25ff712a214571fa5cc 974104846d0ad3ad7734ecb3ecee4eef"
                  "ef7afd2270e2e60adce0ba2face6444e 9a4b41ba738d6c72fb16691603c18e0e"},
        {&key256, "f3eed1bdb5d2a03c064b5a7e3db181f8 591ccb10d410ed26dc5ba74a31362870"
                  "b6ed21b99ca6f4f9f153e7b1beafed1d 23304b7a39f9f3ff067d8d8f9e24ecc7"},
    };
    for (const auto& c : cases) {
        const auto expected = hex(c.ciphertext);
        CHECK(run_ok(make_aes_ecb(*c.key, direction::encrypt), plaintext) == expected);
        CHECK(run_ok(make_aes_ecb(*c.key, direction::decrypt), expected) == plaintext);
        CHECK(run_ok(make_aes_ecb(*c.key, direction::encrypt), plaintext, 7) == expected);
    }
}

TEST_CASE("AES-CBC matches SP 800-38A F.2", "[aes]") {
    const auto iv = hex("000102030405060708090a0b0c0d0e0f");
    const sp800_38a_case cases[] = {
        {&key128, "7649abac8119b246cee98e9b12e9197d 5086cb9b507219ee95db113a917678b2"
                  "73bed6b8e3c1743b7116e69e22229516 3ff1caa1681fac09120eca307586e1a7"},
        {&key192, "4f021db243bc633d7178183a9fa071e8 b4d9ada9ad7dedf4e5e738763f69145a"
                  "571b242012fb7ae07fa9baac3df102e0 08b0e27988598881d920a9e64f5615cd"},
        {&key256, "f58c4c04d6e5f1ba779eabfb5f7bfbd6 9cfc4e967edb808d679f777bc6702c7d"
                  "39f23369a9d9bacfa530e26304231461 b2eb05e2c39be9fcda6c19078c6a9d1b"},
    };
    for (const auto& c : cases) {
        const auto expected = hex(c.ciphertext);
        CHECK(run_ok(make_aes_cbc(*c.key, iv, direction::encrypt, false), plaintext) == expected);
        CHECK(run_ok(make_aes_cbc(*c.key, iv, direction::decrypt, false), expected) == plaintext);
        CHECK(run_ok(make_aes_cbc(*c.key, iv, direction::decrypt, false), expected, 5) == plaintext);
        // With PKCS #7 padding a whole block of 0x10 follows; the first four
        // blocks are those of the unpadded mode.
        const auto padded = run_ok(make_aes_cbc(*c.key, iv, direction::encrypt, true), plaintext, 13);
        REQUIRE(padded.size() == plaintext.size() + 16);
        CHECK(bytes(padded.begin(), padded.begin() + 64) == expected);
        CHECK(run_ok(make_aes_cbc(*c.key, iv, direction::decrypt, true), padded, 16) == plaintext);
        CHECK(run_ok(make_aes_cbc(*c.key, iv, direction::decrypt, true), padded, 3) == plaintext);
    }
}

TEST_CASE("AES-CTR matches SP 800-38A F.5", "[aes]") {
    const auto counter = hex("f0f1f2f3f4f5f6f7f8f9fafbfcfdfeff");
    const sp800_38a_case cases[] = {
        {&key128, "874d6191b620e3261bef6864990db6ce 9806f66b7970fdff8617187bb9fffdff"
                  "5ae4df3edbd5d35e5b4f09020db03eab 1e031dda2fbe03d1792170a0f3009cee"},
        {&key192, "1abc932417521ca24f2b0459fe7e6e0b 090339ec0aa6faefd5ccc2c6f4ce8e94"
                  "1e36b26bd1ebc670d1bd1d665620abf7 4f78a7f6d29809585a97daec58c6b050"},
        {&key256, "601ec313775789a5b7a7f504bbf3d228 f443e3ca4d62b59aca84e990cacaf5c5"
                  "2b0930daa23de94ce87017ba2d84988d dfc9c58db67aada613c2dd08457941a6"},
    };
    for (const auto& c : cases) {
        const auto expected = hex(c.ciphertext);
        // The example's counter runs ...fdfeff, ...ff00, ...ff01, ...ff02: a
        // carry out of the low byte, so a 16-bit counter field suffices.
        for (unsigned bits : {16u, 64u, 128u}) {
            CHECK(run_ok(make_aes_ctr(*c.key, counter, bits, direction::encrypt), plaintext) == expected);
            CHECK(run_ok(make_aes_ctr(*c.key, counter, bits, direction::decrypt), expected, 11) == plaintext);
        }
        // An 8-bit field wraps after ...ff: refused before any output.
        auto narrow = make_aes_ctr(*c.key, counter, 8, direction::encrypt);
        bytes out;
        CHECK(run(*narrow, plaintext, out) == status::invalid_input);
    }
}

TEST_CASE("AES-CTR keeps the counter inside its field and stops before it wraps", "[aes]") {
    const bytes zeros(64, 0);
    // Low 4 bits = 0xe: blocks ...0e and ...0f are usable, then the field wraps.
    const auto counter = hex("00112233445566778899aabbccddee0e");
    auto c = make_aes_ctr(key128, counter, 4, direction::encrypt);
    bytes first(32);
    std::size_t w = 0;
    REQUIRE(c->update(bytes_view(zeros).first(20), first.data(), w) == status::ok);  // 2 blocks started
    CHECK(w == 20);
    REQUIRE(c->update(bytes_view(zeros).first(12), first.data() + 20, w) == status::ok);  // rest of block 2
    CHECK(c->update(bytes_view(zeros).first(1), first.data(), w) == status::invalid_input);
    CHECK(w == 0);

    // The two keystream blocks are ECB encryptions of the two counter blocks.
    auto ecb = make_aes_ecb(key128, direction::encrypt);
    const auto blocks = run_ok(std::move(ecb), test::concat(counter, hex("00112233445566778899aabbccddee0f")));
    auto again = make_aes_ctr(key128, counter, 4, direction::encrypt);
    CHECK(run_ok(std::move(again), bytes_view(zeros).first(32)) == blocks);

    // Bits above the field never change: with a 1-bit field over ...01 only one block is left.
    auto one = make_aes_ctr(key128, hex("ffffffffffffffffffffffffffffff01"), 1, direction::encrypt);
    bytes out;
    CHECK(run(*one, bytes_view(zeros).first(17), out) == status::invalid_input);
    CHECK(make_aes_ctr(key128, counter, 0, direction::encrypt) == nullptr);
    CHECK(make_aes_ctr(key128, counter, 129, direction::encrypt) == nullptr);
    CHECK(make_aes_ctr(key128, hex("00"), 32, direction::encrypt) == nullptr);
}

TEST_CASE("ECB and CBC reject partial blocks and bad padding", "[aes]") {
    const auto iv = hex("000102030405060708090a0b0c0d0e0f");
    bytes out;
    CHECK(run(*make_aes_ecb(key128, direction::encrypt), bytes(15, 1), out) == status::invalid_input);
    CHECK(run(*make_aes_cbc(key128, iv, direction::decrypt, false), bytes(17, 1), out) == status::invalid_input);
    CHECK(run(*make_aes_cbc(key128, iv, direction::decrypt, true), bytes(15, 1), out) == status::invalid_input);
    CHECK(run(*make_aes_cbc(key128, iv, direction::decrypt, true), bytes{}, out) == status::invalid_input);

    // Every short plaintext length round-trips; a flipped last byte breaks the padding.
    for (std::size_t n = 0; n <= 33; ++n) {
        const bytes p(n, static_cast<byte>(n));
        const auto ct = run_ok(make_aes_cbc(key128, iv, direction::encrypt, true), p);
        CHECK(ct.size() == (n / 16 + 1) * 16);
        CHECK(run_ok(make_aes_cbc(key128, iv, direction::decrypt, true), ct, 1) == p);
    }
    // A final block that decrypts to ... 00 (pad byte zero) is invalid.
    const auto forged = run_ok(make_aes_cbc(key128, iv, direction::encrypt, false), bytes(16, 0));
    CHECK(run(*make_aes_cbc(key128, iv, direction::decrypt, true), forged, out) == status::decrypt_failed);
    // ... and one ending in 02 03 (inconsistent padding) too.
    bytes bad(16, 0);
    bad[14] = 3;
    bad[15] = 2;
    const auto forged2 = run_ok(make_aes_cbc(key128, iv, direction::encrypt, false), bad);
    CHECK(run(*make_aes_cbc(key128, iv, direction::decrypt, true), forged2, out) == status::decrypt_failed);

    CHECK(make_aes_ecb(hex("0011"), direction::encrypt) == nullptr);
    CHECK(make_aes_cbc(key128, hex("00"), direction::encrypt, false) == nullptr);
}

TEST_CASE("AES-GCM matches the GCM specification's test cases 1-18", "[gcm]") {
    for (const auto& t : gcm_spec::cases) {
        INFO("test case " << t.number);
        const auto key = hex(t.key), iv = hex(t.iv), p = hex(t.plaintext), a = hex(t.aad);
        const auto sealed = test::concat(hex(t.ciphertext), hex(t.tag));
        for (std::size_t chunk : {std::size_t{0}, std::size_t{1}, std::size_t{17}}) {
            CHECK(run_ok(make_aes_gcm(key, iv, a, 16, direction::encrypt), p, chunk) == sealed);
            CHECK(run_ok(make_aes_gcm(key, iv, a, 16, direction::decrypt), sealed, chunk) == p);
        }
        // A truncated tag is the leading bytes of the full one (SP 800-38D 7.1).
        const auto short_tag = run_ok(make_aes_gcm(key, iv, a, 12, direction::encrypt), p);
        CHECK(short_tag == bytes(sealed.begin(), sealed.end() - 4));
    }
}

// Our GCM on the block function (for the IVs OpenSSL's GCM cannot take):
// the specification's test cases, then the backend's own GCM for every IV
// length the backend implements itself (mbedTLS: all of 1..256; OpenSSL: up
// to 128 bytes, beyond which the backend runs this very code).
TEST_CASE("GCM on the block function matches test cases 1-18 and the backend's GCM for IVs of 1..256 bytes", "[gcm]") {
    for (const auto& t : gcm_spec::cases) {
        INFO("test case " << t.number);
        const auto key = load_aes_key(hex(t.key));
        const auto iv = hex(t.iv), p = hex(t.plaintext), a = hex(t.aad);
        const auto sealed = test::concat(hex(t.ciphertext), hex(t.tag));
        for (std::size_t chunk : {std::size_t{0}, std::size_t{1}, std::size_t{17}}) {
            CHECK(run_ok(internal::make_gcm_any_iv(key, iv, a, 16, direction::encrypt), p, chunk) == sealed);
            CHECK(run_ok(internal::make_gcm_any_iv(key, iv, a, 16, direction::decrypt), sealed, chunk) == p);
        }
        const auto short_tag = run_ok(internal::make_gcm_any_iv(key, iv, a, 12, direction::encrypt), p);
        CHECK(short_tag == bytes(sealed.begin(), sealed.end() - 4));
        auto tampered = sealed;
        tampered.back() ^= 1;
        bytes result;
        CHECK(run(*internal::make_gcm_any_iv(key, iv, a, 16, direction::decrypt), tampered, result) ==
              status::decrypt_failed);
        CHECK(result.empty());
    }
#if defined(P11FORGE_CRYPTO_MBEDTLS)
    constexpr std::size_t native_iv_max = 256;
#else
    constexpr std::size_t native_iv_max = 128;
#endif
    const auto key = load_aes_key(hex("000102030405060708090a0b0c0d0e0f"));
    for (std::size_t n = 1; n <= native_iv_max; ++n) {
        INFO(n << "-byte IV");
        bytes iv(n), p(n % 53), a(n % 19);
        for (std::size_t i = 0; i < n; ++i) iv[i] = static_cast<byte>(i * 31 + n);
        for (std::size_t i = 0; i < p.size(); ++i) p[i] = static_cast<byte>(i ^ n);
        for (std::size_t i = 0; i < a.size(); ++i) a[i] = static_cast<byte>(i + 7);
        const auto sealed = run_ok(make_aes_gcm(key, iv, a, 16, direction::encrypt), p);
        CHECK(run_ok(internal::make_gcm_any_iv(key, iv, a, 16, direction::encrypt), p, 7) == sealed);
        CHECK(run_ok(internal::make_gcm_any_iv(key, iv, a, 16, direction::decrypt), sealed, 5) == p);
    }
    CHECK(internal::make_gcm_any_iv(key, {}, {}, 16, direction::encrypt) == nullptr);
    CHECK(internal::make_gcm_any_iv(key, bytes(200, 1), {}, 3, direction::encrypt) == nullptr);
}

TEST_CASE("AES-GCM releases nothing unless the tag verifies", "[gcm]") {
    const auto& t = gcm_spec::cases[3];
    const auto key = hex(t.key), iv = hex(t.iv), a = hex(t.aad);
    const auto sealed = test::concat(hex(t.ciphertext), hex(t.tag));

    auto dec = make_aes_gcm(key, iv, a, 16, direction::decrypt);
    std::size_t w = 1;
    bytes none(dec->max_update_output(sealed.size()));
    REQUIRE(dec->update(sealed, none.data(), w) == status::ok);
    CHECK(w == 0);
    CHECK(dec->max_finish_output() == sealed.size() - 16);

    for (std::size_t i : {std::size_t{0}, sealed.size() - 20, sealed.size() - 1}) {
        auto tampered = sealed;
        tampered[i] ^= 0x01;
        auto d = make_aes_gcm(key, iv, a, 16, direction::decrypt);
        bytes result;
        CHECK(run(*d, tampered, result) == status::decrypt_failed);
        CHECK(result.empty());
    }
    auto wrong_aad = test::concat(a, test::hex("00"));
    bytes result;
    CHECK(run(*make_aes_gcm(key, iv, wrong_aad, 16, direction::decrypt), sealed, result) == status::decrypt_failed);
    CHECK(run(*make_aes_gcm(key, iv, a, 16, direction::decrypt), bytes(15, 0), result) == status::invalid_input);

    CHECK(make_aes_gcm(key, {}, a, 16, direction::encrypt) == nullptr);
    CHECK(make_aes_gcm(key, iv, a, 3, direction::encrypt) == nullptr);
    CHECK(make_aes_gcm(key, iv, a, 17, direction::decrypt) == nullptr);
    CHECK(make_aes_gcm(hex("00"), iv, a, 16, direction::decrypt) == nullptr);
}

// The contract single-part callers (C_Encrypt, C_Decrypt, the store's
// sealing) rely on: max_update_output(n) + max_finish_output(), asked before
// the update, bounds everything update(n) and finish() then write.
TEST_CASE("one buffer sized up front holds update and finish output", "[aes][gcm]") {
    const auto iv = hex("000102030405060708090a0b0c0d0e0f");
    for (std::size_t n : {std::size_t{0}, std::size_t{1}, std::size_t{15}, std::size_t{16}, std::size_t{17},
                          std::size_t{31}, std::size_t{32}, std::size_t{100}}) {
        INFO("input " << n);
        const bytes data(n, 0x42);
        auto check = [&](std::unique_ptr<cipher> c, bytes_view in) {
            REQUIRE(c);
            bytes out(c->max_update_output(in.size()) + c->max_finish_output());
            std::size_t a = 0, b = 0;
            const auto st = c->update(in, out.data(), a);
            if (st != status::ok) return bytes{};
            if (c->finish(out.data() + a, b) != status::ok) return bytes{};
            CHECK(a + b <= out.size());
            out.resize(a + b);
            return out;
        };
        const auto sealed = check(make_aes_gcm(key128, iv, {}, 16, direction::encrypt), data);
        CHECK(sealed.size() == n + 16);
        CHECK(check(make_aes_gcm(key128, iv, {}, 16, direction::decrypt), sealed) == data);
        const auto padded = check(make_aes_cbc(key128, iv, direction::encrypt, true), data);
        CHECK(check(make_aes_cbc(key128, iv, direction::decrypt, true), padded) == data);
        CHECK(check(make_aes_ctr(key128, iv, 32, direction::encrypt), data).size() == n);
        if (n % 16 == 0) {
            CHECK(check(make_aes_ecb(key128, direction::encrypt), data).size() == n);
            CHECK(check(make_aes_cbc(key128, iv, direction::encrypt, false), data).size() == n);
        }
    }
}

// A prepared key lends its contexts to one operation after another: each
// operation must start clean, whatever the one before left behind.
TEST_CASE("one prepared key serves every mode in turn, after abandoned and failed operations", "[aes][prepared]") {
    CHECK(load_aes_key(hex("00112233")) == nullptr);
    CHECK(make_aes_gcm(aes_key_ptr{}, hex(GCM_IV96), {}, 16, direction::encrypt) == nullptr);

    // GCM test cases 15-18 share one key and use three IV lengths (96, 64 and
    // 480 bits): the context's IV length must follow each operation.
    const auto gcm_key = load_aes_key(hex(GCM_K128 GCM_K128));
    REQUIRE(gcm_key);
    CHECK(gcm_key->key_bytes() == 32);
    for (int pass = 0; pass < 2; ++pass) {
        for (const auto& t : gcm_spec::cases) {
            if (t.number < 15) continue;
            INFO("pass " << pass << ", test case " << t.number);
            const auto iv = hex(t.iv), p = hex(t.plaintext), a = hex(t.aad);
            const auto sealed = test::concat(hex(t.ciphertext), hex(t.tag));
            {  // abandoned halfway: update without finish
                auto c = make_aes_gcm(gcm_key, iv, a, 16, direction::encrypt);
                REQUIRE(c);
                bytes buf(c->max_update_output(21));
                std::size_t w = 0;
                REQUIRE(c->update(bytes_view(p).first(21), buf.data(), w) == status::ok);
            }
            CHECK(run_ok(make_aes_gcm(gcm_key, iv, a, 16, direction::encrypt), p, 17) == sealed);
            auto tampered = sealed;
            tampered.back() ^= 1;
            bytes out;
            auto bad = make_aes_gcm(gcm_key, iv, a, 16, direction::decrypt);
            REQUIRE(bad);
            CHECK(run(*bad, tampered, out) == status::decrypt_failed);
            CHECK(run_ok(make_aes_gcm(gcm_key, iv, a, 16, direction::decrypt), sealed, 5) == p);
        }
    }

    // ECB, CBC, CBC-PAD and CTR on one SP 800-38A key: a CBC context must not
    // keep the previous chain value, nor CBC-PAD's padding flag leak into CBC.
    const auto key = load_aes_key(key256);
    REQUIRE(key);
    const auto iv = hex("000102030405060708090a0b0c0d0e0f");
    const auto ecb = hex("f3eed1bdb5d2a03c064b5a7e3db181f8 591ccb10d410ed26dc5ba74a31362870"
                         "b6ed21b99ca6f4f9f153e7b1beafed1d 23304b7a39f9f3ff067d8d8f9e24ecc7");
    const auto cbc = hex("f58c4c04d6e5f1ba779eabfb5f7bfbd6 9cfc4e967edb808d679f777bc6702c7d"
                         "39f23369a9d9bacfa530e26304231461 b2eb05e2c39be9fcda6c19078c6a9d1b");
    const auto ctr = hex("601ec313775789a5b7a7f504bbf3d228 f443e3ca4d62b59aca84e990cacaf5c5"
                         "2b0930daa23de94ce87017ba2d84988d dfc9c58db67aada613c2dd08457941a6");
    for (int pass = 0; pass < 3; ++pass) {
        INFO("pass " << pass);
        {  // a partial block left in the context
            auto c = make_aes_cbc(key, iv, direction::encrypt, false);
            bytes buf(c->max_update_output(23));
            std::size_t w = 0;
            REQUIRE(c->update(bytes_view(plaintext).first(23), buf.data(), w) == status::ok);
        }
        const auto padded = run_ok(make_aes_cbc(key, iv, direction::encrypt, true), plaintext);
        CHECK(bytes(padded.begin(), padded.begin() + 64) == cbc);
        CHECK(run_ok(make_aes_cbc(key, iv, direction::encrypt, false), plaintext) == cbc);
        CHECK(run_ok(make_aes_ecb(key, direction::encrypt), plaintext, 7) == ecb);
        CHECK(run_ok(make_aes_ecb(key, direction::decrypt), ecb) == plaintext);
        CHECK(run_ok(make_aes_cbc(key, iv, direction::decrypt, false), cbc, 5) == plaintext);
        CHECK(run_ok(make_aes_cbc(key, iv, direction::decrypt, true), padded, 3) == plaintext);
        CHECK(run_ok(make_aes_ctr(key, hex("f0f1f2f3f4f5f6f7f8f9fafbfcfdfeff"), 128, direction::encrypt), plaintext) ==
              ctr);
    }
}
