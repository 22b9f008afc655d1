// Certificate fields and SubjectPublicKeyInfo parsing with OpenSSL's DER
// decoders.  Names come back in the encoding they had in the certificate
// (OpenSSL keeps an unmodified X509_NAME's original bytes); the serial
// number's and the key's encodings are reproduced by OpenSSL's strict DER
// decoder and encoder (it refuses non-minimal INTEGERs on input).
#include <cstdio>
#include <ctime>

#include <openssl/core_names.h>
#include <openssl/x509v3.h>

#include "crypto/der.hpp"
#include "crypto/openssl/ec_keys.hpp"
#include "crypto/x509.hpp"

namespace p11::crypto {

namespace {

// What an i2d_* function writes, in a vector.
template <class T>
std::optional<bytes> encode(const T* object, int (*i2d)(const T*, unsigned char**)) {
    const int length = i2d(object, nullptr);
    if (length <= 0) return std::nullopt;
    bytes out(static_cast<std::size_t>(length));
    unsigned char* p = out.data();
    if (i2d(object, &p) != length) return std::nullopt;
    return out;
}

bool format_date(const ASN1_TIME* t, char (&out)[8]) {
    std::tm tm{};
    if (t == nullptr || ASN1_TIME_to_tm(t, &tm) != 1) return false;
    char buf[32];
    std::snprintf(buf, sizeof buf, "%04d%02d%02d", (tm.tm_year + 1900) % 10000, (tm.tm_mon + 1) % 100, tm.tm_mday % 100);
    for (int i = 0; i < 8; ++i) out[i] = buf[i];
    return true;
}

// `der` is one element and nothing after it (the decoders would ignore
// trailing bytes).
bool single_element(bytes_view der) {
    const auto outer = der::read(der);
    return outer && outer->tag == der::tag_sequence && outer->encoded_size == der.size();
}

std::optional<public_key_info> rsa_info(const EVP_PKEY& key) {
    const ossl::bignum n = ossl::bn_param(key, OSSL_PKEY_PARAM_RSA_N), e = ossl::bn_param(key, OSSL_PKEY_PARAM_RSA_E);
    if (!n || !e) return std::nullopt;
    public_key_info info;
    info.rsa = load_rsa_public({ossl::from_bn(*n), ossl::from_bn(*e)});
    if (!info.rsa) return std::nullopt;
    return info;
}

std::optional<public_key_info> ec_info(const EVP_PKEY& key) {
    char name[64] = {};
    if (EVP_PKEY_get_utf8_string_param(&key, OSSL_PKEY_PARAM_GROUP_NAME, name, sizeof name, nullptr) != 1)
        return std::nullopt;
    const auto c = ossl::curve_of_group(name);
    if (!c) return std::nullopt;  // a curve we do not offer
    const bytes point = ossl::uncompressed_point_of(key, *c);
    if (point.empty()) return std::nullopt;
    public_key_info info;
    info.ec = load_ec_public(*c, point);
    if (!info.ec) return std::nullopt;
    return info;
}

} // namespace

std::optional<certificate_fields> parse_certificate(bytes_view der) {
    if (!single_element(der)) return std::nullopt;
    ossl::error_scope errors;
    const unsigned char* p = der.data();
    const ossl::x509 crt(d2i_X509(nullptr, &p, static_cast<long>(der.size())));
    if (!crt || p != der.data() + der.size()) return std::nullopt;

    certificate_fields f{};
    auto subject = encode(X509_get_subject_name(crt.get()), i2d_X509_NAME);
    auto issuer = encode(X509_get_issuer_name(crt.get()), i2d_X509_NAME);
    auto serial = encode(X509_get0_serialNumber(crt.get()), i2d_ASN1_INTEGER);
    auto spki = encode(X509_get_X509_PUBKEY(crt.get()), i2d_X509_PUBKEY);
    if (!subject || !issuer || !serial || !spki) return std::nullopt;
    f.subject = std::move(*subject);
    f.issuer = std::move(*issuer);
    f.serial_number = std::move(*serial);
    f.subject_public_key_info = std::move(*spki);
    if (!format_date(X509_get0_notBefore(crt.get()), f.not_before) ||
        !format_date(X509_get0_notAfter(crt.get()), f.not_after))
        return std::nullopt;
    // OpenSSL puts the BIT STRING's first byte in the low 8 bits (and the
    // second, decipherOnly, above them), as certificate_fields wants.
    if (X509_get_extension_flags(crt.get()) & EXFLAG_KUSAGE) f.key_usage = X509_get_key_usage(crt.get());
    return f;
}

std::optional<public_key_info> parse_public_key_info(bytes_view der) {
    if (!single_element(der)) return std::nullopt;
    ossl::error_scope errors;
    const unsigned char* p = der.data();
    const ossl::pkey key(d2i_PUBKEY(nullptr, &p, static_cast<long>(der.size())));
    if (!key || p != der.data() + der.size()) return std::nullopt;
    if (EVP_PKEY_is_a(key.get(), "RSA")) return rsa_info(*key);
    if (EVP_PKEY_is_a(key.get(), "EC")) return ec_info(*key);
    return std::nullopt;
}

} // namespace p11::crypto
