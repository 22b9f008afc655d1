#include "crypto/cng/ec_math.hpp"

namespace p11::crypto::cng {

namespace {

// Jacobian coordinates (x = X / Z^2, y = Y / Z^3) in Montgomery form;
// Z = 0 is the point at infinity.
struct jacobian {
    bignum x, y, z;
};

class arithmetic {
public:
    explicit arithmetic(const ec_curve& c) : f_(c.p) {}

    jacobian lift(const ec_point& a) const { return {f_.to(a.x), f_.to(a.y), f_.to(bignum(1))}; }

    // dbl-2001-b (a = -3).
    jacobian twice(const jacobian& a) const {
        if (a.z.is_zero() || a.y.is_zero()) return {};
        const bignum delta = sq(a.z), gamma = sq(a.y), beta = f_.mul(a.x, gamma);
        const bignum alpha = times(f_.mul(f_.sub(a.x, delta), f_.add(a.x, delta)), 3);
        const bignum x3 = f_.sub(sq(alpha), times(beta, 8));
        const bignum z3 = f_.sub(f_.sub(sq(f_.add(a.y, a.z)), gamma), delta);
        const bignum y3 = f_.sub(f_.mul(alpha, f_.sub(times(beta, 4), x3)), times(sq(gamma), 8));
        return {x3, y3, z3};
    }

    // add-1998-cmo-2, with the equal and opposite cases.
    jacobian sum(const jacobian& a, const jacobian& b) const {
        if (a.z.is_zero()) return b;
        if (b.z.is_zero()) return a;
        const bignum z1z1 = sq(a.z), z2z2 = sq(b.z);
        const bignum u1 = f_.mul(a.x, z2z2), u2 = f_.mul(b.x, z1z1);
        const bignum s1 = f_.mul(a.y, f_.mul(b.z, z2z2)), s2 = f_.mul(b.y, f_.mul(a.z, z1z1));
        const bignum h = f_.sub(u2, u1), r = f_.sub(s2, s1);
        if (h.is_zero()) return r.is_zero() ? twice(a) : jacobian{};
        const bignum hh = sq(h), hhh = f_.mul(h, hh), v = f_.mul(u1, hh);
        const bignum x3 = f_.sub(f_.sub(sq(r), hhh), times(v, 2));
        const bignum y3 = f_.sub(f_.mul(r, f_.sub(v, x3)), f_.mul(s1, hhh));
        const bignum z3 = f_.mul(f_.mul(a.z, b.z), h);
        return {x3, y3, z3};
    }

    // k a, double and add from the top bit (k is public).
    jacobian times_point(const bignum& k, const jacobian& a) const {
        jacobian acc{};
        for (std::size_t i = k.bits(); i-- > 0;) {
            acc = twice(acc);
            if (k.bit(i)) acc = sum(acc, a);
        }
        return acc;
    }

    std::optional<ec_point> affine(const jacobian& a) const {
        if (a.z.is_zero()) return std::nullopt;
        const bignum& p = f_.modulus();
        const bignum z = f_.from(a.z);
        const bignum z_inv = f_.to(bignum::mod_exp(z, p - bignum(2), p));
        const bignum z_inv2 = sq(z_inv);
        return ec_point{f_.from(f_.mul(a.x, z_inv2)), f_.from(f_.mul(a.y, f_.mul(z_inv2, z_inv)))};
    }

private:
    bignum sq(const bignum& a) const { return f_.mul(a, a); }
    bignum times(const bignum& a, unsigned k) const {
        bignum r = a;
        for (unsigned i = 1; i < k; ++i) r = f_.add(r, a);
        return r;
    }

    mont_context f_;
};

// x^3 - 3x + b mod p.
bignum curve_rhs(const ec_curve& c, const bignum& x) {
    return (x * x % c.p * x + c.b + (c.p - bignum(3)) * x) % c.p;
}

} // namespace

bool on_curve(const ec_curve& c, const ec_point& q) {
    if (compare(q.x, c.p) >= 0 || compare(q.y, c.p) >= 0) return false;
    return q.y * q.y % c.p == curve_rhs(c, q.x);
}

std::optional<ec_point> multiply_add(const ec_curve& c, const bignum& u1, const bignum& u2, const ec_point& q) {
    const arithmetic a(c);
    return a.affine(a.sum(a.times_point(u1, a.lift(c.g)), a.times_point(u2, a.lift(q))));
}

std::vector<ec_point> recover_public_keys(const ec_curve& c, const bignum& e, const bignum& r, const bignum& s) {
    std::vector<ec_point> keys;
    if (r.is_zero() || s.is_zero() || compare(r, c.n) >= 0 || compare(s, c.n) >= 0) return keys;
    // R = (r, y): y is a square root of x^3 - 3x + b (p = 3 mod 4 on all three curves).
    const bignum rhs = curve_rhs(c, r);
    const bignum y = bignum::mod_exp(rhs, (c.p + bignum(1)).shifted_right(2), c.p);
    if (!(y * y % c.p == rhs)) return keys;
    // Q = r^-1 (s R - e G) = (-e r^-1) G + (s r^-1) R, with n prime.
    const bignum r_inv = bignum::mod_exp(r, c.n - bignum(2), c.n);
    const bignum u1 = (c.n - e % c.n) * r_inv % c.n;
    const bignum u2 = s * r_inv % c.n;
    for (const bignum& ry : {y, (c.p - y) % c.p}) {
        if (auto q = multiply_add(c, u1, u2, ec_point{r, ry})) keys.push_back(std::move(*q));
    }
    return keys;
}

} // namespace p11::crypto::cng
