// An X.509 v3 certificate for an RSA key, assembled in DER: the parts a
// relying party checks (serial, names, validity, key, keyUsage and, for a CA,
// basicConstraints).  The signature comes from the caller — in the examples
// the token's CA private key signs through C_Sign — so no key leaves a token.
#pragma once

#include <chrono>
#include <cstdio>
#include <ctime>
#include <functional>
#include <optional>
#include <string>

#include "common/der_writer.hpp"
#include "common/platform.hpp"
#include "common/relying_party.hpp"

namespace example::x509 {

using der_out::bytes;
using der_out::bytes_view;

// keyUsage bits as they sit in the first byte of the BIT STRING.
inline constexpr std::uint8_t digital_signature = 0x80, non_repudiation = 0x40, key_encipherment = 0x20,
                              data_encipherment = 0x10, key_cert_sign = 0x04, crl_sign = 0x02;

// "CN=..., O=..." as a DER Name: one RDN each, UTF8String values.
inline bytes name(std::string_view common_name, std::string_view organisation) {
    using namespace der_out;
    const bytes cn_oid{0x55, 0x04, 0x03}, o_oid{0x55, 0x04, 0x0a};
    return sequence({set({sequence({oid(cn_oid), utf8(common_name)})}),
                     set({sequence({oid(o_oid), utf8(organisation)})})});
}

// UTCTime up to 2049, GeneralizedTime after, as RFC 5280 4.1.2.5 demands.
inline bytes time(std::chrono::system_clock::time_point t) {
    const std::time_t c = std::chrono::system_clock::to_time_t(t);
    const std::tm u = platform::utc(c);
    const int year = u.tm_year + 1900;
    char s[32];
    const bool utc = year < 2050;
    std::snprintf(s, sizeof s, "%0*d%02d%02d%02d%02d%02dZ", utc ? 2 : 4, utc ? year % 100 : year, u.tm_mon + 1,
                  u.tm_mday, u.tm_hour, u.tm_min, u.tm_sec);
    const std::string v = s;
    return der_out::tlv(utc ? 0x17 : 0x18, bytes_view{reinterpret_cast<const std::uint8_t*>(v.data()), v.size()});
}

inline bytes rsa_public_key_info(bytes_view modulus, bytes_view exponent) {
    using namespace der_out;
    const bytes rsa_encryption{0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x01};
    return sequence({sequence({oid(rsa_encryption), null()}),
                     bit_string(sequence({unsigned_integer(modulus), unsigned_integer(exponent)}))});
}

// shaNNNWithRSAEncryption (RFC 8017 appendix C): PKCS #1 v1.5 with the hash the CA's token signs with.
inline bytes rsa_signature_algorithm(example::host::hash h) {
    using namespace der_out;
    using enum example::host::hash;
    const std::uint8_t last = h == sha1 ? 0x05 : h == sha256 ? 0x0b : h == sha384 ? 0x0c : 0x0d;
    const bytes oid_bytes{0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, last};
    return sequence({oid(oid_bytes), null()});
}

struct request {
    std::uint64_t serial = 1;
    bytes subject, issuer;  // DER Names
    std::chrono::system_clock::time_point not_before, not_after;
    bytes public_key_info;  // DER SubjectPublicKeyInfo
    std::uint8_t key_usage = 0;
    bool ca = false;
    example::host::hash signature_hash = example::host::hash::sha256;  // the issuer's PKCS #1 v1.5 signature
};

inline bytes extensions(const request& r) {
    using namespace der_out;
    const bytes key_usage_oid{0x55, 0x1d, 0x0f}, basic_constraints_oid{0x55, 0x1d, 0x13};
    bytes list = sequence({oid(key_usage_oid), boolean(true), octet_string(named_bits(r.key_usage))});
    if (r.ca) {
        const bytes constraints = sequence({boolean(true)});
        list = concat({list, sequence({oid(basic_constraints_oid), boolean(true), octet_string(constraints)})});
    }
    return explicit_tag(3, tlv(0x30, list));
}

inline bytes tbs_certificate(const request& r) {
    using namespace der_out;
    const bytes version = explicit_tag(0, small_integer(2));  // v3
    return sequence({version, small_integer(r.serial), rsa_signature_algorithm(r.signature_hash), r.issuer,
                     sequence({time(r.not_before), time(r.not_after)}), r.subject, r.public_key_info,
                     extensions(r)});
}

// sign: the issuer's PKCS #1 v1.5 signature of the bytes it gets, with r.signature_hash.
inline std::optional<bytes> certificate(const request& r, const std::function<std::optional<bytes>(bytes_view)>& sign) {
    const bytes tbs = tbs_certificate(r);
    auto signature = sign(tbs);
    if (!signature) return std::nullopt;
    return der_out::sequence({tbs, rsa_signature_algorithm(r.signature_hash), der_out::bit_string(*signature)});
}

} // namespace example::x509
