// What the backend says it can do on this machine (crypto/capabilities.hpp)
// against what the operations and the platform itself answer: the token
// lists mechanisms by it, so a claim must hold and a "missing" must be true.
#include <catch2/catch.hpp>

#include "crypto/capabilities.hpp"
#include "crypto/des3.hpp"
#include "crypto/rsa.hpp"
#include "hex.hpp"
#include "platform.hpp"
#include "rsa_vectors.hpp"

using namespace p11::crypto;
using test::hex;

namespace {

std::unique_ptr<rsa_private_key> key1() {
    namespace v = rsa_vectors::key1;
    const auto secret = [](const char* h) {
        const auto b = hex(h);
        return secure_bytes(b.begin(), b.end());
    };
    auto k = load_rsa_private({hex(v::n), hex(v::e), secret(v::d), secret(v::p), secret(v::q), secret(v::dp),
                               secret(v::dq), secret(v::qinv)});
    REQUIRE(k);
    return k;
}

} // namespace

TEST_CASE("the backend's capabilities are what its operations do", "[capabilities]") {
    const capabilities& c = backend_capabilities();
    CHECK(&c == &backend_capabilities());  // asked once
    auto key = key1();
    bytes out;
    const status raw = key->public_key()->public_raw(hex("02"), out);
    CHECK(raw == (c.raw_rsa ? status::ok : status::unsupported));
    for (hash_alg h : {hash_alg::sha1, hash_alg::sha224, hash_alg::sha256, hash_alg::sha384, hash_alg::sha512}) {
        INFO("PSS hash " << int(h));
        const pss_params p{h, h, digest_size(h)};
        const bool expected = c.raw_rsa || c.native_pss[static_cast<std::size_t>(h)];
        if (h == hash_alg::sha512) continue;  // 64 + 64 + 2 > 128: does not fit key1
        bytes sig;
        CHECK(key->sign_pss(bytes(digest_size(h), 1), p, sig) == (expected ? status::ok : status::unsupported));
    }
    for (curve cv : {curve::p256, curve::p384, curve::p521}) {
        INFO("curve " << int(cv));
        const auto i = static_cast<std::size_t>(cv);
        auto key_pair = generate_ec(cv);
        CHECK(c.ec_private[i] == (key_pair != nullptr));
        if (key_pair) {
            // ECDH works, or says the platform lacks it.
            secure_bytes x;
            CHECK(key_pair->derive(key_pair->public_key()->point(), x) ==
                  (c.ecdh[i] ? status::ok : status::unsupported));
        }
#if defined(P11FORGE_CRYPTO_CNG)
        // The platform asked directly, without the backend.
        CHECK(c.ec_private[i] == test::detail::private_import_works(cv));
        CHECK(c.ecdh[i] == (c.ec_private[i] && test::detail::raw_secret_works(cv)));
#endif
    }
#if !defined(P11FORGE_CRYPTO_CNG)
    // The libraries lack nothing.
    CHECK(c.raw_rsa);
    for (bool b : c.native_pss) CHECK(b);
    for (bool b : c.ec_private) CHECK(b);
    for (bool b : c.ec_public) CHECK(b);
    for (bool b : c.ecdh) CHECK(b);
#endif
    // TDEA claimed: a key loads (its known answers are test_des3.cpp's).
    if (c.des3) CHECK(load_des3_key(bytes(24, 0x01)) != nullptr);
#if !defined(P11FORGE_CRYPTO_CNG)
    CHECK(c.des3);
#endif
    // Said by name in the log, as the token will list accordingly.
    WARN("raw RSA: " << c.raw_rsa << ", native PSS (SHA-1/224/256/384/512): " << c.native_pss[0] << c.native_pss[1]
                     << c.native_pss[2] << c.native_pss[3] << c.native_pss[4] << ", EC private keys (P-256/384/521): "
                     << c.ec_private[0] << c.ec_private[1] << c.ec_private[2] << ", ECDH: " << c.ecdh[0] << c.ecdh[1]
                     << c.ecdh[2]);
}
