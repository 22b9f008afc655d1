// Curve names and groups.
#include <cstring>

#include <openssl/core_names.h>
#include <openssl/obj_mac.h>

#include "crypto/openssl/ec_keys.hpp"

namespace p11::crypto::ossl {

const char* group_name(curve c) noexcept {
    switch (c) {
    case curve::p256: return SN_X9_62_prime256v1;
    case curve::p384: return SN_secp384r1;
    case curve::p521: return SN_secp521r1;
    }
    return "";
}

std::optional<curve> curve_of_group(const char* name) noexcept {
    for (curve c : {curve::p256, curve::p384, curve::p521})
        if (std::strcmp(name, group_name(c)) == 0) return c;
    return std::nullopt;
}

const EC_GROUP* group(curve c) noexcept {
    static EC_GROUP* const groups[] = {
        EC_GROUP_new_by_curve_name_ex(nullptr, nullptr, NID_X9_62_prime256v1),
        EC_GROUP_new_by_curve_name_ex(nullptr, nullptr, NID_secp384r1),
        EC_GROUP_new_by_curve_name_ex(nullptr, nullptr, NID_secp521r1),
    };
    return groups[static_cast<std::size_t>(c)];
}

bytes uncompressed_point_of(const EVP_PKEY& key, curve c) {
    const bignum x = bn_param(key, OSSL_PKEY_PARAM_EC_PUB_X), y = bn_param(key, OSSL_PKEY_PARAM_EC_PUB_Y);
    const std::size_t fb = field_bytes(c);
    bytes point(1 + 2 * fb);
    point[0] = 0x04;
    if (!x || !y || !from_bn_fixed(*x, std::span<byte>(point).subspan(1, fb)) ||
        !from_bn_fixed(*y, std::span<byte>(point).subspan(1 + fb)))
        return {};
    return point;
}

pkey public_pkey(curve c, bytes_view encoded) {
    const param_bld bld(OSSL_PARAM_BLD_new());
    if (!bld || OSSL_PARAM_BLD_push_utf8_string(bld.get(), OSSL_PKEY_PARAM_GROUP_NAME, group_name(c), 0) != 1 ||
        OSSL_PARAM_BLD_push_octet_string(bld.get(), OSSL_PKEY_PARAM_PUB_KEY, encoded.data(), encoded.size()) != 1)
        return {};
    return key_from(ec_key_type, EVP_PKEY_PUBLIC_KEY, *bld);
}

} // namespace p11::crypto::ossl
