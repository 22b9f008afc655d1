#include "objects.hpp"

#include <openssl/core_names.h>
#include <openssl/sha.h>

#include <p11/constants/certificate_type.hpp>
#include <p11/constants/key_type.hpp>
#include <p11/constants/object_class.hpp>

namespace pem {
namespace {

using p11::attribute_set;
using A = p11::attribute_type;

p11::bytes_view view(const std::vector<std::uint8_t>& v) { return {v.data(), v.size()}; }

std::vector<std::uint8_t> bignum_param(EVP_PKEY* key, const char* name) {
    BIGNUM* bn = nullptr;
    if (EVP_PKEY_get_bn_param(key, name, &bn) != 1) return {};
    std::vector<std::uint8_t> out(static_cast<std::size_t>(BN_num_bytes(bn)));
    BN_bn2bin(bn, out.data());
    BN_free(bn);
    return out;
}

// CKA_EC_POINT: the uncompressed point in a DER OCTET STRING (the form
// PKCS #11 2.40 names and pkcs11-tool, p11tool and libp11 read).
std::vector<std::uint8_t> ec_point(EVP_PKEY* key) {
    std::size_t n = 0;
    if (EVP_PKEY_get_octet_string_param(key, OSSL_PKEY_PARAM_PUB_KEY, nullptr, 0, &n) != 1 || n > 127) return {};
    std::vector<std::uint8_t> out(2 + n);
    out[0] = 0x04;
    out[1] = static_cast<std::uint8_t>(n);
    EVP_PKEY_get_octet_string_param(key, OSSL_PKEY_PARAM_PUB_KEY, out.data() + 2, n, &n);
    return out;
}

// CKA_EC_PARAMS: the curve's OID, DER.
std::vector<std::uint8_t> ec_params(EVP_PKEY* key) {
    char curve[64];
    if (EVP_PKEY_get_utf8_string_param(key, OSSL_PKEY_PARAM_GROUP_NAME, curve, sizeof curve, nullptr) != 1) return {};
    std::unique_ptr<ASN1_OBJECT, freer<ASN1_OBJECT, ASN1_OBJECT_free>> oid(OBJ_txt2obj(curve, 0));
    return oid ? der(i2d_ASN1_OBJECT, static_cast<const ASN1_OBJECT*>(oid.get())) : std::vector<std::uint8_t>{};
}

// Shared by the three objects: what names them and pairs them.
void name(attribute_set& a, p11::object_class cls, const entry& e, const std::vector<std::uint8_t>& id) {
    a.set_ulong(A::cls, static_cast<p11::ck_ulong>(cls));
    a.set(A::label, p11::bytes_view{reinterpret_cast<const std::uint8_t*>(e.name.data()), e.name.size()});
    a.set(A::id, view(id));
}

// The public parts of a key, on its public and private objects alike.
void public_parts(attribute_set& a, p11::key_type type, EVP_PKEY* key, const std::vector<std::uint8_t>& spki,
                  const std::vector<std::uint8_t>& subject) {
    a.set_ulong(A::key_type, static_cast<p11::ck_ulong>(type));
    // Read from a file: not generated here, and it was outside the token.
    a.set_bool(A::local, false);
    a.set_ulong(A::key_gen_mechanism, ~p11::ck_ulong{0});
    a.set(A::public_key_info, view(spki));
    a.set(A::subject, view(subject));
    if (type == p11::key_type::rsa) {
        a.set(A::modulus, view(bignum_param(key, OSSL_PKEY_PARAM_RSA_N)));
        a.set(A::public_exponent, view(bignum_param(key, OSSL_PKEY_PARAM_RSA_E)));
    } else {
        a.set(A::ec_params, view(ec_params(key)));
    }
}

} // namespace

std::optional<objects> objects_of(const entry& e) {
    EVP_PKEY* key = X509_get0_pubkey(e.certificate.get());
    if (key == nullptr) return std::nullopt;
    const auto type = EVP_PKEY_is_a(key, "RSA") ? p11::key_type::rsa
                      : EVP_PKEY_is_a(key, "EC") ? p11::key_type::ec
                                                 : p11::key_type{};
    if (type != p11::key_type::rsa && type != p11::key_type::ec) return std::nullopt;

    const auto spki = der(i2d_PUBKEY, static_cast<const EVP_PKEY*>(key));
    const auto subject = der(i2d_X509_NAME, static_cast<const X509_NAME*>(X509_get_subject_name(e.certificate.get())));
    // The ID clients pair objects by: SHA-1 of the public key, the same for
    // the certificate and the keys, stable across runs.
    std::vector<std::uint8_t> id(SHA_DIGEST_LENGTH);
    SHA1(spki.data(), spki.size(), id.data());

    objects out;
    name(out.certificate, p11::object_class::certificate, e, id);
    out.certificate.set_ulong(A::certificate_type, static_cast<p11::ck_ulong>(p11::certificate_type::x_509));
    out.certificate.set(A::value, view(der(i2d_X509, static_cast<const X509*>(e.certificate.get()))));
    out.certificate.set(A::subject, view(subject));
    out.certificate.set(A::issuer,
                        view(der(i2d_X509_NAME, static_cast<const X509_NAME*>(X509_get_issuer_name(e.certificate.get())))));
    out.certificate.set(A::serial_number, view(der(i2d_ASN1_INTEGER, X509_get0_serialNumber(e.certificate.get()))));

    name(out.public_key, p11::object_class::public_key, e, id);
    public_parts(out.public_key, type, key, spki, subject);
    if (type == p11::key_type::rsa)
        out.public_key.set_ulong(A::modulus_bits, static_cast<p11::ck_ulong>(EVP_PKEY_get_bits(key)));
    if (type == p11::key_type::ec) out.public_key.set(A::ec_point, view(ec_point(key)));
    // It verifies nothing here: the token only signs.
    for (auto t : {A::verify, A::verify_recover, A::encrypt, A::wrap}) out.public_key.set_bool(t, false);

    if (!e.key_path.empty()) {
        attribute_set priv;
        name(priv, p11::object_class::private_key, e, id);
        public_parts(priv, type, key, spki, subject);
        priv.set_bool(A::sign, true);
        for (auto t : {A::decrypt, A::unwrap, A::sign_recover, A::derive}) priv.set_bool(t, false);
        priv.set_bool(A::always_sensitive, false);
        priv.set_bool(A::never_extractable, false);
        out.private_key = std::move(priv);
    }
    return out;
}

} // namespace pem
