// A minimal DER reader and writer for the tests (X.690): enough to cut a
// certificate into TBSCertificate / signature and to build the
// SubjectPublicKeyInfo a key should report (RFC 5280, RFC 3279, RFC 5480).
#pragma once

#include <optional>
#include <stdexcept>

#include "support.hpp"

namespace mt::der {

struct tlv {
    std::uint8_t tag = 0;
    std::size_t header = 0;  // tag + length octets
    std::size_t length = 0;  // content
    [[nodiscard]] std::size_t total() const { return header + length; }
};

// The TLV at `pos` (definite lengths only, as DER requires).
inline tlv read(const bytes& b, std::size_t pos) {
    if (pos + 2 > b.size()) throw std::runtime_error("DER: truncated");
    tlv t;
    t.tag = b[pos];
    std::size_t len = b[pos + 1];
    std::size_t header = 2;
    if (len & 0x80) {
        const std::size_t n = len & 0x7f;
        if (n == 0 || n > 4 || pos + 2 + n > b.size()) throw std::runtime_error("DER: bad length");
        len = 0;
        for (std::size_t i = 0; i < n; ++i) len = (len << 8) | b[pos + 2 + i];
        header += n;
    }
    if (pos + header + len > b.size()) throw std::runtime_error("DER: content past the end");
    t.header = header;
    t.length = len;
    return t;
}
// The children of the constructed TLV at `pos`, as offsets.
inline std::vector<std::size_t> children(const bytes& b, std::size_t pos) {
    const auto outer = read(b, pos);
    std::vector<std::size_t> out;
    for (std::size_t p = pos + outer.header; p < pos + outer.total(); p += read(b, p).total()) out.push_back(p);
    return out;
}
inline bytes whole(const bytes& b, std::size_t pos) { return sub(b, pos, read(b, pos).total()); }
inline bytes content(const bytes& b, std::size_t pos) {
    const auto t = read(b, pos);
    return sub(b, pos + t.header, t.length);
}

// --- writing ----------------------------------------------------------------------
inline bytes encode(std::uint8_t tag, const bytes& value) {
    bytes out{tag};
    const auto n = value.size();
    if (n < 0x80) {
        out.push_back(static_cast<std::uint8_t>(n));
    } else if (n < 0x100) {
        out.push_back(0x81), out.push_back(static_cast<std::uint8_t>(n));
    } else {
        out.push_back(0x82), out.push_back(static_cast<std::uint8_t>(n >> 8)), out.push_back(static_cast<std::uint8_t>(n));
    }
    return cat(out, value);
}
inline bytes sequence(std::initializer_list<bytes> parts) {
    bytes all;
    for (const auto& p : parts) all = cat(all, p);
    return encode(0x30, all);
}
// A non-negative INTEGER from big-endian magnitude bytes.
inline bytes integer(bytes magnitude) {
    std::size_t skip = 0;
    while (skip + 1 < magnitude.size() && magnitude[skip] == 0) ++skip;
    magnitude.erase(magnitude.begin(), magnitude.begin() + static_cast<std::ptrdiff_t>(skip));
    if (magnitude.empty()) magnitude.push_back(0);
    if (magnitude[0] & 0x80) magnitude.insert(magnitude.begin(), 0);
    return encode(0x02, magnitude);
}
inline bytes bit_string(const bytes& content_bytes) { return encode(0x03, cat(bytes{0x00}, content_bytes)); }
inline const bytes null_value = hex("0500");
inline const bytes rsa_encryption_oid = hex("06092a864886f70d010101");  // 1.2.840.113549.1.1.1
inline const bytes ec_public_key_oid = hex("06072a8648ce3d0201");       // 1.2.840.10045.2.1

// RFC 3279 2.3.1: rsaEncryption with NULL parameters, RSAPublicKey in the BIT STRING.
inline bytes rsa_spki(const bytes& n, const bytes& e) {
    return sequence({sequence({rsa_encryption_oid, null_value}), bit_string(sequence({integer(n), integer(e)}))});
}
// RFC 5480 2: id-ecPublicKey with the namedCurve OID, the uncompressed point in the BIT STRING.
inline bytes ec_spki(const bytes& curve_oid, const bytes& point) {
    return sequence({sequence({ec_public_key_oid, curve_oid}), bit_string(point)});
}

// An INTEGER's magnitude, left-padded (or stripped) to `width` bytes.
inline bytes fixed_width(bytes magnitude, std::size_t width) {
    while (magnitude.size() > width && magnitude[0] == 0) magnitude.erase(magnitude.begin());
    if (magnitude.size() < width) magnitude.insert(magnitude.begin(), width - magnitude.size(), 0);
    return magnitude;
}

} // namespace mt::der
