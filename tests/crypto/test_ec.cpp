// Elliptic curves: RFC 6979 appendix A.2.5-A.2.7 signatures, RFC 5903
// section 8 key agreement, encodings of parameters and points, and the
// rejections a token relies on.
#include <catch2/catch.hpp>

#include "crypto/ec.hpp"
#include "crypto/hash.hpp"
#include "ec_vectors.hpp"
#include "hex.hpp"
#include "platform.hpp"

using namespace p11::crypto;
using test::hex;

namespace {

// RFC values for P-521 have 131 hex digits: left-pad to the field size.
bytes fixed(const char* h, std::size_t n) {
    auto b = hex(std::string(2 * n - std::string_view(h).size(), '0') + h);
    REQUIRE(b.size() == n);
    return b;
}

bytes point(curve c, const char* x, const char* y) {
    const auto n = field_bytes(c);
    return test::concat(test::concat({0x04}, fixed(x, n)), fixed(y, n));
}

bytes plain(const secure_bytes& s) { return bytes(s.begin(), s.end()); }

bytes sha(hash_alg h, bytes_view m) {
    bytes out(digest_size(h));
    digest(h, m, out.data());
    return out;
}

struct signature_case {
    curve c;
    hash_alg h;
    const ec_vectors::rfc6979* v;
};

const signature_case signature_cases[] = {
    {curve::p256, hash_alg::sha256, &ec_vectors::p256_sample},
    {curve::p256, hash_alg::sha256, &ec_vectors::p256_test},
    {curve::p384, hash_alg::sha384, &ec_vectors::p384_sample},
    {curve::p521, hash_alg::sha512, &ec_vectors::p521_sample},
};

} // namespace

TEST_CASE("named-curve parameters are the DER OIDs", "[ec]") {
    CHECK(curve_params(curve::p256) == hex("06082a8648ce3d030107"));  // 1.2.840.10045.3.1.7
    CHECK(curve_params(curve::p384) == hex("06052b81040022"));        // 1.3.132.0.34
    CHECK(curve_params(curve::p521) == hex("06052b81040023"));        // 1.3.132.0.35
    for (auto c : {curve::p256, curve::p384, curve::p521}) CHECK(curve_from_params(curve_params(c)) == c);
    CHECK_FALSE(curve_from_params(hex("06082a8648ce3d030101")));  // P-192
    CHECK_FALSE(curve_from_params(hex("06082a8648ce3d0301")));
    CHECK_FALSE(curve_from_params({}));
    CHECK(field_bytes(curve::p521) == 66);
    CHECK(order_bits(curve::p384) == 384);
    CHECK(wrap_octet_string(hex("0102")) == hex("04020102"));
    CHECK(wrap_octet_string(bytes(133, 4)).size() == 136);  // 04 81 85 ...
}

TEST_CASE("RFC 6979 signatures verify with their public keys", "[ec][ecdsa]") {
    for (const auto& t : signature_cases) {
        INFO(t.v->message << " on curve " << int(t.c));
        if (test::lacks_curve(t.c)) continue;
        const auto n = field_bytes(t.c);
        auto pub = load_ec_public(t.c, point(t.c, t.v->ux, t.v->uy));
        REQUIRE(pub);
        const auto d = sha(t.h, test::str(t.v->message));
        const auto sig = test::concat(fixed(t.v->r, n), fixed(t.v->s, n));
        CHECK(pub->verify(d, sig) == status::ok);

        auto bad = sig;
        bad[n + 3] ^= 0x10;
        CHECK(pub->verify(d, bad) == status::bad_signature);
        CHECK(pub->verify(sha(t.h, test::str("samplf")), sig) == status::bad_signature);
        CHECK(pub->verify(d, bytes_view(sig).first(2 * n - 1)) == status::bad_signature);
        CHECK(pub->verify(d, bytes(2 * n, 0)) == status::bad_signature);  // r = s = 0
    }
}

TEST_CASE("private keys from RFC 6979 scalars give the published public keys and signatures", "[ec][ecdsa]") {
    for (const auto& t : signature_cases) {
        INFO(t.v->message << " on curve " << int(t.c));
        if (test::lacks_private_keys(t.c)) continue;
        const auto n = field_bytes(t.c);
        auto key = load_ec_private(t.c, fixed(t.v->x, n));
        REQUIRE(key);
        CHECK(key->curve_id() == t.c);
        CHECK(plain(key->scalar()) == fixed(t.v->x, n));
        auto pub = key->public_key();
        CHECK(pub->point() == point(t.c, t.v->ux, t.v->uy));

        const auto d = sha(t.h, test::str(t.v->message));
        bytes sig;
        REQUIRE(key->sign(d, sig) == status::ok);
        CHECK(sig.size() == 2 * n);
        CHECK(pub->verify(d, sig) == status::ok);
#ifdef P11FORGE_CRYPTO_MBEDTLS
        // This backend signs deterministically (RFC 6979 with the digest's
        // hash), so it reproduces the RFC's (r, s) byte for byte.
        CHECK(sig == test::concat(fixed(t.v->r, n), fixed(t.v->s, n)));
#endif
    }
}

