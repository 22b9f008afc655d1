// Point arithmetic on the NIST prime curves (y^2 = x^3 - 3x + b), for
// public values only: recovering an ECDSA public key from a signature
// (SEC 1 4.1.6), which is how the CNG backend finds Q for a private key
// given as d alone (CNG has no call for d G; the signature is CNG's, made
// with d in constant time, and everything after it is public).  Plain C++
// on bignum.hpp, tested on every platform (tests/crypto/test_cng_bignum.cpp).
#pragma once

#include <optional>
#include <vector>

#include "crypto/cng/bignum.hpp"

namespace p11::crypto::cng {

struct ec_point {
    bignum x, y;
};

struct ec_curve {
    bignum p, b, n;
    ec_point g;
};

// y^2 = x^3 - 3x + b, x and y below p.
[[nodiscard]] bool on_curve(const ec_curve& c, const ec_point& q);
// u1 G + u2 Q; nullopt for the point at infinity.
[[nodiscard]] std::optional<ec_point> multiply_add(const ec_curve& c, const bignum& u1, const bignum& u2,
                                                   const ec_point& q);
// The public keys for which (r, s) is a signature of the digest integer e
// (already reduced to the order's bit length): one for each R with x = r
// (the rarer x = r + n is not tried).
[[nodiscard]] std::vector<ec_point> recover_public_keys(const ec_curve& c, const bignum& e, const bignum& r,
                                                        const bignum& s);

} // namespace p11::crypto::cng
