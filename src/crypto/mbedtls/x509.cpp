// Certificate fields and SubjectPublicKeyInfo parsing with mbedTLS's X.509
// and PK parsers.  Names and the serial number are returned exactly as
// encoded in the certificate (the token compares them byte for byte).
#include <cstdio>

#include <mbedtls/asn1.h>
#include <mbedtls/oid.h>
#include <mbedtls/pk.h>
#include <mbedtls/x509_crt.h>

#include "crypto/der.hpp"
#include "crypto/mbedtls/ec_group.hpp"
#include "crypto/mbedtls/support.hpp"
#include "crypto/x509.hpp"

namespace p11::crypto {

namespace {

struct crt_holder {
    mbedtls_x509_crt v;
    crt_holder() { mbedtls_x509_crt_init(&v); }
    ~crt_holder() { mbedtls_x509_crt_free(&v); }
    crt_holder(const crt_holder&) = delete;
    crt_holder& operator=(const crt_holder&) = delete;
};

struct pk_holder {
    mbedtls_pk_context v;
    pk_holder() { mbedtls_pk_init(&v); }
    ~pk_holder() { mbedtls_pk_free(&v); }
    pk_holder(const pk_holder&) = delete;
    pk_holder& operator=(const pk_holder&) = delete;
};

bytes copy(const mbedtls_x509_buf& b) { return bytes(b.p, b.p + b.len); }

// The serial number's whole TLV.  mbedTLS keeps only the content, so walk
// TBSCertificate: SEQUENCE { [0] EXPLICIT version OPTIONAL, serialNumber, ... }.
std::optional<bytes> serial_tlv(const mbedtls_x509_buf& tbs) {
    auto seq = der::read(bytes_view(tbs.p, tbs.len));
    if (!seq || seq->tag != der::tag_sequence) return std::nullopt;
    bytes_view rest = seq->content;
    auto first = der::read(rest);
    if (!first) return std::nullopt;
    if (first->tag == 0xa0) {
        rest = rest.subspan(first->encoded_size);
        first = der::read(rest);
        if (!first) return std::nullopt;
    }
    if (first->tag != der::tag_integer) return std::nullopt;
    const auto tlv = rest.first(first->encoded_size);
    return bytes(tlv.begin(), tlv.end());
}

void format_date(const mbedtls_x509_time& t, char (&out)[8]) {
    char buf[16];
    std::snprintf(buf, sizeof buf, "%04d%02d%02d", t.year % 10000, t.mon % 100, t.day % 100);
    for (int i = 0; i < 8; ++i) out[i] = buf[i];
}

} // namespace

std::optional<certificate_fields> parse_certificate(bytes_view der) {
    // One certificate and nothing after it: mbedTLS would ignore trailing bytes.
    const auto outer = der::read(der);
    if (!outer || outer->tag != der::tag_sequence || outer->encoded_size != der.size()) return std::nullopt;
    crt_holder crt;
    if (mbedtls_x509_crt_parse_der(&crt.v, der.data(), der.size()) != 0) return std::nullopt;

    certificate_fields f{};
    f.subject = copy(crt.v.subject_raw);  // subject_raw/issuer_raw include tag and length
    f.issuer = copy(crt.v.issuer_raw);
    auto serial = serial_tlv(crt.v.tbs);
    if (!serial) return std::nullopt;
    f.serial_number = std::move(*serial);
    f.subject_public_key_info = copy(crt.v.pk_raw);
    format_date(crt.v.valid_from, f.not_before);
    format_date(crt.v.valid_to, f.not_after);
    // mbedTLS stores the BIT STRING's first byte in the low 8 bits, as we do.
    if (crt.v.ext_types & MBEDTLS_X509_EXT_KEY_USAGE) f.key_usage = crt.v.key_usage;
    return f;
}

std::optional<public_key_info> parse_public_key_info(bytes_view der) {
    const auto outer = der::read(der);
    if (!outer || outer->tag != der::tag_sequence || outer->encoded_size != der.size()) return std::nullopt;
    pk_holder pk;
    if (mbedtls_pk_parse_public_key(&pk.v, der.data(), der.size()) != 0) return std::nullopt;

    public_key_info info;
    switch (mbedtls_pk_get_type(&pk.v)) {
    case MBEDTLS_PK_RSA: {
        const mbedtls_rsa_context* rsa = mbedtls_pk_rsa(pk.v);
        info.rsa = load_rsa_public({mbed::write_mpi(rsa->N), mbed::write_mpi(rsa->E)});
        if (!info.rsa) return std::nullopt;
        return info;
    }
    case MBEDTLS_PK_ECKEY: {
        const mbedtls_ecp_keypair* ec = mbedtls_pk_ec(pk.v);
        for (curve c : {curve::p256, curve::p384, curve::p521}) {
            if (mbed::group_id(c) != ec->grp.id) continue;
            bytes point(1 + 2 * field_bytes(c));
            std::size_t length = 0;
            if (mbedtls_ecp_point_write_binary(&ec->grp, &ec->Q, MBEDTLS_ECP_PF_UNCOMPRESSED, &length, point.data(),
                                               point.size()) != 0)
                return std::nullopt;
            info.ec = load_ec_public(c, point);
            if (!info.ec) return std::nullopt;
            return info;
        }
        return std::nullopt;
    }
    default: return std::nullopt;
    }
}

} // namespace p11::crypto
