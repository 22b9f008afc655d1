// Edwards and Montgomery curve names, sizes and encodings; backend-independent.
#include <algorithm>
#include <array>
#include <string_view>

#include "crypto/der.hpp"
#include "crypto/ecx.hpp"

namespace p11::crypto {

namespace {

// RFC 8410 section 3: id-X25519 1.3.101.110, id-X448 .111, id-Ed25519 .112, id-Ed448 .113.
constexpr std::array<byte, 5> oid_of(ecx_curve c) noexcept {
    switch (c) {
    case ecx_curve::x25519: return {0x06, 0x03, 0x2b, 0x65, 0x6e};
    case ecx_curve::x448: return {0x06, 0x03, 0x2b, 0x65, 0x6f};
    case ecx_curve::ed25519: return {0x06, 0x03, 0x2b, 0x65, 0x70};
    case ecx_curve::ed448: return {0x06, 0x03, 0x2b, 0x65, 0x71};
    }
    return {};
}

// The curve names of PKCS #11 3.0 mechanisms §2.3.5/§2.3.7 (CKA_EC_PARAMS
// "curveName"), as PrintableString.
std::string_view name_of(ecx_curve c) noexcept {
    switch (c) {
    case ecx_curve::ed25519: return "edwards25519";
    case ecx_curve::ed448: return "edwards448";
    case ecx_curve::x25519: return "curve25519";
    case ecx_curve::x448: return "curve448";
    }
    return {};
}

// What real clients send instead of the specification's forms, accepted as
// the same curves (never produced): GnuPG's Ed25519 OID 1.3.6.1.4.1.11591.15.1
// and Curve25519 OID 1.3.6.1.4.1.3029.1.5.1 (OpenPGP cards and their
// tools), and OpenSC 0.23's pkcs11-tool `--keypairgen --key-type
// EC:curve25519`, which sends "curve25519" as a PrintableString whose length
// byte counts 11 for the 10 characters that follow (not DER; its
// "edwards25519" is well formed).
struct alias {
    ecx_curve c;
    bytes_view der;
};
constexpr std::array<byte, 11> gnupg_ed25519{0x06, 0x09, 0x2b, 0x06, 0x01, 0x04, 0x01, 0xda, 0x47, 0x0f, 0x01};
constexpr std::array<byte, 12> gnupg_curve25519{0x06, 0x0a, 0x2b, 0x06, 0x01, 0x04, 0x01, 0x97, 0x55, 0x01, 0x05, 0x01};
constexpr std::array<byte, 12> opensc_0_23_curve25519{0x13, 0x0b, 'c', 'u', 'r', 'v', 'e', '2', '5', '5', '1', '9'};
constexpr std::array aliases{
    alias{ecx_curve::ed25519, gnupg_ed25519},
    alias{ecx_curve::x25519, gnupg_curve25519},
    alias{ecx_curve::x25519, opensc_0_23_curve25519},
};

constexpr byte tag_printable_string = 0x13;
constexpr std::array all{ecx_curve::ed25519, ecx_curve::ed448, ecx_curve::x25519, ecx_curve::x448};

} // namespace

std::optional<ecx_curve> ecx_curve_from_params(bytes_view der_params) noexcept {
    for (auto c : all) {
        const auto oid = oid_of(c);
        if (std::ranges::equal(der_params, oid)) return c;
    }
    for (const auto& a : aliases)
        if (std::ranges::equal(der_params, a.der)) return a.c;
    const auto name = der::read_exact(der_params, tag_printable_string);
    if (!name) return std::nullopt;
    const std::string_view text(reinterpret_cast<const char*>(name->data()), name->size());
    for (auto c : all)
        if (text == name_of(c)) return c;
    return std::nullopt;
}

bytes ecx_curve_params(ecx_curve c) {
    const auto oid = oid_of(c);
    return bytes(oid.begin(), oid.end());
}

std::size_t ecx_key_bytes(ecx_curve c) noexcept {
    switch (c) {
    case ecx_curve::ed25519:
    case ecx_curve::x25519: return 32;
    case ecx_curve::ed448: return 57;
    case ecx_curve::x448: return 56;
    }
    return 0;
}

std::size_t ecx_bits(ecx_curve c) noexcept {
    return c == ecx_curve::ed25519 || c == ecx_curve::x25519 ? 255 : 448;
}

std::size_t eddsa_signature_bytes(ecx_curve c) noexcept { return 2 * ecx_key_bytes(c); }

std::optional<bytes_view> ecx_public_bytes(ecx_curve c, bytes_view in) noexcept {
    const std::size_t n = ecx_key_bytes(c);
    if (in.size() == n) return in;
    const auto content = der::read_exact(in, der::tag_octet_string);
    if (!content || content->size() != n) return std::nullopt;
    return content;
}

} // namespace p11::crypto
