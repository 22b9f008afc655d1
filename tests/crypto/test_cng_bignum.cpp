// The CNG backend's big-number and point arithmetic (src/crypto/cng/
// bignum.cpp, ec_math.cpp), which is plain C++ and so built and run on every platform, not only under wine:
// the relations between published values (RFC 8017's key and signature,
// the curves and public keys of FIPS 186-4 and RFC 6979) that the backend
// relies on when it completes RSA keys and recovers EC public points.
#include <catch2/catch.hpp>

#include <string>

#include "crypto/cng/bignum.hpp"
#include "crypto/cng/ec_math.hpp"
#include "crypto/hash.hpp"
#include "ec_vectors.hpp"
#include "hex.hpp"
#include "rsa_vectors.hpp"

using p11::crypto::cng::bignum;
namespace cng = p11::crypto::cng;
using test::hex;

namespace {

// Big-endian hex; RFC 6979's P-521 values have an odd number of digits.
bignum num(const char* h) {
    std::string digits;
    for (const char* c = h; *c != 0; ++c)
        if (*c != ' ') digits += *c;
    if (digits.size() % 2 != 0) digits.insert(digits.begin(), '0');
    return bignum::from_bytes(hex(digits));
}

} // namespace

TEST_CASE("bignum: bytes in and out, order, +, -, *, %, shifts, small division", "[cng-bignum]") {
    const auto a = num("0123456789abcdef00112233445566778899");
    CHECK(test::plain(a.to_bytes()) == hex("0123456789abcdef00112233445566778899"));
    CHECK(test::plain(a.to_bytes(20)) == hex("00000123456789abcdef00112233445566778899"));
    CHECK(num("000000ff") == num("ff"));
    CHECK(bignum::from_bytes({}).is_zero());
    CHECK(compare(num("0100000000"), num("ffffffff")) > 0);
    CHECK(num("ffffffff") + num("01") == num("0100000000"));
    CHECK(num("0100000000") - num("01") == num("ffffffff"));
    CHECK(num("ffffffffffffffff") * num("ffffffffffffffff") == num("fffffffffffffffe0000000000000001"));
    CHECK(num("fffffffffffffffe0000000000000001") % num("ffffffffffffffff") == bignum());
    CHECK(num("0100000000000000000000") % num("03") == num("01"));  // 2^80 = (2^2)^40 = 1 mod 3
    CHECK(a.shifted_right(8) == num("0123456789abcdef001122334455667788"));
    CHECK(a.shifted_right(36) == num("123456789abcdef00112233445"));
    std::uint32_t r = 0;
    CHECK(num("0100000001").divided_by(0x10000, r) == num("010000"));
    CHECK(r == 1);
    CHECK(a.bits() == 137);
    CHECK(bignum::gcd(num("0c") * a, num("12") * a) == num("06") * a);
}

TEST_CASE("bignum: RFC 8017's key1 and its v1.5 signature", "[cng-bignum]") {
    namespace v = rsa_vectors::key1;
    const bignum n = num(v::n), e = num(v::e), d = num(v::d), p = num(v::p), q = num(v::q);
    const bignum one(1);
    CHECK(p * q == n);
    CHECK(d % (p - one) == num(v::dp));
    CHECK(d % (q - one) == num(v::dq));
    CHECK(e * num(v::dp) % (p - one) == one);
    CHECK(bignum::mod_exp(q, p - bignum(2), p) == num(v::qinv));  // q^-1 mod p by Fermat
    // s^e mod n is the EMSA-PKCS1-v1_5 block 00 01 FF.. 00 DigestInfo.
    const auto message = hex(v::message_1_1);
    p11::crypto::bytes digest(20);
    p11::crypto::digest(p11::crypto::hash_alg::sha1, message, digest.data());
    const auto prefix = p11::crypto::digest_info_prefix(p11::crypto::hash_alg::sha1);
    p11::crypto::bytes em(128, 0xff);
    em[0] = 0x00;
    em[1] = 0x01;
    em[128 - 35 - 1] = 0x00;
    std::copy(prefix.begin(), prefix.end(), em.end() - 35);
    std::copy(digest.begin(), digest.end(), em.end() - 20);
    const bignum s = num(v::v15_signature_1_1);
    CHECK(bignum::mod_exp(s, e, n) == bignum::from_bytes(em));
    CHECK(bignum::mod_exp(bignum::from_bytes(em), d, n) == s);
}

