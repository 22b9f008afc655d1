// Preparing EC keys: generated, from a private scalar, from a public point.
// Each keeps Q's uncompressed encoding, computed once; a private key also d,
// and builds its EVP_PKEY at its first operation (ec_keys.hpp).
#include <openssl/core_names.h>
#include <openssl/bn.h>

#include "crypto/internal/ec_point.hpp"
#include "crypto/openssl/ec_keys.hpp"

namespace p11::crypto {

namespace {

// The key of d (1 <= d < n, checked by the callers): Q = d * G on the
// curve's shared group.  EVP_PKEY_fromdata in OpenSSL 3.0 does not derive Q
// from d, and EVP_PKEY_generate would make a new EC_GROUP per key;
// EC_POINT_mul with a secret scalar takes OpenSSL's constant-time path.
std::unique_ptr<ec_private_key> private_from(curve c, const EC_GROUP& g, BIGNUM& d, BN_CTX& ctx) {
    BN_set_flags(&d, BN_FLG_CONSTTIME);
    const ossl::ec_point q(EC_POINT_new(&g));
    bytes encoded(1 + 2 * field_bytes(c));
    secure_bytes scalar(field_bytes(c));
    if (!q || EC_POINT_mul(&g, q.get(), &d, nullptr, nullptr, &ctx) != 1 ||
        EC_POINT_point2oct(&g, q.get(), POINT_CONVERSION_UNCOMPRESSED, encoded.data(), encoded.size(), &ctx) !=
            encoded.size() ||
        !ossl::from_bn_fixed(d, scalar))
        return nullptr;
    return ossl::make_ec_private(std::make_shared<const ossl::ec_core>(c, std::move(scalar), std::move(encoded)));
}

} // namespace

// d uniform in [1, n) from OpenSSL's private DRBG, as its own EC key
// generation draws it (FIPS 186-4 B.4.2, by rejection).
std::unique_ptr<ec_private_key> generate_ec(curve c) {
    ossl::error_scope errors;
    const EC_GROUP* g = ossl::group(c);
    const ossl::bn_ctx ctx(BN_CTX_secure_new());
    const ossl::bignum d(BN_secure_new());
    if (g == nullptr || !ctx || !d) return nullptr;
    do {
        if (BN_priv_rand_range_ex(d.get(), EC_GROUP_get0_order(g), 0, ctx.get()) != 1) return nullptr;
    } while (BN_is_zero(d.get()));
    return private_from(c, *g, *d, *ctx);
}

std::unique_ptr<ec_private_key> load_ec_private(curve c, bytes_view scalar) {
    if (scalar.empty()) return nullptr;
    ossl::error_scope errors;
    const EC_GROUP* g = ossl::group(c);
    const ossl::bn_ctx ctx(BN_CTX_secure_new());
    if (g == nullptr || !ctx) return nullptr;
    const ossl::bignum d = ossl::to_bn(scalar, true);
    // 1 <= d < n
    if (BN_is_zero(d.get()) || BN_cmp(d.get(), EC_GROUP_get0_order(g)) >= 0) return nullptr;
    return private_from(c, *g, *d, *ctx);
}

std::unique_ptr<ec_public_key> load_ec_public(curve c, bytes_view point_or_octet_string) {
    const auto raw = internal::uncompressed_point(c, point_or_octet_string);
    if (!raw) return nullptr;
    ossl::error_scope errors;
    auto key = ossl::public_pkey(c, *raw);  // refuses points off the curve
    if (!key) return nullptr;
    return ossl::make_ec_public(std::make_shared<const ossl::ec_core>(std::move(key), c, bytes(raw->begin(), raw->end())));
}

} // namespace p11::crypto
