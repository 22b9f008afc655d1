// C_CreateObject: what the token checks in imported material and derives
// from it, and the secret-key attributes shared with generation and unwrap.
#include <cstring>

#include "crypto/aes.hpp"
#include "crypto/capabilities.hpp"
#include "crypto/des3.hpp"
#include "crypto/ec.hpp"
#include "crypto/hash.hpp"
#include "crypto/rsa.hpp"
#include "crypto/x509.hpp"
#include "p11/constants/certificate_type.hpp"
#include "p11/constants/key_type.hpp"
#include "mech/key_material.hpp"
#include "mech/keys.hpp"

namespace p11::mech {

namespace {

crypto::bytes bytes_of(const attribute_set& a, attribute_type t) {
    auto v = a.get(t);
    return v ? crypto::bytes(v->begin(), v->end()) : crypto::bytes{};
}

// CKA_CHECK_VALUE: the first three bytes of a known computation on the key.
secure_bytes check_value(key_type kt, bytes_view value) {
    secure_bytes out(3);
    // Block-cipher keys: ECB of a zero block (the spec's rule for them).
    std::unique_ptr<crypto::cipher> ecb;
    if (kt == key_type::aes) ecb = crypto::make_aes_ecb(value, crypto::direction::encrypt);
    if (kt == key_type::des2 || kt == key_type::des3)
        ecb = crypto::make_des3_ecb(crypto::load_des3_key(value), crypto::direction::encrypt);
    if (kt == key_type::aes || kt == key_type::des2 || kt == key_type::des3) {
        const std::size_t block = kt == key_type::aes ? 16 : crypto::des3_block_size;
        std::uint8_t zero[16] = {}, enciphered[16] = {};
        std::size_t n = 0;
        if (ecb && ecb->update(bytes_view{zero, block}, enciphered, n) == crypto::status::ok && n == block)
            std::memcpy(out.data(), enciphered, 3);
        return out;
    }
    // Generic secret and HMAC keys: SHA-1 of the value.
    std::uint8_t digest[20];
    crypto::digest(crypto::hash_alg::sha1, value, digest);
    std::memcpy(out.data(), digest, 3);
    return out;
}

result<attribute_set> complete_certificate(attribute_set cert) {
    if (cert.ulong(attribute_type::certificate_type) != static_cast<ck_ulong>(certificate_type::x_509))
        return rv::attribute_value_invalid;
    const auto der = cert.get(attribute_type::value);
    if (!der) return rv::template_incomplete;
    const auto fields = crypto::parse_certificate(*der);
    if (!fields) return rv::attribute_value_invalid;
    // Fields the caller left out come from the certificate itself.
    if (!cert.has(attribute_type::subject)) cert.set(attribute_type::subject, fields->subject);
    if (!cert.has(attribute_type::issuer) || cert.get(attribute_type::issuer)->empty())
        cert.set(attribute_type::issuer, fields->issuer);
    if (!cert.has(attribute_type::serial_number) || cert.get(attribute_type::serial_number)->empty())
        cert.set(attribute_type::serial_number, fields->serial_number);
    cert.set(attribute_type::public_key_info, fields->subject_public_key_info);
    std::uint8_t digest[20];
    crypto::digest(crypto::hash_alg::sha1, *der, digest);
    cert.set(attribute_type::check_value, bytes_view{digest, 3});
    return cert;
}

result<attribute_set> complete_rsa(attribute_set key, bool is_public) {
    if (is_public) {
        auto pub = crypto::load_rsa_public({bytes_of(key, attribute_type::modulus), bytes_of(key, attribute_type::public_exponent)});
        if (!pub) return rv::attribute_value_invalid;
        key.set_ulong(attribute_type::modulus_bits, pub->modulus_bits());
        key.set(attribute_type::public_key_info, pub->subject_public_key_info());
        return key;
    }
    crypto::rsa_private_components c;
    c.modulus = bytes_of(key, attribute_type::modulus);
    c.public_exponent = bytes_of(key, attribute_type::public_exponent);
    auto secret = [&](attribute_type t) {
        auto v = key.get(t);
        return v ? secure_bytes(v->begin(), v->end()) : secure_bytes{};
    };
    c.private_exponent = secret(attribute_type::private_exponent);
    c.prime1 = secret(attribute_type::prime_1);
    c.prime2 = secret(attribute_type::prime_2);
    c.exponent1 = secret(attribute_type::exponent_1);
    c.exponent2 = secret(attribute_type::exponent_2);
    c.coefficient = secret(attribute_type::coefficient);
    auto priv = crypto::load_rsa_private(c);
    if (!priv) return rv::attribute_value_invalid;
    if (!c.public_exponent.empty()) key.set(attribute_type::public_key_info, priv->public_key()->subject_public_key_info());
    return key;
}

result<attribute_set> complete_ec(attribute_set key, bool is_public) {
    const auto params = key.get(attribute_type::ec_params);
    if (!params) return rv::template_incomplete;
    const auto curve = crypto::curve_from_params(*params);
    if (!curve) return rv::curve_not_supported;
    if (is_public) {
        const auto point = key.get(attribute_type::ec_point);
        auto pub = point ? crypto::load_ec_public(*curve, *point) : nullptr;
        if (!pub) return rv::attribute_value_invalid;
        // Stored the way the spec defines it: a DER OCTET STRING around the point.
        key.set(attribute_type::ec_point, crypto::wrap_octet_string(pub->point()));
        key.set(attribute_type::public_key_info, pub->subject_public_key_info());
        return key;
    }
    const auto d = key.get(attribute_type::value);
    auto priv = d ? crypto::load_ec_private(*curve, *d) : nullptr;
    if (!priv) return rv::attribute_value_invalid;
    key.set(attribute_type::public_key_info, priv->public_key()->subject_public_key_info());
    return key;
}

// CKK_EC_EDWARDS / CKK_EC_MONTGOMERY (3.0): CKA_EC_PARAMS names a curve of
// the key type's family that the backend has; CKA_EC_POINT is kept as the
// specification defines it, a DER OCTET STRING around the raw key, whichever
// form came in (OpenSC's pkcs11-tool 0.23 and OpenSSL's pkcs11 engine read
// both); CKA_VALUE is the raw private key of RFC 8032 / RFC 7748.
result<attribute_set> complete_ecx(attribute_set key, bool is_public, key_type kt) {
    const auto params = key.get(attribute_type::ec_params);
    if (!params) return rv::template_incomplete;
    const auto curve = ecx_curve_of(kt, *params);
    if (!curve || !crypto::backend_capabilities().ecx[static_cast<std::size_t>(*curve)]) return rv::curve_not_supported;
    if (is_public) {
        const auto point = key.get(attribute_type::ec_point);
        auto pub = point ? crypto::load_ecx_public(*curve, *point) : nullptr;
        if (!pub) return rv::attribute_value_invalid;
        key.set(attribute_type::ec_point, crypto::wrap_octet_string(pub->public_bytes()));
        key.set(attribute_type::public_key_info, pub->subject_public_key_info());
        return key;
    }
    const auto value = key.get(attribute_type::value);
    auto priv = value ? crypto::load_ecx_private(*curve, *value) : nullptr;
    if (!priv) return rv::attribute_value_invalid;
    key.set(attribute_type::public_key_info, priv->public_key()->subject_public_key_info());
    return key;
}

} // namespace

result<void> finish_secret_key(attribute_set& key) {
    const auto value = key.get(attribute_type::value);
    if (!value) return rv::template_incomplete;
    const auto kt = static_cast<key_type>(key.ulong(attribute_type::key_type).value_or(~ck_ulong{0}));
    if (kt == key_type::aes && value->size() != 16 && value->size() != 24 && value->size() != 32)
        return rv::attribute_value_invalid;
    if (auto fixed = fixed_key_length(kt); fixed && value->size() != *fixed) return rv::attribute_value_invalid;
    if (kt == key_type::chacha20 && value->size() != chacha20_key_bytes) return rv::attribute_value_invalid;
    if (value->empty()) return rv::attribute_value_invalid;
    if (auto given = key.ulong(attribute_type::value_len); given && *given != value->size())
        return rv::template_inconsistent;
    const secure_bytes copy(value->begin(), value->end());
    key.set_ulong(attribute_type::value_len, copy.size());
    key.set(attribute_type::check_value, check_value(kt, copy));
    return {};
}

result<attribute_set> complete_import(attribute_set obj) {
    const auto cls = static_cast<object_class>(obj.ulong(attribute_type::cls).value_or(~ck_ulong{0}));
    const auto kt = static_cast<key_type>(obj.ulong(attribute_type::key_type).value_or(~ck_ulong{0}));
    switch (cls) {
    case object_class::certificate: return complete_certificate(std::move(obj));
    case object_class::public_key:
    case object_class::private_key:
        if (kt == key_type::rsa) return complete_rsa(std::move(obj), cls == object_class::public_key);
        if (kt == key_type::ec) return complete_ec(std::move(obj), cls == object_class::public_key);
        if (kt == key_type::ec_edwards || kt == key_type::ec_montgomery)
            return complete_ecx(std::move(obj), cls == object_class::public_key, kt);
        return rv::attribute_value_invalid;
    case object_class::secret_key: {
        // CKA_VALUE_LEN is the token's to set on import (footnote 2), so drop nothing: it is forbidden in the template.
        if (auto r = finish_secret_key(obj); !r) return r.error_value();
        return obj;
    }
    default: return obj;
    }
}

} // namespace p11::mech
