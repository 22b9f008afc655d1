// Preparing EC keys: generated, from a private scalar, from a public point.
// Each ends as one EVP_PKEY (EVP_PKEY_fromdata with the group's name, and
// d and/or Q) plus Q's uncompressed encoding, computed once.
#include <openssl/core_names.h>

#include "crypto/internal/ec_point.hpp"
#include "crypto/openssl/ec_keys.hpp"

namespace p11::crypto {

namespace {

std::unique_ptr<ec_private_key> finish(ossl::pkey key, curve c, bytes encoded) {
    return ossl::make_ec_private(std::make_shared<const ossl::ec_core>(std::move(key), c, std::move(encoded)));
}

} // namespace

std::unique_ptr<ec_private_key> generate_ec(curve c) {
    ossl::error_scope errors;
    const ossl::pkey_ctx ctx(EVP_PKEY_CTX_new_from_name(nullptr, ossl::ec_key_type, nullptr));
    EVP_PKEY* key = nullptr;
    if (!ctx || EVP_PKEY_keygen_init(ctx.get()) != 1 || EVP_PKEY_CTX_set_group_name(ctx.get(), ossl::group_name(c)) != 1 ||
        EVP_PKEY_generate(ctx.get(), &key) != 1)
        return nullptr;
    ossl::pkey owned(key);
    bytes encoded = ossl::uncompressed_point_of(*owned, c);
    if (encoded.empty()) return nullptr;
    return finish(std::move(owned), c, std::move(encoded));
}

// EVP_PKEY_fromdata in OpenSSL 3.0 does not derive Q from d, so Q = d * G is
// computed here (EC_POINT_mul with a secret scalar takes OpenSSL's
// constant-time path).
std::unique_ptr<ec_private_key> load_ec_private(curve c, bytes_view scalar) {
    if (scalar.empty()) return nullptr;
    ossl::error_scope errors;
    const EC_GROUP* g = ossl::group(c);
    const ossl::bn_ctx ctx(BN_CTX_secure_new());
    if (g == nullptr || !ctx) return nullptr;
    const ossl::bignum d = ossl::to_bn(scalar, true);
    // 1 <= d < n
    if (BN_is_zero(d.get()) || BN_cmp(d.get(), EC_GROUP_get0_order(g)) >= 0) return nullptr;
    BN_set_flags(d.get(), BN_FLG_CONSTTIME);
    const ossl::ec_point q(EC_POINT_new(g));
    bytes encoded(1 + 2 * field_bytes(c));
    if (!q || EC_POINT_mul(g, q.get(), d.get(), nullptr, nullptr, ctx.get()) != 1 ||
        EC_POINT_point2oct(g, q.get(), POINT_CONVERSION_UNCOMPRESSED, encoded.data(), encoded.size(), ctx.get()) !=
            encoded.size())
        return nullptr;
    const ossl::param_bld bld(OSSL_PARAM_BLD_new());
    if (!bld || OSSL_PARAM_BLD_push_utf8_string(bld.get(), OSSL_PKEY_PARAM_GROUP_NAME, ossl::group_name(c), 0) != 1 ||
        OSSL_PARAM_BLD_push_BN(bld.get(), OSSL_PKEY_PARAM_PRIV_KEY, d.get()) != 1 ||
        OSSL_PARAM_BLD_push_octet_string(bld.get(), OSSL_PKEY_PARAM_PUB_KEY, encoded.data(), encoded.size()) != 1)
        return nullptr;
    auto key = ossl::key_from(ossl::ec_key_type, EVP_PKEY_KEYPAIR, *bld);
    if (!key) return nullptr;
    return finish(std::move(key), c, std::move(encoded));
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
