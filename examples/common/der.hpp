// Just enough DER for the examples: walk TLVs with strict bounds, print a
// distinguished name, and pull the fields a certificate-selection rule needs
// (subject, issuer, validity, key usage).  Malformed input yields nullopt.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

namespace example::der {

using bytes_view = std::span<const std::uint8_t>;

struct tlv {
    std::uint8_t tag = 0;
    bytes_view value;
    bytes_view whole;  // tag, length and value
};

// Reads one TLV from the front of `in`, advancing it.
inline std::optional<tlv> next(bytes_view& in) {
    if (in.size() < 2) return std::nullopt;
    tlv t;
    t.tag = in[0];
    std::size_t len = in[1], header = 2;
    if (len & 0x80) {
        const std::size_t n = len & 0x7f;
        if (n == 0 || n > 4 || in.size() < 2 + n) return std::nullopt;
        len = 0;
        for (std::size_t i = 0; i < n; ++i) len = (len << 8) | in[2 + i];
        header += n;
    }
    if (in.size() - header < len) return std::nullopt;
    t.value = in.subspan(header, len);
    t.whole = in.subspan(0, header + len);
    in = in.subspan(header + len);
    return t;
}

inline std::string oid_name(bytes_view oid) {
    struct known {
        std::vector<std::uint8_t> der;
        const char* name;
    };
    static const known names[] = {
        {{0x55, 0x04, 0x03}, "CN"}, {{0x55, 0x04, 0x06}, "C"},  {{0x55, 0x04, 0x07}, "L"},
        {{0x55, 0x04, 0x08}, "ST"}, {{0x55, 0x04, 0x0a}, "O"},  {{0x55, 0x04, 0x0b}, "OU"},
        {{0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x09, 0x01}, "emailAddress"},
    };
    for (const auto& k : names)
        if (oid.size() == k.der.size() && std::equal(oid.begin(), oid.end(), k.der.begin())) return k.name;
    return "OID";
}

// "CN=Alice, O=Example" from a DER Name (SEQUENCE OF SET OF AttributeTypeAndValue).
inline std::optional<std::string> name_to_string(bytes_view name) {
    auto seq = next(name);
    if (!seq || seq->tag != 0x30) return std::nullopt;
    std::string out;
    bytes_view rdns = seq->value;
    while (!rdns.empty()) {
        auto set = next(rdns);
        if (!set || set->tag != 0x31) return std::nullopt;
        bytes_view atvs = set->value;
        while (!atvs.empty()) {
            auto atv = next(atvs);
            if (!atv || atv->tag != 0x30) return std::nullopt;
            bytes_view parts = atv->value;
            auto oid = next(parts);
            auto value = next(parts);
            if (!oid || oid->tag != 0x06 || !value) return std::nullopt;
            if (!out.empty()) out += ", ";
            out += oid_name(oid->value) + "=" + std::string(value->value.begin(), value->value.end());
        }
    }
    return out;
}

struct certificate {
    bytes_view subject, issuer;  // DER Names
    std::string not_before, not_after;  // YYYYMMDDHHMMSSZ
    std::optional<unsigned> key_usage;  // bit 0 (0x80 of the first byte) = digitalSignature ...
    bytes_view public_key_info;  // DER SubjectPublicKeyInfo
};

inline std::string generalized(const tlv& t) {
    std::string s(t.value.begin(), t.value.end());
    if (t.tag == 0x17) s = (s.size() >= 2 && s[0] >= '5' ? "19" : "20") + s;  // UTCTime: two-digit year
    return s;
}

inline std::optional<certificate> parse_certificate(bytes_view der) {
    auto cert = next(der);
    if (!cert || cert->tag != 0x30) return std::nullopt;
    bytes_view c = cert->value;
    auto tbs = next(c);
    if (!tbs || tbs->tag != 0x30) return std::nullopt;
    bytes_view f = tbs->value;
    auto first = next(f);
    if (!first) return std::nullopt;
    if (first->tag == 0xa0) first = next(f);  // [0] version, then serialNumber
    auto sig_alg = next(f), issuer = next(f), validity = next(f), subject = next(f), spki = next(f);
    if (!first || !sig_alg || !issuer || !validity || !subject || !spki) return std::nullopt;
    certificate out;
    out.issuer = issuer->whole;
    out.subject = subject->whole;
    out.public_key_info = spki->whole;
    bytes_view v = validity->value;
    auto nb = next(v), na = next(v);
    if (!nb || !na) return std::nullopt;
    out.not_before = generalized(*nb);
    out.not_after = generalized(*na);
    // Extensions: [3] { SEQUENCE OF Extension }, looking for keyUsage (2.5.29.15).
    while (!f.empty()) {
        auto item = next(f);
        if (!item) return std::nullopt;
        if (item->tag != 0xa3) continue;
        bytes_view wrapper = item->value;
        auto list = next(wrapper);
        if (!list) return std::nullopt;
        bytes_view exts = list->value;
        while (!exts.empty()) {
            auto ext = next(exts);
            if (!ext) return std::nullopt;
            bytes_view e = ext->value;
            auto oid = next(e);
            if (!oid) return std::nullopt;
            static const std::uint8_t key_usage_oid[] = {0x55, 0x1d, 0x0f};
            if (oid->value.size() != 3 || !std::equal(oid->value.begin(), oid->value.end(), key_usage_oid)) continue;
            auto value = next(e);
            if (value && value->tag == 0x01) value = next(e);  // critical flag
            if (!value || value->tag != 0x04) return std::nullopt;
            bytes_view inner = value->value;
            auto bits = next(inner);
            if (!bits || bits->tag != 0x03 || bits->value.size() < 2) return std::nullopt;
            out.key_usage = bits->value[1];
        }
    }
    return out;
}

} // namespace example::der
