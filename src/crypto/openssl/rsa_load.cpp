// Preparing RSA keys: from components, or freshly generated.  Whatever the
// caller gives (n, e, d; or p, q, e; or all eight), the missing values are
// derived and the given ones checked here with BIGNUM arithmetic, and one
// complete EVP_PKEY is built with EVP_PKEY_fromdata.  OpenSSL 3.0 neither
// derives missing CRT values nor factors n, and without the CRT values it
// would fall back to the slower plain exponentiation.
#include <openssl/core_names.h>

#include "crypto/internal/rsa_generate.hpp"
#include "crypto/openssl/rsa_core.hpp"

namespace p11::crypto {

namespace {

using ossl::bignum;

// Sizes we accept for existing keys, as the mbedTLS backend does: a floor
// that keeps OAEP and PSS with SHA-1 possible, 8192 bits above.  Policy
// (minimum key size) is the token's business.
constexpr int min_bits = 512;
constexpr int max_bits = 8192;

bignum fresh(bool secret = false) { return ossl::to_bn({}, secret); }

bignum optional_bn(bytes_view be, bool secret) { return be.empty() ? bignum{} : ossl::to_bn(be, secret); }

// n = p * q from n, e, d (RFC 8017 / NIST SP 800-56B appendix C.2): with
// de - 1 = 2^s * t, some g^t has a square root of 1 other than +-1 in its
// squaring chain, and gcd(that root - 1, n) is a prime factor.
bool recover_primes(const BIGNUM& n, const BIGNUM& e, const BIGNUM& d, bignum& p, bignum& q, BN_CTX* ctx) {
    bignum t = fresh(true), y = fresh(true), x = fresh(true), g = fresh(), n1 = fresh(), rem = fresh();
    p = fresh(true);
    q = fresh(true);
    if (BN_mul(t.get(), &d, &e, ctx) != 1 || BN_sub_word(t.get(), 1) != 1 || BN_is_zero(t.get()) ||
        BN_is_odd(t.get()) || BN_copy(n1.get(), &n) == nullptr || BN_sub_word(n1.get(), 1) != 1)
        return false;
    int s = 0;
    while (!BN_is_odd(t.get())) {
        if (BN_rshift1(t.get(), t.get()) != 1) return false;
        ++s;
    }
    BN_set_flags(t.get(), BN_FLG_CONSTTIME);  // t derives from d
    for (BN_ULONG base = 2; base < 100; ++base) {
        if (BN_set_word(g.get(), base) != 1 || BN_mod_exp(y.get(), g.get(), t.get(), &n, ctx) != 1) return false;
        if (BN_is_one(y.get()) || BN_cmp(y.get(), n1.get()) == 0) continue;
        for (int i = 0; i < s; ++i) {
            if (BN_mod_sqr(x.get(), y.get(), &n, ctx) != 1) return false;
            if (BN_is_one(x.get())) {
                return BN_sub_word(y.get(), 1) == 1 && BN_gcd(p.get(), y.get(), &n, ctx) == 1 && !BN_is_one(p.get()) &&
                       BN_div(q.get(), rem.get(), &n, p.get(), ctx) == 1 && BN_is_zero(rem.get());
            }
            if (BN_cmp(x.get(), n1.get()) == 0) break;
            if (BN_copy(y.get(), x.get()) == nullptr) return false;
        }
    }
    return false;
}

struct crt_values {
    bignum p1, q1, dp, dq, qinv;
};

// d = e^-1 mod lcm(p - 1, q - 1).
bignum derive_d(const BIGNUM& e, const crt_values& v, BN_CTX* ctx) {
    bignum gcd = fresh(true), product = fresh(true), lcm = fresh(true), rem = fresh(), d;
    if (BN_gcd(gcd.get(), v.p1.get(), v.q1.get(), ctx) != 1 || BN_mul(product.get(), v.p1.get(), v.q1.get(), ctx) != 1 ||
        BN_div(lcm.get(), rem.get(), product.get(), gcd.get(), ctx) != 1)
        return d;
    d = fresh(true);
    if (BN_mod_inverse(d.get(), &e, lcm.get(), ctx) == nullptr) d.reset();
    return d;
}

// The public checks: n odd and of a size we accept, e odd, 3 <= e < n.
bool public_ok(const BIGNUM& n, const BIGNUM& e) {
    const int bits = BN_num_bits(&n);
    return bits >= min_bits && bits <= max_bits && BN_is_odd(&n) && BN_is_odd(&e) && BN_num_bits(&e) >= 2 &&
           BN_cmp(&e, &n) < 0;
}

// n = pq, 1 < d < n, de = 1 mod (p - 1) and mod (q - 1): the components
// describe one key.
bool private_ok(const BIGNUM& n, const BIGNUM& e, const BIGNUM& d, const BIGNUM& p, const BIGNUM& q,
                const crt_values& v, BN_CTX* ctx) {
    bignum pq = fresh(true), de = fresh(true), r = fresh(true);
    if (BN_mul(pq.get(), &p, &q, ctx) != 1 || BN_cmp(pq.get(), &n) != 0) return false;
    if (BN_is_zero(&d) || BN_is_one(&d) || BN_cmp(&d, &n) >= 0) return false;
    if (BN_mul(de.get(), &d, &e, ctx) != 1) return false;
    for (const BIGNUM* m : {v.p1.get(), v.q1.get()}) {
        if (BN_is_zero(m) || BN_mod(r.get(), de.get(), m, ctx) != 1 || !BN_is_one(r.get())) return false;
    }
    return true;
}

// The CRT values a caller gave must be the ones that follow from p, q, d.
bool given_matches(bytes_view given, const BIGNUM& computed) {
    if (given.empty()) return true;
    const bignum v = ossl::to_bn(given, true);
    return BN_cmp(v.get(), &computed) == 0;
}

std::unique_ptr<rsa_private_key> build(const BIGNUM& n, const BIGNUM& e, const BIGNUM& d, const BIGNUM& p,
                                       const BIGNUM& q, const crt_values& v) {
    const ossl::param_bld bld(OSSL_PARAM_BLD_new());
    if (!bld) return nullptr;
    const std::pair<const char*, const BIGNUM*> values[] = {
        {OSSL_PKEY_PARAM_RSA_N, &n},
        {OSSL_PKEY_PARAM_RSA_E, &e},
        {OSSL_PKEY_PARAM_RSA_D, &d},
        {OSSL_PKEY_PARAM_RSA_FACTOR1, &p},
        {OSSL_PKEY_PARAM_RSA_FACTOR2, &q},
        {OSSL_PKEY_PARAM_RSA_EXPONENT1, v.dp.get()},
        {OSSL_PKEY_PARAM_RSA_EXPONENT2, v.dq.get()},
        {OSSL_PKEY_PARAM_RSA_COEFFICIENT1, v.qinv.get()},
    };
    for (const auto& [name, value] : values)
        if (OSSL_PARAM_BLD_push_BN(bld.get(), name, value) != 1) return nullptr;
    auto key = ossl::key_from(ossl::rsa_key_type, EVP_PKEY_KEYPAIR, *bld);
    if (!key) return nullptr;
    return ossl::make_private_key(std::make_shared<ossl::rsa_core>(std::move(key), ossl::from_bn(n), ossl::from_bn(e)));
}

// Completes a key from an EVP_PKEY OpenSSL made itself.
std::unique_ptr<rsa_private_key> adopt(ossl::pkey key) {
    const bignum n = ossl::bn_param(*key, OSSL_PKEY_PARAM_RSA_N), e = ossl::bn_param(*key, OSSL_PKEY_PARAM_RSA_E);
    if (!n || !e) return nullptr;
    return ossl::make_private_key(std::make_shared<ossl::rsa_core>(std::move(key), ossl::from_bn(*n), ossl::from_bn(*e)));
}

} // namespace

std::unique_ptr<rsa_private_key> load_rsa_private(const rsa_private_components& c) {
    if (c.public_exponent.empty()) return nullptr;
    ossl::error_scope errors;
    const ossl::bn_ctx ctx(BN_CTX_secure_new());
    if (!ctx) return nullptr;
    bignum n = optional_bn(c.modulus, false), e = ossl::to_bn(c.public_exponent);
    bignum d = optional_bn(c.private_exponent, true);
    bignum p = optional_bn(c.prime1, true), q = optional_bn(c.prime2, true);
    // One prime without the other: recovering both would silently ignore the
    // given one, and the mbedTLS backend refuses it too.
    if (static_cast<bool>(p) != static_cast<bool>(q)) return nullptr;
    if (!p) {
        if (!n || !d || !recover_primes(*n, *e, *d, p, q, ctx.get())) return nullptr;
    }
    if (!n) {
        n = fresh();
        if (BN_mul(n.get(), p.get(), q.get(), ctx.get()) != 1) return nullptr;
    }
    if (!public_ok(*n, *e) || BN_is_zero(p.get()) || BN_is_one(p.get()) || BN_is_zero(q.get()) || BN_is_one(q.get()))
        return nullptr;
    crt_values v{fresh(true), fresh(true), fresh(true), fresh(true), fresh(true)};
    if (BN_sub(v.p1.get(), p.get(), BN_value_one()) != 1 || BN_sub(v.q1.get(), q.get(), BN_value_one()) != 1)
        return nullptr;
    if (!d) d = derive_d(*e, v, ctx.get());
    if (!d || !private_ok(*n, *e, *d, *p, *q, v, ctx.get())) return nullptr;
    if (BN_mod(v.dp.get(), d.get(), v.p1.get(), ctx.get()) != 1 || BN_mod(v.dq.get(), d.get(), v.q1.get(), ctx.get()) != 1 ||
        BN_mod_inverse(v.qinv.get(), q.get(), p.get(), ctx.get()) == nullptr)
        return nullptr;
    if (!given_matches(c.exponent1, *v.dp) || !given_matches(c.exponent2, *v.dq) ||
        !given_matches(c.coefficient, *v.qinv))
        return nullptr;
    return build(*n, *e, *d, *p, *q, v);
}

std::unique_ptr<rsa_public_key> load_rsa_public(const rsa_public_components& c) {
    if (c.modulus.empty() || c.public_exponent.empty()) return nullptr;
    ossl::error_scope errors;
    const bignum n = ossl::to_bn(c.modulus), e = ossl::to_bn(c.public_exponent);
    if (!public_ok(*n, *e)) return nullptr;
    auto core = ossl::public_core(ossl::from_bn(*n), ossl::from_bn(*e));  // minimal encodings
    return core ? ossl::make_public_key(std::move(core)) : nullptr;
}

std::unique_ptr<rsa_private_key> generate_rsa(std::size_t bits, bytes_view public_exponent) {
    const auto e = internal::rsa_generation_exponent(bits, public_exponent);
    if (!e) return nullptr;
    ossl::error_scope errors;
    const ossl::pkey_ctx ctx(EVP_PKEY_CTX_new_from_name(nullptr, ossl::rsa_key_type, nullptr));
    bignum exponent = fresh();
    EVP_PKEY* key = nullptr;
    if (!ctx || BN_set_word(exponent.get(), static_cast<BN_ULONG>(*e)) != 1 || EVP_PKEY_keygen_init(ctx.get()) != 1 ||
        EVP_PKEY_CTX_set_rsa_keygen_bits(ctx.get(), static_cast<int>(bits)) != 1 ||
        EVP_PKEY_CTX_set1_rsa_keygen_pubexp(ctx.get(), exponent.get()) != 1 || EVP_PKEY_generate(ctx.get(), &key) != 1)
        return nullptr;
    return adopt(ossl::pkey(key));
}

} // namespace p11::crypto
