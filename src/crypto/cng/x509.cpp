// Certificate fields and SubjectPublicKeyInfo parsing on the shared DER
// reader (crypto/der.hpp): CNG has no certificate parser (crypt32.dll does,
// but it is another DLL and gives no more than the token needs).  RFC 5280
// 4.1: Certificate ::= SEQUENCE { tbsCertificate, signatureAlgorithm,
// signatureValue }, tbsCertificate ::= SEQUENCE { [0] version OPTIONAL,
// serialNumber, signature, issuer, validity, subject, subjectPublicKeyInfo,
// [1] [2] unique identifiers OPTIONAL, [3] extensions OPTIONAL }.  Names and
// the serial number are returned exactly as encoded.
#include <algorithm>
#include <array>

#include "crypto/der.hpp"
#include "crypto/x509.hpp"

namespace p11::crypto {

namespace {

// rsaEncryption, id-ecPublicKey, id-ce-keyUsage (content octets).
constexpr std::array<byte, 9> rsa_encryption{0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x01};
constexpr std::array<byte, 7> ec_public_key_oid{0x2a, 0x86, 0x48, 0xce, 0x3d, 0x02, 0x01};
constexpr std::array<byte, 3> key_usage_oid{0x55, 0x1d, 0x0f};

bool same(bytes_view a, bytes_view b) { return std::ranges::equal(a, b); }

// Reads elements one after another from a constructed value's content.
class reader {
public:
    explicit reader(bytes_view content) : rest_(content) {}
    std::optional<der::element> next() {
        auto e = der::read(rest_);
        if (e) {
            whole_ = rest_.first(e->encoded_size);
            rest_ = rest_.subspan(e->encoded_size);
        }
        return e;
    }
    std::optional<der::element> next(byte tag) {
        auto e = peek();
        if (!e || e->tag != tag) return std::nullopt;
        return next();
    }
    std::optional<der::element> peek() const { return der::read(rest_); }
    bytes_view last_whole() const { return whole_; }  // tag, length and content of the last read
    bool empty() const { return rest_.empty(); }

private:
    bytes_view rest_;
    bytes_view whole_;
};

bool digits(bytes_view s) {
    return std::ranges::all_of(s, [](byte c) { return c >= '0' && c <= '9'; });
}

// UTCTime YYMMDDHHMM[SS]Z (RFC 5280 4.1.2.5.1: YY < 50 is 20YY) or
// GeneralizedTime YYYYMMDDHHMMSSZ, as YYYYMMDD.
bool date_of(const der::element& t, char (&out)[8]) {
    const bytes_view v = t.content;
    if (t.tag == 0x17) {
        if (v.size() < 11 || !digits(v.first(10))) return false;
        const bool nineteen = v[0] >= '5';
        out[0] = nineteen ? '1' : '2';
        out[1] = nineteen ? '9' : '0';
        std::copy(v.begin(), v.begin() + 6, out + 2);
        return true;
    }
    if (t.tag == 0x18) {
        if (v.size() < 13 || !digits(v.first(12))) return false;
        std::copy(v.begin(), v.begin() + 8, out);
        return true;
    }
    return false;
}

// KeyUsage ::= BIT STRING; the first content byte after the unused-bits
// count in the low 8 bits, the second (decipherOnly) above it.
std::optional<unsigned> key_usage(bytes_view extn_value) {
    auto bits = der::read_exact(extn_value, der::tag_bit_string);
    if (!bits || bits->empty() || bits->size() > 3 || (*bits)[0] > 7) return std::nullopt;
    unsigned v = 0;
    for (std::size_t i = 1; i < bits->size(); ++i) v |= static_cast<unsigned>((*bits)[i]) << (8 * (i - 1));
    return v;
}

// Extensions ::= SEQUENCE OF SEQUENCE { extnID, critical BOOLEAN DEFAULT FALSE, extnValue OCTET STRING }.
bool read_extensions(bytes_view explicit_content, certificate_fields& f) {
    auto seq = der::read_exact(explicit_content, der::tag_sequence);
    if (!seq) return false;
    reader exts(*seq);
    while (!exts.empty()) {
        auto ext = exts.next(der::tag_sequence);
        if (!ext) return false;
        reader r(ext->content);
        auto id = r.next(der::tag_oid);
        if (!id) return false;
        if (r.peek() && r.peek()->tag == 0x01) r.next();
        auto value = r.next(der::tag_octet_string);
        if (!value || !r.empty()) return false;
        if (same(id->content, key_usage_oid)) {
            f.key_usage = key_usage(value->content);
            if (!f.key_usage) return false;
        }
    }
    return true;
}

} // namespace

std::optional<certificate_fields> parse_certificate(bytes_view der_cert) {
    auto cert = der::read_exact(der_cert, der::tag_sequence);
    if (!cert) return std::nullopt;
    reader outer(*cert);
    auto tbs = outer.next(der::tag_sequence);
    if (!tbs || !outer.next(der::tag_sequence) || !outer.next(der::tag_bit_string) || !outer.empty())
        return std::nullopt;

    certificate_fields f{};
    reader r(tbs->content);
    if (r.peek() && r.peek()->tag == 0xa0) r.next();
    if (!r.next(der::tag_integer)) return std::nullopt;
    f.serial_number.assign(r.last_whole().begin(), r.last_whole().end());
    if (!r.next(der::tag_sequence)) return std::nullopt;  // signature
    if (!r.next(der::tag_sequence)) return std::nullopt;
    f.issuer.assign(r.last_whole().begin(), r.last_whole().end());
    auto validity = r.next(der::tag_sequence);
    if (!validity) return std::nullopt;
    reader times(validity->content);
    auto not_before = times.next();
    auto not_after = times.next();
    if (!not_before || !not_after || !times.empty() || !date_of(*not_before, f.not_before) ||
        !date_of(*not_after, f.not_after))
        return std::nullopt;
    if (!r.next(der::tag_sequence)) return std::nullopt;
    f.subject.assign(r.last_whole().begin(), r.last_whole().end());
    if (!r.next(der::tag_sequence)) return std::nullopt;
    f.subject_public_key_info.assign(r.last_whole().begin(), r.last_whole().end());
    if (!parse_public_key_info(f.subject_public_key_info)) return std::nullopt;
    for (byte tag : {byte{0x81}, byte{0xa1}, byte{0x82}, byte{0xa2}})
        if (r.peek() && r.peek()->tag == tag) r.next();
    if (auto ext = r.next(0xa3)) {
        if (!read_extensions(ext->content, f)) return std::nullopt;
    }
    if (!r.empty()) return std::nullopt;
    return f;
}

std::optional<public_key_info> parse_public_key_info(bytes_view der_spki) {
    auto spki = der::read_exact(der_spki, der::tag_sequence);
    if (!spki) return std::nullopt;
    reader r(*spki);
    auto algorithm = r.next(der::tag_sequence);
    auto key_bits = r.next(der::tag_bit_string);
    if (!algorithm || !key_bits || !r.empty() || key_bits->content.empty() || key_bits->content[0] != 0)
        return std::nullopt;
    const bytes_view key = key_bits->content.subspan(1);
    reader alg(algorithm->content);
    auto oid = alg.next(der::tag_oid);
    if (!oid) return std::nullopt;
    public_key_info info;
    if (same(oid->content, rsa_encryption)) {
        // Parameters NULL (RFC 3279 2.3.1); RSAPublicKey ::= SEQUENCE { n, e }.
        if (auto params = alg.next(); !params || params->tag != der::tag_null || !params->content.empty() ||
                                      !alg.empty())
            return std::nullopt;
        auto seq = der::read_exact(key, der::tag_sequence);
        if (!seq) return std::nullopt;
        reader ints(*seq);
        auto n = ints.next(der::tag_integer);
        auto e = ints.next(der::tag_integer);
        if (!n || !e || !ints.empty()) return std::nullopt;
        info.rsa = load_rsa_public({bytes(n->content.begin(), n->content.end()), bytes(e->content.begin(), e->content.end())});
        if (!info.rsa) return std::nullopt;
        return info;
    }
    if (same(oid->content, ec_public_key_oid)) {
        auto params = alg.next(der::tag_oid);
        if (!params || !alg.empty()) return std::nullopt;
        const auto c = curve_from_params(alg.last_whole());
        if (!c) return std::nullopt;
        info.ec = load_ec_public(*c, key);
        if (!info.ec) return std::nullopt;
        return info;
    }
    return std::nullopt;
}

} // namespace p11::crypto