TEST_CASE("ECDSA signs digests of any length and round trips on every curve", "[ec][ecdsa]") {
    for (auto c : {curve::p256, curve::p384, curve::p521}) {
        INFO("curve " << int(c));
        if (test::lacks_private_keys(c)) continue;
        auto key = generate_ec(c);
        REQUIRE(key);
        auto pub = key->public_key();
        for (std::size_t len : {std::size_t{0}, std::size_t{1}, std::size_t{20}, std::size_t{32}, std::size_t{64},
                                std::size_t{100}}) {
            const bytes digest(len, 0xa5);
            bytes sig;
            REQUIRE(key->sign(digest, sig) == status::ok);
            CHECK(sig.size() == 2 * field_bytes(c));
            CHECK(pub->verify(digest, sig) == status::ok);
            // Longer digests are truncated to the order's bit length (FIPS 186-4 6.4).
            if (len * 8 > order_bits(c) + 8) {
                auto longer = digest;
                longer.back() ^= 1;
                CHECK(pub->verify(longer, sig) == status::ok);
            }
        }
        auto other = generate_ec(c)->public_key();
        bytes sig;
        REQUIRE(key->sign(hex("00112233"), sig) == status::ok);
        CHECK(other->verify(hex("00112233"), sig) == status::bad_signature);
    }
}

TEST_CASE("ECDH reproduces RFC 5903 section 8", "[ec][ecdh]") {
    struct group_case {
        curve c;
        const ec_vectors::rfc5903* v;
    };
    for (const auto& g : {group_case{curve::p256, &ec_vectors::p256}, group_case{curve::p384, &ec_vectors::p384},
                          group_case{curve::p521, &ec_vectors::p521}}) {
        INFO("curve " << int(g.c));
        if (test::lacks_raw_secret(g.c)) continue;
        const auto n = field_bytes(g.c);
        auto i = load_ec_private(g.c, fixed(g.v->i, n));
        auto r = load_ec_private(g.c, fixed(g.v->r, n));
        REQUIRE(i);
        REQUIRE(r);
        const auto gi = point(g.c, g.v->gix, g.v->giy);
        const auto gr = point(g.c, g.v->grx, g.v->gry);
        CHECK(i->public_key()->point() == gi);
        CHECK(r->public_key()->point() == gr);
        secure_bytes z1, z2;
        REQUIRE(i->derive(gr, z1) == status::ok);
        REQUIRE(r->derive(wrap_octet_string(gi), z2) == status::ok);  // CKA_EC_POINT form accepted too
        CHECK(plain(z1) == fixed(g.v->girx, n));
        CHECK(plain(z2) == plain(z1));

        // Not on the curve, wrong length, compressed, the point at infinity.
        auto off = gr;
        off.back() ^= 1;
        secure_bytes z;
        CHECK(i->derive(off, z) == status::invalid_input);
        CHECK(i->derive(bytes_view(gr).first(gr.size() - 1), z) == status::invalid_input);
        auto compressed = bytes(gr.begin(), gr.begin() + 1 + static_cast<std::ptrdiff_t>(n));
        compressed[0] = 0x02;
        CHECK(i->derive(compressed, z) == status::invalid_input);
        CHECK(i->derive(hex("00"), z) == status::invalid_input);
        CHECK(z.empty());
    }
}

TEST_CASE("points and scalars are validated when keys are loaded", "[ec][keys]") {
    const auto& v = ec_vectors::p256_sample;
    const auto q = point(curve::p256, v.ux, v.uy);
    auto pub = load_ec_public(curve::p256, q);
    REQUIRE(pub);
    CHECK(pub->curve_id() == curve::p256);
    CHECK(pub->point() == q);
    // The OCTET STRING form of CKA_EC_POINT is accepted and unwrapped.
    auto wrapped = load_ec_public(curve::p256, wrap_octet_string(q));
    REQUIRE(wrapped);
    CHECK(wrapped->point() == q);
    // SubjectPublicKeyInfo: id-ecPublicKey, prime256v1, the point.
    CHECK(pub->subject_public_key_info() ==
          test::concat(hex("3059301306072a8648ce3d020106082a8648ce3d030107034200"), q));

    auto off_curve = q;
    off_curve[40] ^= 1;
    CHECK(load_ec_public(curve::p256, off_curve) == nullptr);
    CHECK(load_ec_public(curve::p384, q) == nullptr);  // a P-256 point is not a P-384 one
    CHECK(load_ec_public(curve::p256, bytes_view(q).first(64)) == nullptr);
    auto hybrid = q;
    hybrid[0] = 0x06;
    CHECK(load_ec_public(curve::p256, hybrid) == nullptr);
    auto bad_octets = wrap_octet_string(q);
    bad_octets[1] = 0x42;  // length disagrees with content
    CHECK(load_ec_public(curve::p256, bad_octets) == nullptr);

    // 0 and n are not private keys; n - 1 is.
    const auto order = hex("FFFFFFFF00000000FFFFFFFFFFFFFFFFBCE6FAADA7179E84F3B9CAC2FC632551");
    CHECK(load_ec_private(curve::p256, bytes(32, 0)) == nullptr);
    CHECK(load_ec_private(curve::p256, order) == nullptr);
    CHECK(load_ec_private(curve::p256, {}) == nullptr);
    if (test::lacks_private_keys(curve::p256)) return;
    auto n_minus_1 = order;
    n_minus_1.back() -= 1;
    CHECK(load_ec_private(curve::p256, n_minus_1) != nullptr);
    // A short scalar is an integer like any other (leading zeros implied).
    auto one = load_ec_private(curve::p256, hex("01"));
    REQUIRE(one);
    CHECK(plain(one->scalar()) == test::concat(bytes(31, 0), hex("01")));
}