namespace {

struct curve_case {
    const char* p;
    const char* b;
    const char* n;
    const char* gx;
    const char* gy;
    p11::crypto::hash_alg h;
    const ec_vectors::rfc6979* v;
};

// FIPS 186-4 D.1.2.3-5, with RFC 6979 A.2.5-7's keys and "sample" signatures.
const curve_case curve_cases[] = {
    {"FFFFFFFF00000001000000000000000000000000FFFFFFFFFFFFFFFFFFFFFFFF",
     "5AC635D8AA3A93E7B3EBBD55769886BC651D06B0CC53B0F63BCE3C3E27D2604B",
     "FFFFFFFF00000000FFFFFFFFFFFFFFFFBCE6FAADA7179E84F3B9CAC2FC632551",
     "6B17D1F2E12C4247F8BCE6E563A440F277037D812DEB33A0F4A13945D898C296",
     "4FE342E2FE1A7F9B8EE7EB4A7C0F9E162BCE33576B315ECECBB6406837BF51F5", p11::crypto::hash_alg::sha256,
     &ec_vectors::p256_sample},
    {"FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFEFFFFFFFF0000000000000000FFFFFFFF",
     "B3312FA7E23EE7E4988E056BE3F82D19181D9C6EFE8141120314088F5013875AC656398D8A2ED19D2A85C8EDD3EC2AEF",
     "FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFC7634D81F4372DDF581A0DB248B0A77AECEC196ACCC52973",
     "AA87CA22BE8B05378EB1C71EF320AD746E1D3B628BA79B9859F741E082542A385502F25DBF55296C3A545E3872760AB7",
     "3617DE4A96262C6F5D9E98BF9292DC29F8F41DBD289A147CE9DA3113B5F0B8C00A60B1CE1D7E819D7A431D7C90EA0E5F",
     p11::crypto::hash_alg::sha384, &ec_vectors::p384_sample},
    {"01FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF"
     "FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF",
     "0051953EB9618E1C9A1F929A21A0B68540EEA2DA725B99B315F3B8B489918EF1"
     "09E156193951EC7E937B1652C0BD3BB1BF073573DF883D2C34F1EF451FD46B503F00",
     "01FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF"
     "FFFFFFFA51868783BF2F966B7FCC0148F709A5D03BB5C9B8899C47AEBB6FB71E91386409",
     "00C6858E06B70404E9CD9E3ECB662395B4429C648139053FB521F828AF606B4D"
     "3DBAA14B5E77EFE75928FE1DC127A2FFA8DE3348B3C1856A429BF97E7E31C2E5BD66",
     "011839296A789A3BC0045C8A5FB42C7D1BD998F54449579B446817AFBD17273E"
     "662C97EE72995EF42640C550B9013FAD0761353C7086A272C24088BE94769FD16650",
     p11::crypto::hash_alg::sha512, &ec_vectors::p521_sample},
};

cng::ec_curve curve_of(const curve_case& c) {
    return {num(c.p), num(c.b), num(c.n), {num(c.gx), num(c.gy)}};
}

} // namespace

TEST_CASE("EC math: G and the RFC 6979 keys are on their curves; d G is the published key", "[cng-bignum]") {
    for (const auto& c : curve_cases) {
        INFO("order " << c.n);
        const auto curve = curve_of(c);
        const cng::ec_point q{num(c.v->ux), num(c.v->uy)};
        CHECK(cng::on_curve(curve, curve.g));
        CHECK(cng::on_curve(curve, q));
        CHECK_FALSE(cng::on_curve(curve, {q.x, q.y + bignum(1)}));
        auto dg = cng::multiply_add(curve, num(c.v->x), bignum(), curve.g);
        REQUIRE(dg);
        CHECK(dg->x == q.x);
        CHECK(dg->y == q.y);
        CHECK_FALSE(cng::multiply_add(curve, curve.n, bignum(), curve.g));  // n G is the point at infinity
        // 2 G + 3 G = 5 G, and G + (n - 1) G = infinity through the addition.
        auto five = cng::multiply_add(curve, bignum(2), bignum(3), curve.g);
        auto five_too = cng::multiply_add(curve, bignum(5), bignum(), curve.g);
        REQUIRE(five);
        REQUIRE(five_too);
        CHECK(five->x == five_too->x);
        CHECK(five->y == five_too->y);
        CHECK_FALSE(cng::multiply_add(curve, bignum(1), curve.n - bignum(1), curve.g));
    }
}

TEST_CASE("EC math: the RFC 6979 public keys are recovered from their signatures", "[cng-bignum]") {
    for (const auto& c : curve_cases) {
        INFO("order " << c.n);
        const auto curve = curve_of(c);
        const auto message = test::str(c.v->message);
        p11::crypto::bytes digest(p11::crypto::digest_size(c.h));
        p11::crypto::digest(c.h, message, digest.data());
        // FIPS 186-4 6.4: e is the digest, all of it (no hash here exceeds the order).
        const auto keys = cng::recover_public_keys(curve, bignum::from_bytes(digest), num(c.v->r), num(c.v->s));
        REQUIRE(keys.size() == 2);
        int matches = 0;
        for (const auto& k : keys) matches += k.x == num(c.v->ux) && k.y == num(c.v->uy) ? 1 : 0;
        CHECK(matches == 1);
        CHECK(cng::recover_public_keys(curve, bignum::from_bytes(digest), bignum(), num(c.v->s)).empty());
    }
}

TEST_CASE("bignum: y from x on P-256, P-384 and P-521 as the CNG backend recovers it", "[cng-bignum]") {
    for (const auto& c : curve_cases) {
        const bignum p = num(c.p), b = num(c.b);
        const bignum x = num(c.v->ux), y = num(c.v->uy);
        const bignum rhs = (x * x % p * x + b + (p - bignum(3)) * x) % p;  // x^3 - 3x + b
        CHECK(y * y % p == rhs);
        const bignum root = bignum::mod_exp(rhs, (p + bignum(1)).shifted_right(2), p);
        CHECK((root == y || p - root == y));
    }
}
