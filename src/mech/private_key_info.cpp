// Private key objects to and from PKCS #8 PrivateKeyInfo, for C_WrapKey and
// C_UnwrapKey (wrapping.cpp).  The encoding is crypto/pkcs8.hpp's; the key
// values come from the backend's prepared key (RSA's CRT values completed,
// EC's public point computed) and go back through complete_import, which
// checks them as it checks an imported key.
#include "mech/private_key_info.hpp"

#include <algorithm>

#include "crypto/capabilities.hpp"
#include "crypto/pkcs8.hpp"
#include "p11/constants/key_type.hpp"
#include "mech/key_material.hpp"
#include "mech/keys.hpp"

namespace p11::mech {

namespace {

// The key's sensitive values are still encrypted at rest when nobody is
// logged in: no prepared key then.
result<secure_bytes> missing_material(const object& key) {
    const auto secret = key.key_type() == static_cast<ck_ulong>(key_type::rsa) ? attribute_type::private_exponent
                                                                                : attribute_type::value;
    const auto v = key.attributes().get(secret);
    if (!v || v->empty()) return rv::user_not_logged_in;
    return rv::key_not_wrappable;  // material the backend cannot load (a curve it lacks)
}

key_type key_type_of(const crypto::pkcs8::private_key& k) {
    if (k.alg == crypto::pkcs8::algorithm::rsa) return key_type::rsa;
    if (k.alg == crypto::pkcs8::algorithm::ec) return key_type::ec;
    return crypto::is_edwards(k.ecx) ? key_type::ec_edwards : key_type::ec_montgomery;
}

bool same(bytes_view a, bytes_view b) { return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin()); }

// A public key the blob carries must be the private key's.
bool public_key_agrees(const crypto::pkcs8::private_key& k) {
    if (k.public_key.empty()) return true;
    if (k.alg == crypto::pkcs8::algorithm::ec) {
        auto priv = crypto::load_ec_private(k.ec_curve, k.secret);
        return priv && same(priv->public_key()->point(), k.public_key);
    }
    if (k.alg == crypto::pkcs8::algorithm::ecx) {
        auto priv = crypto::load_ecx_private(k.ecx, k.secret);
        auto pub = priv ? priv->public_key() : nullptr;
        return pub && same(pub->public_bytes(), k.public_key);
    }
    return false;
}

} // namespace

result<secure_bytes> private_key_info_of(const object& key) {
    const auto kt = static_cast<key_type>(key.key_type());
    if (kt == key_type::rsa) {
        auto priv = rsa_private_of(key);
        if (!priv) return missing_material(key);
        auto der = crypto::pkcs8::encode_rsa(priv->components());
        if (!der) return rv::key_not_wrappable;
        return std::move(*der);
    }
    if (kt == key_type::ec) {
        auto priv = ec_private_of(key);
        if (!priv) return missing_material(key);
        return crypto::pkcs8::encode_ec(priv->curve_id(), priv->scalar(), priv->public_key()->point());
    }
    if (kt == key_type::ec_edwards || kt == key_type::ec_montgomery) {
        auto priv = ecx_private_of(key);
        if (!priv) return missing_material(key);
        return crypto::pkcs8::encode_ecx(priv->curve_id(), priv->private_bytes());
    }
    return rv::key_not_wrappable;
}

result<attribute_set> private_key_from_info(bytes_view der, attribute_set key) {
    auto k = crypto::pkcs8::parse(der);
    if (!k) return rv::wrapped_key_invalid;
    // The template names the class and key type (CKA_KEY_TYPE is required on
    // unwrap); the blob must be that key.
    if (key.ulong(attribute_type::key_type) != static_cast<ck_ulong>(key_type_of(*k))) return rv::template_inconsistent;
    switch (k->alg) {
    case crypto::pkcs8::algorithm::rsa:
        key.set(attribute_type::modulus, k->rsa.modulus);
        key.set(attribute_type::public_exponent, k->rsa.public_exponent);
        key.set(attribute_type::private_exponent, k->rsa.private_exponent);
        key.set(attribute_type::prime_1, k->rsa.prime1);
        key.set(attribute_type::prime_2, k->rsa.prime2);
        key.set(attribute_type::exponent_1, k->rsa.exponent1);
        key.set(attribute_type::exponent_2, k->rsa.exponent2);
        key.set(attribute_type::coefficient, k->rsa.coefficient);
        break;
    case crypto::pkcs8::algorithm::ec:
        key.set(attribute_type::ec_params, crypto::curve_params(k->ec_curve));
        key.set(attribute_type::value, k->secret);
        break;
    case crypto::pkcs8::algorithm::ecx:
        if (!crypto::backend_capabilities().ecx[static_cast<std::size_t>(k->ecx)]) return rv::curve_not_supported;
        key.set(attribute_type::ec_params, crypto::ecx_curve_params(k->ecx));
        key.set(attribute_type::value, k->secret);
        break;
    }
    if (!public_key_agrees(*k)) return rv::wrapped_key_invalid;
    // The same checks and derived attributes (CKA_PUBLIC_KEY_INFO) as an
    // imported key: values that do not form a key are a bad blob here.
    auto done = complete_import(std::move(key));
    if (!done) return done.code() == rv::attribute_value_invalid ? rv::wrapped_key_invalid : done.code();
    return done;
}

} // namespace p11::mech
