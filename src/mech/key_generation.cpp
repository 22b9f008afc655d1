// C_GenerateKey (AES, DES2, DES3, generic secret, HMAC keys, HKDF; PBKDF2 in pbkdf2.cpp)
// and C_GenerateKeyPair (RSA, EC, Edwards, Montgomery).
#include "crypto/capabilities.hpp"
#include "crypto/des3.hpp"
#include "crypto/ec.hpp"
#include "crypto/ecx.hpp"
#include "crypto/random.hpp"
#include "crypto/rsa.hpp"
#include "p11/constants/key_type.hpp"
#include "p11/constants/mechanism_recipe.hpp"
#include "mech/key_material.hpp"
#include "mech/keys.hpp"

namespace p11::mech {

// A size outside what the token supports is reported as a bad CKA_VALUE_LEN /
// CKA_MODULUS_BITS value: CKR_KEY_SIZE_RANGE (SoftHSMv2's answer) is not among
// the return values the base specification allows for C_GenerateKey(Pair);
// clients only learn the supported range from CK_MECHANISM_INFO anyway.
namespace {
constexpr ck_ulong min_rsa_bits = 1024, max_rsa_bits = 4096;

// DES keys have one length each, and no CKA_VALUE_LEN in their templates
// (PKCS #11 2.40 mechanisms, DES2/DES3 key objects).  OpenSC's pkcs11-tool
// (--keygen DES3:24) sends one all the same, so one that says the key's
// length is taken (SoftHSM refuses it); any other length is invalid.
constexpr mechanism_type des_key_generators[] = {mechanism_type::des2_key_gen, mechanism_type::des3_key_gen};

// CKM_SHA3_256_KEY_GEN and the like (3.0): a key of the HMAC key type their
// CKM_ row names, sized by CKA_VALUE_LEN as a generic secret is.
bool is_hmac_key_generator(mechanism_type m) {
    const auto r = recipe_of(m);
    return r && r->scheme == mechanism_scheme::hmac_key_gen;
}

result<attribute_set> des_key_of(std::size_t bytes, attribute_set key) {
    if (auto len = key.ulong(attribute_type::value_len); len && *len != bytes) return rv::attribute_value_invalid;
    secure_bytes value(bytes);
    if (crypto::random_bytes(value) != crypto::status::ok) return rv::function_failed;
    crypto::set_des_odd_parity(value);  // as DES keys are written (FIPS 46-3)
    key.set(attribute_type::value, value);
    if (auto r = finish_secret_key(key); !r) return r.error_value();
    return key;
}
} // namespace

result<attribute_set> generate_secret_key(const mechanism_view& m, attribute_set key) {
    for (const auto g : des_key_generators)
        if (g == m.type) return des_key_of(*fixed_key_length(constant_family<mechanism_type>::rows[index_of(g)].key), std::move(key));
    if (m.type == mechanism_type::pkcs5_pbkd2) return pbkdf2_key(m, std::move(key));
    // A ChaCha20 key has one size: CKA_VALUE_LEN may be left out.
    if (m.type == mechanism_type::chacha20_key_gen && !key.ulong(attribute_type::value_len))
        key.set_ulong(attribute_type::value_len, chacha20_key_bytes);
    const auto len = key.ulong(attribute_type::value_len);
    if (!len) return rv::template_incomplete;
    if (m.type == mechanism_type::aes_key_gen) {
        if (*len != 16 && *len != 24 && *len != 32) return rv::attribute_value_invalid;
    } else if (m.type == mechanism_type::chacha20_key_gen) {
        if (*len != chacha20_key_bytes) return rv::attribute_value_invalid;
    } else if (m.type == mechanism_type::generic_secret_key_gen || m.type == mechanism_type::hkdf_key_gen ||
               is_hmac_key_generator(m.type)) {
        if (*len == 0 || *len > max_secret_key_bytes) return rv::attribute_value_invalid;
    } else {
        return rv::mechanism_invalid;
    }
    secure_bytes value(*len);
    if (crypto::random_bytes(value) != crypto::status::ok) return rv::function_failed;
    key.set(attribute_type::value, value);
    if (auto r = finish_secret_key(key); !r) return r.error_value();
    return key;
}

result<std::size_t> kdf_key_length(const attribute_set& key) {
    const auto kt = static_cast<key_type>(key.ulong(attribute_type::key_type).value_or(~ck_ulong{0}));
    std::size_t length = 0;
    if (auto given = key.ulong(attribute_type::value_len)) length = *given;
    else if (auto fixed = fixed_key_length(kt)) length = *fixed;
    else return rv::template_incomplete;
    if (length == 0 || length > max_secret_key_bytes) return rv::attribute_value_invalid;
    return length;
}

namespace {

result<key_pair_attributes> rsa_pair(attribute_set pub, attribute_set priv) {
    const auto bits = pub.ulong(attribute_type::modulus_bits);
    if (!bits) return rv::template_incomplete;
    if (*bits < min_rsa_bits || *bits > max_rsa_bits) return rv::attribute_value_invalid;
    const auto e = pub.get(attribute_type::public_exponent).value_or(bytes_view{});
    auto key = crypto::generate_rsa(*bits, e);
    if (!key) return e.empty() ? rv::function_failed : rv::attribute_value_invalid;
    const auto c = key->components();
    for (auto* a : {&pub, &priv}) {
        a->set(attribute_type::modulus, c.modulus);
        a->set(attribute_type::public_exponent, c.public_exponent);
    }
    priv.set(attribute_type::private_exponent, c.private_exponent);
    priv.set(attribute_type::prime_1, c.prime1);
    priv.set(attribute_type::prime_2, c.prime2);
    priv.set(attribute_type::exponent_1, c.exponent1);
    priv.set(attribute_type::exponent_2, c.exponent2);
    priv.set(attribute_type::coefficient, c.coefficient);
    const auto spki = key->public_key()->subject_public_key_info();
    pub.set(attribute_type::public_key_info, spki);
    priv.set(attribute_type::public_key_info, spki);
    return key_pair_attributes{std::move(pub), std::move(priv)};
}

result<key_pair_attributes> ec_pair(attribute_set pub, attribute_set priv) {
    const auto params = pub.get(attribute_type::ec_params);
    if (!params) return rv::template_incomplete;
    const auto curve = crypto::curve_from_params(*params);
    if (!curve) return rv::curve_not_supported;
    auto key = crypto::generate_ec(*curve);
    if (!key) return rv::function_failed;
    auto public_key = key->public_key();
    pub.set(attribute_type::ec_point, crypto::wrap_octet_string(public_key->point()));
    priv.set(attribute_type::ec_params, *params);
    priv.set(attribute_type::value, key->scalar());
    const auto spki = public_key->subject_public_key_info();
    pub.set(attribute_type::public_key_info, spki);
    priv.set(attribute_type::public_key_info, spki);
    return key_pair_attributes{std::move(pub), std::move(priv)};
}

// CKM_EC_EDWARDS_KEY_PAIR_GEN / CKM_EC_MONTGOMERY_KEY_PAIR_GEN (3.0): the
// curve from the public template's CKA_EC_PARAMS, kept on both keys as the
// caller gave it (OID or curve name).
result<key_pair_attributes> ecx_pair(key_type kt, attribute_set pub, attribute_set priv) {
    const auto params = pub.get(attribute_type::ec_params);
    if (!params) return rv::template_incomplete;
    const auto curve = ecx_curve_of(kt, *params);
    if (!curve || !crypto::backend_capabilities().ecx[static_cast<std::size_t>(*curve)]) return rv::curve_not_supported;
    auto key = crypto::generate_ecx(*curve);
    if (!key) return rv::function_failed;
    auto public_key = key->public_key();
    if (!public_key) return rv::function_failed;
    pub.set(attribute_type::ec_point, crypto::wrap_octet_string(public_key->public_bytes()));
    priv.set(attribute_type::ec_params, *params);
    priv.set(attribute_type::value, key->private_bytes());
    const auto spki = public_key->subject_public_key_info();
    pub.set(attribute_type::public_key_info, spki);
    priv.set(attribute_type::public_key_info, spki);
    return key_pair_attributes{std::move(pub), std::move(priv)};
}

} // namespace

result<key_pair_attributes> generate_key_pair(const mechanism_view& m, attribute_set pub, attribute_set priv) {
    if (m.type == mechanism_type::rsa_pkcs_key_pair_gen) return rsa_pair(std::move(pub), std::move(priv));
    if (m.type == mechanism_type::ec_key_pair_gen) return ec_pair(std::move(pub), std::move(priv));
    if (m.type == mechanism_type::ec_edwards_key_pair_gen)
        return ecx_pair(key_type::ec_edwards, std::move(pub), std::move(priv));
    if (m.type == mechanism_type::ec_montgomery_key_pair_gen)
        return ecx_pair(key_type::ec_montgomery, std::move(pub), std::move(priv));
    return rv::mechanism_invalid;
}

} // namespace p11::mech
