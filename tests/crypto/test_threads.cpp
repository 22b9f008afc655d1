// One prepared RSA key and one EC key used from several threads at once:
// every result must be correct (and, under TSan, race-free).
#include <catch2/catch.hpp>

#include <atomic>
#include <thread>
#include <vector>

#include "crypto/aes.hpp"
#include "crypto/ec.hpp"
#include "crypto/hash.hpp"
#include "crypto/random.hpp"
#include "crypto/rsa.hpp"
#include "hex.hpp"
#include "platform.hpp"

using namespace p11::crypto;

namespace {

bytes sha256(bytes_view m) {
    bytes out(32);
    digest(hash_alg::sha256, m, out.data());
    return out;
}

bytes digest_info(bytes_view m) { return test::concat(test::plain(digest_info_prefix(hash_alg::sha256)), sha256(m)); }

// Runs body(thread, round) for `rounds` rounds on each of `threads` threads,
// released together so that they overlap.
template <class Body>
void on_threads(int threads, int rounds, Body body) {
    std::atomic<bool> go{false};
    std::vector<std::thread> pool;
    for (int t = 0; t < threads; ++t) {
        pool.emplace_back([&, t] {
            while (!go.load()) std::this_thread::yield();
            for (int i = 0; i < rounds; ++i) body(t, i);
        });
    }
    go = true;
    for (auto& th : pool) th.join();
}

} // namespace

TEST_CASE("RSA and EC keys sign concurrently from several threads", "[threads]") {
    auto rsa = generate_rsa(1024, {});
    REQUIRE(rsa);
    auto rsa_pub = rsa->public_key();
    auto ec = generate_ec(curve::p256);
    REQUIRE(ec);
    auto ec_pub = ec->public_key();
    const bool ecdh = !test::lacks_raw_secret(curve::p256);  // asked here: Catch is not thread-safe

    std::atomic<int> failures{0};
    on_threads(4, 25, [&](int t, int i) {
        const auto m = test::str("thread " + std::to_string(t) + " round " + std::to_string(i));
        const auto di = digest_info(m);
        bytes sig;
        if (rsa->sign_pkcs1(di, sig) != status::ok || rsa_pub->verify_pkcs1(di, sig) != status::ok) ++failures;
        const pss_params pss{hash_alg::sha256, hash_alg::sha256, 32};
        if (rsa->sign_pss(sha256(m), pss, sig) != status::ok ||
            rsa_pub->verify_pss(sha256(m), sig, pss) != status::ok)
            ++failures;
        bytes c;
        secure_bytes back;
        if (rsa_pub->encrypt_pkcs1(m, c) != status::ok || rsa->decrypt_pkcs1(c, back) != status::ok ||
            bytes(back.begin(), back.end()) != m)
            ++failures;
        if (ec->sign(sha256(m), sig) != status::ok || ec_pub->verify(sha256(m), sig) != status::ok)
            ++failures;
        secure_bytes shared;
        if (ecdh && ec->derive(ec_pub->point(), shared) != status::ok) ++failures;
    });
    CHECK(failures == 0);
}

TEST_CASE("the generator serves concurrent callers", "[threads][random]") {
    std::atomic<int> failures{0};
    std::vector<std::thread> pool;
    for (int t = 0; t < 4; ++t) {
        pool.emplace_back([&] {
            for (int i = 0; i < 200; ++i) {
                bytes b(64);
                if (random_bytes(b) != status::ok) ++failures;
                if (i % 50 == 0 && add_entropy(b) != status::ok) ++failures;
            }
        });
    }
    for (auto& th : pool) th.join();
    CHECK(failures == 0);
}

// One prepared AES key (its pooled contexts) shared by threads that each run
// GCM and CBC-PAD operations with their own IVs: every result must decrypt
// back, and the GCM spec's test case 16 must come out at every round.
TEST_CASE("one prepared AES key encrypts and decrypts from several threads", "[threads][aes]") {
    const auto key = load_aes_key(test::hex("feffe9928665731c6d6a8f9467308308feffe9928665731c6d6a8f9467308308"));
    REQUIRE(key);
    const auto iv = test::hex("cafebabefacedbaddecaf888");
    const auto aad = test::hex("feedfacedeadbeeffeedfacedeadbeefabaddad2");
    const auto plain = test::hex("d9313225f88406e5a55909c5aff5269a86a7a9531534f7da2e4c303d8a318a72"
                                 "1c3c0c95956809532fcf0e2449a6b525b16aedf5aa0de657ba637b39");
    const auto sealed = test::hex("522dc1f099567d07f47f37a32a84427d643a8cdcbfe5c0c97598a2bd2555d1aa"
                                  "8cb08e48590dbb3da7b08b1056828838c5f61e6393ba7a0abcc9f662"
                                  "76fc6ece0f4e1768cddf8853bb2d551b");
    auto run = [](std::unique_ptr<cipher> c, bytes_view in) {
        bytes out(c->max_update_output(in.size()) + c->max_finish_output());
        std::size_t a = 0, b = 0;
        if (c->update(in, out.data(), a) != status::ok || c->finish(out.data() + a, b) != status::ok) return bytes{};
        out.resize(a + b);
        return out;
    };

    std::atomic<int> failures{0};
    on_threads(4, 200, [&](int t, int i) {
        if (run(make_aes_gcm(key, iv, aad, 16, direction::encrypt), plain) != sealed) ++failures;
        if (run(make_aes_gcm(key, iv, aad, 16, direction::decrypt), sealed) != plain) ++failures;
        bytes own_iv(16, static_cast<byte>(t * 31 + i));
        const auto m = test::str("thread " + std::to_string(t) + " round " + std::to_string(i));
        const auto c = run(make_aes_cbc(key, own_iv, direction::encrypt, true), m);
        if (c.empty() || run(make_aes_cbc(key, own_iv, direction::decrypt, true), c) != m) ++failures;
    });
    CHECK(failures.load() == 0);
}

// One prepared HMAC key and one CMAC key (their pooled contexts) shared by
// threads: every MAC must be the RFC's.
TEST_CASE("prepared MAC keys serve several threads", "[threads][hmac]") {
    const auto hmac_key = load_hmac_key(hash_alg::sha256, test::str("Jefe"));
    const auto cmac_key = load_aes_cmac_key(test::hex("2b7e151628aed2a6abf7158809cf4f3c"));
    REQUIRE(hmac_key);
    REQUIRE(cmac_key);
    const auto data = test::str("what do ya want for nothing?");
    const auto block = test::hex("6bc1bee22e409f96e93d7e117393172a");
    const auto hmac_expected = test::hex("5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
    const auto cmac_expected = test::hex("070a16b46b4d4144f79bdd9dd04a287c");
    auto mac_of = [](const mac_key_ptr& k, bytes_view in) {
        auto m = make_mac(k);
        if (!m) return bytes{};
        m->update(in);
        bytes out(m->size());
        m->finish(out.data());
        return out;
    };
    std::atomic<int> failures{0};
    on_threads(4, 200, [&](int, int) {
        if (mac_of(hmac_key, data) != hmac_expected) ++failures;
        if (mac_of(cmac_key, block) != cmac_expected) ++failures;
    });
    CHECK(failures == 0);
}
