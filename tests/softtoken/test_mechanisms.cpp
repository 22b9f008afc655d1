// The software token lists only what its crypto backend can run on this
// machine (src/softtoken/mechanisms.cpp): checked with capabilities like
// those wine 8's CNG reports (src/crypto/README.md), which no Linux
// backend would give.
#include <catch2/catch.hpp>

#include <algorithm>
#include <optional>

#include "p11/constants/mechanism_recipe.hpp"
#include "softtoken/mechanisms.hpp"
#include "../common/catch_printing.hpp"

using namespace p11;
using M = mechanism_type;

namespace {

std::optional<provider::mechanism_entry> entry(const std::vector<provider::mechanism_entry>& list, M t) {
    const auto it = std::find_if(list.begin(), list.end(), [&](const auto& e) { return e.type == t; });
    if (it == list.end()) return std::nullopt;
    return *it;
}

crypto::capabilities like_wine() {
    crypto::capabilities c;
    c.raw_rsa = false;
    c.native_pss = {false, false, true, true, true};  // SHA-1, SHA-224 not padded by the library
    c.ec_public = {true, true, false};
    c.ec_private = {true, false, false};  // P-384 private keys cannot be imported
    c.ecdh = {false, false, false};
    return c;
}

} // namespace

TEST_CASE("software token mechanisms: a backend that can do everything loses nothing", "[softtoken]") {
    const auto all = soft::mechanisms_for(crypto::capabilities{});
    const auto listed = soft::mechanism_list();
    // The Linux backends (mbedTLS, OpenSSL) can do everything but SHA-3 on mbedTLS 2.28.
    const auto sha3_based = std::count_if(all.begin(), all.end(), [](const auto& e) {
        const auto r = recipe_of(e.type);
        return r && r->digest && to_string(*r->digest).view().starts_with("CKM_SHA3_");
    });
    CHECK(sha3_based == 28);  // 4 digests, 8 HMACs, 4 HMAC key generators, 8 RSA and 4 ECDSA signatures
    auto without_sha3 = crypto::capabilities{};
    without_sha3.sha3 = false;
    CHECK(soft::mechanisms_for(without_sha3).size() == all.size() - static_cast<std::size_t>(sha3_based));
    // The Linux backends lose what they lack of SHA-3 and the Edwards/Montgomery curves, nothing else.
    auto backends_own = crypto::capabilities{};
    backends_own.sha3 = crypto::backend_capabilities().sha3;
    backends_own.ecx = crypto::backend_capabilities().ecx;
    CHECK(listed.size() == soft::mechanisms_for(backends_own).size());
    CHECK(entry(soft::mechanisms_for(without_sha3), M::sha256_rsa_pkcs));
    CHECK_FALSE(entry(soft::mechanisms_for(without_sha3), M::ecdsa_sha3_256));
    REQUIRE(entry(all, M::rsa_x_509));
    CHECK(entry(all, M::ecdsa)->max_key_size == 521);
    CHECK(has(entry(all, M::rsa_pkcs)->flags, mechanism_flags::sign_recover));
}

TEST_CASE("software token mechanisms: Edwards and Montgomery curves as the backend has them", "[softtoken]") {
    const auto full = soft::mechanisms_for(crypto::capabilities{});
    REQUIRE(entry(full, M::eddsa));
    CHECK(entry(full, M::eddsa)->min_key_size == 255);
    CHECK(entry(full, M::eddsa)->max_key_size == 448);
    auto mbedtls_like = crypto::capabilities{};
    mbedtls_like.ecx = {false, false, true, true};  // no EdDSA
    const auto no_eddsa = soft::mechanisms_for(mbedtls_like);
    CHECK_FALSE(entry(no_eddsa, M::eddsa));
    CHECK_FALSE(entry(no_eddsa, M::ec_edwards_key_pair_gen));
    REQUIRE(entry(no_eddsa, M::ec_montgomery_key_pair_gen));
    CHECK(entry(no_eddsa, M::ec_montgomery_key_pair_gen)->max_key_size == 448);
    auto only_25519 = crypto::capabilities{};
    only_25519.ecx = {true, false, true, false};
    const auto small = soft::mechanisms_for(only_25519);
    CHECK(entry(small, M::eddsa)->max_key_size == 255);
    CHECK(entry(small, M::ec_montgomery_key_pair_gen)->max_key_size == 255);
    auto only_448 = crypto::capabilities{};
    only_448.ecx = {false, true, false, true};
    CHECK(entry(soft::mechanisms_for(only_448), M::eddsa)->min_key_size == 448);
    auto none = crypto::capabilities{};
    none.ecx.fill(false);
    CHECK_FALSE(entry(soft::mechanisms_for(none), M::ec_montgomery_key_pair_gen));
    CHECK(entry(soft::mechanisms_for(none), M::ecdh1_derive));  // P-256 and up still derive
}

TEST_CASE("software token mechanisms: what a CNG lacks is not listed", "[softtoken]") {
    const auto full = soft::mechanisms_for(crypto::capabilities{});
    const auto less = soft::mechanisms_for(like_wine());
    // No raw RSA: nothing built on it.
    CHECK_FALSE(entry(less, M::rsa_x_509));
    CHECK_FALSE(entry(less, M::rsa_pkcs_oaep));
    CHECK_FALSE(entry(less, M::rsa_pkcs_pss));  // the caller's digest, padded by us on raw RSA
    CHECK_FALSE(entry(less, M::sha1_rsa_pkcs_pss));
    CHECK(entry(less, M::sha256_rsa_pkcs_pss));
    REQUIRE(entry(less, M::rsa_pkcs));
    CHECK_FALSE(has(entry(less, M::rsa_pkcs)->flags, mechanism_flags::sign_recover));
    CHECK(has(entry(less, M::rsa_pkcs)->flags, mechanism_flags::decrypt | mechanism_flags::unwrap));
    CHECK(entry(less, M::sha256_rsa_pkcs));
    CHECK_FALSE(entry(less, M::sha224_rsa_pkcs));  // CNG has no SHA-224 to pad with
    // Curves: signing and generation up to the last private-key curve; no ECDH at all.
    CHECK(entry(less, M::ecdsa)->max_key_size == 256);
    CHECK(entry(less, M::ecdsa_sha384)->max_key_size == 256);
    CHECK(entry(less, M::ec_key_pair_gen)->max_key_size == 256);
    CHECK_FALSE(entry(less, M::ecdh1_derive));
    CHECK_FALSE(entry(less, M::ecdh1_cofactor_derive));
    // What does not depend on those is untouched.
    for (auto t : {M::aes_gcm, M::aes_cmac, M::sha256_hmac, M::aes_key_wrap_pad, M::sha224}) {
        INFO(to_string(t).view());
        REQUIRE(entry(less, t));
        CHECK(entry(less, t)->flags == entry(full, t)->flags);
    }
    // Nothing gains: every listed entry is the full one or narrower.
    for (const auto& e : less) {
        const auto f = entry(full, e.type);
        REQUIRE(f);
        CHECK(has(f->flags, e.flags));
        CHECK(e.max_key_size <= f->max_key_size);
    }
}
