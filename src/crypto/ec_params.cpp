// Named-curve parameters and point encodings; backend-independent.
#include <algorithm>
#include <array>

#include "crypto/ec.hpp"
#include "crypto/der.hpp"
#include "crypto/internal/ec_point.hpp"

namespace p11::crypto {

namespace {

// DER OBJECT IDENTIFIERs of the named curves (SEC 2 / RFC 5480 section 2.1.1.1):
// secp256r1 = 1.2.840.10045.3.1.7, secp384r1 = 1.3.132.0.34, secp521r1 = 1.3.132.0.35.
constexpr std::array<byte, 10> p256_oid{0x06, 0x08, 0x2a, 0x86, 0x48, 0xce, 0x3d, 0x03, 0x01, 0x07};
constexpr std::array<byte, 7> p384_oid{0x06, 0x05, 0x2b, 0x81, 0x04, 0x00, 0x22};
constexpr std::array<byte, 7> p521_oid{0x06, 0x05, 0x2b, 0x81, 0x04, 0x00, 0x23};

bytes_view oid_of(curve c) noexcept {
    switch (c) {
    case curve::p256: return p256_oid;
    case curve::p384: return p384_oid;
    case curve::p521: return p521_oid;
    }
    return {};
}

bool equal(bytes_view a, bytes_view b) noexcept { return std::ranges::equal(a, b); }

} // namespace

std::optional<curve> curve_from_params(bytes_view der_params) noexcept {
    for (curve c : {curve::p256, curve::p384, curve::p521})
        if (equal(der_params, oid_of(c))) return c;
    return std::nullopt;
}

bytes curve_params(curve c) {
    const bytes_view oid = oid_of(c);
    return bytes(oid.begin(), oid.end());
}

std::size_t field_bytes(curve c) noexcept {
    switch (c) {
    case curve::p256: return 32;
    case curve::p384: return 48;
    case curve::p521: return 66;
    }
    return 0;
}

std::size_t order_bits(curve c) noexcept {
    switch (c) {
    case curve::p256: return 256;
    case curve::p384: return 384;
    case curve::p521: return 521;
    }
    return 0;
}

bytes wrap_octet_string(bytes_view raw) { return der::tlv(der::tag_octet_string, raw); }

namespace internal {

std::optional<bytes_view> uncompressed_point(curve c, bytes_view in) noexcept {
    const std::size_t raw_size = 1 + 2 * field_bytes(c);
    bytes_view point = in;
    if (in.size() != raw_size) {
        auto content = der::read_exact(in, der::tag_octet_string);
        if (!content) return std::nullopt;
        point = *content;
    }
    if (point.size() != raw_size || point[0] != 0x04) return std::nullopt;
    return point;
}

} // namespace internal

} // namespace p11::crypto
