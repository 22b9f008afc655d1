// One prepared RSA key and one EC key used from several threads at once:
// every result must be correct (and, under TSan, race-free).
#include <catch2/catch.hpp>

#include <atomic>
#include <thread>
#include <vector>

#include "crypto/ec.hpp"
#include "crypto/random.hpp"
#include "crypto/rsa.hpp"
#include "hex.hpp"

using namespace p11::crypto;

namespace {

bytes sha256(bytes_view m) {
    bytes out(32);
    digest(hash_alg::sha256, m, out.data());
    return out;
}

bytes digest_info(bytes_view m) { return test::concat(test::plain(digest_info_prefix(hash_alg::sha256)), sha256(m)); }

} // namespace

TEST_CASE("RSA and EC keys sign concurrently from several threads", "[threads]") {
    auto rsa = generate_rsa(1024, {});
    REQUIRE(rsa);
    auto rsa_pub = rsa->public_key();
    auto ec = generate_ec(curve::p256);
    REQUIRE(ec);
    auto ec_pub = ec->public_key();

    constexpr int threads = 4;
    constexpr int rounds = 25;
    std::atomic<int> failures{0};
    std::atomic<bool> go{false};
    std::vector<std::thread> pool;
    for (int t = 0; t < threads; ++t) {
        pool.emplace_back([&, t] {
            while (!go.load()) std::this_thread::yield();
            for (int i = 0; i < rounds; ++i) {
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
                if (ec->derive(ec_pub->point(), shared) != status::ok) ++failures;
            }
        });
    }
    go = true;
    for (auto& th : pool) th.join();
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
