// The CNG backend's big-number arithmetic (src/crypto/cng/bignum.cpp), which
// is plain C++ and so built and run on every platform, not only under wine:
// the relations between published values (RFC 8017's key and signature,
// the curves and public keys of FIPS 186-4 and RFC 6979) that the backend
// relies on when it completes RSA keys and recovers EC public points.
#include <catch2/catch.hpp>

#include <string>

#include "crypto/cng/bignum.hpp"
#include "crypto/hash.hpp"
#include "ec_vectors.hpp"
#include "hex.hpp"
#include "rsa_vectors.hpp"

using p11::crypto::cng::bignum;
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

TEST_CASE("bignum: y from x on P-256, P-384 and P-521 as the CNG backend recovers it", "[cng-bignum]") {
    struct curve_case {
        const char* p;
        const char* b;
        const ec_vectors::rfc6979* v;
    };
    // FIPS 186-4 D.1.2.3-5.
    const curve_case cases[] = {
        {"FFFFFFFF00000001000000000000000000000000FFFFFFFFFFFFFFFFFFFFFFFF",
         "5AC635D8AA3A93E7B3EBBD55769886BC651D06B0CC53B0F63BCE3C3E27D2604B", &ec_vectors::p256_sample},
        {"FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFEFFFFFFFF0000000000000000FFFFFFFF",
         "B3312FA7E23EE7E4988E056BE3F82D19181D9C6EFE8141120314088F5013875AC656398D8A2ED19D2A85C8EDD3EC2AEF",
         &ec_vectors::p384_sample},
        {"01FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF"
         "FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF",
         "0051953EB9618E1C9A1F929A21A0B68540EEA2DA725B99B315F3B8B489918EF1"
         "09E156193951EC7E937B1652C0BD3BB1BF073573DF883D2C34F1EF451FD46B503F00",
         &ec_vectors::p521_sample},
    };
    for (const auto& c : cases) {
        const bignum p = num(c.p), b = num(c.b);
        const bignum x = num(c.v->ux), y = num(c.v->uy);
        // x^3 - 3x + b, as src/crypto/cng/ec.cpp writes it.
        const bignum rhs = (x * x % p * x + b + (p - bignum(3)) * x) % p;
        CHECK(y * y % p == rhs);
        const bignum root = bignum::mod_exp(rhs, (p + bignum(1)).shifted_right(2), p);
        CHECK((root == y || p - root == y));
    }
}
