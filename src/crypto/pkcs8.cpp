// PKCS #8 PrivateKeyInfo encodings (RFC 5208 section 5, RFC 5958 section 2,
// RFC 8017 A.1.2, RFC 5915 section 3, RFC 8410 section 7).  Everything that
// holds key bytes is secure_bytes; only lengths and OIDs pass through `bytes`.
#include "crypto/pkcs8.hpp"

#include <algorithm>
#include <array>
#include <initializer_list>

#include "crypto/der.hpp"
#include "crypto/internal/spki.hpp"

namespace p11::crypto::pkcs8 {

namespace {

// Context-specific tags of the optional fields.
constexpr byte tag_attributes = 0xa0;            // PrivateKeyInfo attributes [0] IMPLICIT SET
constexpr byte tag_one_key_public = 0x81;        // OneAsymmetricKey publicKey [1] IMPLICIT BIT STRING
constexpr byte tag_ec_parameters = 0xa0;         // ECPrivateKey parameters [0] EXPLICIT
constexpr byte tag_ec_public = 0xa1;             // ECPrivateKey publicKey [1] EXPLICIT BIT STRING
constexpr std::array<byte, 2> der_null{der::tag_null, 0x00};

// --- writing ---------------------------------------------------------------

void append(secure_bytes& out, bytes_view part) { out.insert(out.end(), part.begin(), part.end()); }

void append_tlv(secure_bytes& out, byte tag, bytes_view content) {
    bytes header{tag};  // a length is no secret
    der::append_length(header, content.size());
    append(out, header);
    append(out, content);
}

secure_bytes tlv(byte tag, std::initializer_list<bytes_view> parts) {
    secure_bytes content;
    for (auto p : parts) append(content, p);
    secure_bytes out;
    append_tlv(out, tag, content);
    return out;
}

// A non-negative INTEGER (as der::unsigned_integer, into wiped memory).
void append_integer(secure_bytes& out, bytes_view magnitude) {
    std::size_t skip = 0;
    while (skip < magnitude.size() && magnitude[skip] == 0) ++skip;
    const auto digits = magnitude.subspan(skip);
    const bool pad = digits.empty() || (digits[0] & 0x80) != 0;
    bytes header{der::tag_integer};
    der::append_length(header, digits.size() + (pad ? 1 : 0));
    append(out, header);
    if (pad) out.push_back(0);
    append(out, digits);
}

constexpr std::array<byte, 3> version_0{der::tag_integer, 0x01, 0x00};
constexpr std::array<byte, 3> version_1{der::tag_integer, 0x01, 0x01};

secure_bytes private_key_info(bytes_view algorithm_content, bytes_view private_key) {
    secure_bytes algorithm;
    append_tlv(algorithm, der::tag_sequence, algorithm_content);
    secure_bytes octets;
    append_tlv(octets, der::tag_octet_string, private_key);
    return tlv(der::tag_sequence, {version_0, algorithm, octets});
}

// --- reading ---------------------------------------------------------------

// Walks the elements of one constructed value in order.
class reader {
public:
    explicit reader(bytes_view in) : rest_(in) {}
    [[nodiscard]] bool done() const { return rest_.empty(); }
    [[nodiscard]] bool next_is(byte tag) const { return !rest_.empty() && rest_[0] == tag; }
    // The next element if it has this tag, whole (header included) or its content.
    std::optional<bytes_view> element(byte tag) {
        auto e = der::read(rest_);
        if (!e || e->tag != tag) return std::nullopt;
        const auto whole = rest_.first(e->encoded_size);
        rest_ = rest_.subspan(e->encoded_size);
        return whole;
    }
    std::optional<bytes_view> content(byte tag) {
        auto whole = element(tag);
        if (!whole) return std::nullopt;
        return der::read(*whole)->content;
    }

private:
    bytes_view rest_;
};

// The magnitude of a non-negative, minimally encoded INTEGER.
std::optional<bytes_view> unsigned_integer(reader& r) {
    auto c = r.content(der::tag_integer);
    if (!c || c->empty() || ((*c)[0] & 0x80) != 0) return std::nullopt;
    if (c->size() > 1 && (*c)[0] == 0) {
        if (((*c)[1] & 0x80) == 0) return std::nullopt;  // not minimal
        return c->subspan(1);
    }
    return *c;
}

// A small INTEGER version field equal to one of `allowed`.
std::optional<byte> version(reader& r, std::initializer_list<byte> allowed) {
    auto v = unsigned_integer(r);
    if (!v || v->size() > 1) return std::nullopt;
    const byte value = v->empty() ? 0 : (*v)[0];
    for (byte a : allowed)
        if (a == value) return value;
    return std::nullopt;
}

bool equal(bytes_view a, bytes_view b) { return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin()); }

secure_bytes secret_copy(bytes_view v) { return secure_bytes(v.begin(), v.end()); }

// A BIT STRING without unused bits: its bytes.
std::optional<bytes_view> whole_bits(bytes_view bit_string_content) {
    if (bit_string_content.empty() || bit_string_content[0] != 0) return std::nullopt;
    return bit_string_content.subspan(1);
}

// RFC 8017 A.1.2, two-prime form only (version 0).
bool parse_rsa(bytes_view der, private_key& out) {
    auto seq = der::read_exact(der, der::tag_sequence);
    if (!seq) return false;
    reader r(*seq);
    if (!version(r, {0})) return false;
    std::optional<bytes_view> v[8];
    for (auto& x : v)
        if (!(x = unsigned_integer(r)) || x->empty()) return false;
    if (!r.done()) return false;
    auto& c = out.rsa;
    c.modulus.assign(v[0]->begin(), v[0]->end());
    c.public_exponent.assign(v[1]->begin(), v[1]->end());
    c.private_exponent = secret_copy(*v[2]);
    c.prime1 = secret_copy(*v[3]);
    c.prime2 = secret_copy(*v[4]);
    c.exponent1 = secret_copy(*v[5]);
    c.exponent2 = secret_copy(*v[6]);
    c.coefficient = secret_copy(*v[7]);
    return true;
}

// RFC 5915 section 3: the private key is the fixed-length octet string of
// d; a shorter one (an encoder that dropped leading zeros) is padded back.
bool parse_ec(bytes_view der, bytes_view curve_oid, private_key& out) {
    auto seq = der::read_exact(der, der::tag_sequence);
    if (!seq) return false;
    reader r(*seq);
    if (!version(r, {1})) return false;
    auto d = r.content(der::tag_octet_string);
    const std::size_t size = field_bytes(out.ec_curve);
    if (!d || d->empty() || d->size() > size) return false;
    if (r.next_is(tag_ec_parameters)) {
        auto params = r.content(tag_ec_parameters);
        if (!params || !equal(*params, curve_oid)) return false;  // must name the same curve
    }
    if (r.next_is(tag_ec_public)) {
        auto wrapped = r.content(tag_ec_public);
        auto bits = wrapped ? der::read_exact(*wrapped, der::tag_bit_string) : std::nullopt;
        auto point = bits ? whole_bits(*bits) : std::nullopt;
        if (!point || point->empty()) return false;
        out.public_key.assign(point->begin(), point->end());
    }
    if (!r.done()) return false;
    out.secret.assign(size - d->size(), 0);
    append(out.secret, *d);
    return true;
}

// RFC 8410 section 7: CurvePrivateKey ::= OCTET STRING.
bool parse_ecx(bytes_view der, private_key& out) {
    auto raw = der::read_exact(der, der::tag_octet_string);
    if (!raw || raw->size() != ecx_key_bytes(out.ecx)) return false;
    out.secret = secret_copy(*raw);
    return true;
}

constexpr std::array curves{curve::p256, curve::p384, curve::p521};
constexpr std::array ecx_curves{ecx_curve::ed25519, ecx_curve::ed448, ecx_curve::x25519, ecx_curve::x448};

// The AlgorithmIdentifier: which algorithm, and the curve's OID for EC.
bool parse_algorithm(bytes_view content, private_key& out, bytes& ec_oid) {
    reader r(content);
    auto oid = r.element(der::tag_oid);
    if (!oid) return false;
    if (equal(*oid, internal::rsa_encryption_oid)) {
        out.alg = algorithm::rsa;
        // RFC 8017 A.1: parameters NULL; absent parameters are taken too.
        if (r.next_is(der::tag_null) && !r.element(der::tag_null)) return false;
        return r.done();
    }
    if (equal(*oid, internal::ec_public_key_oid)) {
        out.alg = algorithm::ec;
        auto named = r.element(der::tag_oid);  // RFC 5480: namedCurve only
        if (!named || !r.done()) return false;
        for (auto c : curves)
            if (equal(*named, curve_params(c))) {
                out.ec_curve = c;
                ec_oid.assign(named->begin(), named->end());
                return true;
            }
        return false;
    }
    for (auto c : ecx_curves)
        if (equal(*oid, ecx_curve_params(c))) {
            out.alg = algorithm::ecx;
            out.ecx = c;
            return r.done();  // RFC 8410 section 3: parameters MUST be absent
        }
    return false;
}

} // namespace

std::optional<secure_bytes> encode_rsa(const rsa_private_components& c) {
    for (bytes_view v : {bytes_view{c.modulus}, bytes_view{c.public_exponent}, bytes_view{c.private_exponent},
                         bytes_view{c.prime1}, bytes_view{c.prime2}, bytes_view{c.exponent1}, bytes_view{c.exponent2},
                         bytes_view{c.coefficient}})
        if (v.empty()) return std::nullopt;
    secure_bytes content(version_0.begin(), version_0.end());
    for (bytes_view v : {bytes_view{c.modulus}, bytes_view{c.public_exponent}, bytes_view{c.private_exponent},
                         bytes_view{c.prime1}, bytes_view{c.prime2}, bytes_view{c.exponent1}, bytes_view{c.exponent2},
                         bytes_view{c.coefficient}})
        append_integer(content, v);
    secure_bytes rsa_key;
    append_tlv(rsa_key, der::tag_sequence, content);
    secure_bytes algorithm(internal::rsa_encryption_oid.begin(), internal::rsa_encryption_oid.end());
    append(algorithm, der_null);
    return private_key_info(algorithm, rsa_key);
}

secure_bytes encode_ec(curve c, bytes_view scalar, bytes_view point) {
    secure_bytes d;
    append_tlv(d, der::tag_octet_string, scalar);
    bytes bits{0x00};  // no unused bits
    bits.insert(bits.end(), point.begin(), point.end());
    const bytes public_key = der::tlv(tag_ec_public, der::tlv(der::tag_bit_string, bits));
    const auto ec_key = tlv(der::tag_sequence, {version_1, d, public_key});
    secure_bytes algorithm(internal::ec_public_key_oid.begin(), internal::ec_public_key_oid.end());
    append(algorithm, curve_params(c));
    return private_key_info(algorithm, ec_key);
}

secure_bytes encode_ecx(ecx_curve c, bytes_view raw_private) {
    secure_bytes curve_private_key;
    append_tlv(curve_private_key, der::tag_octet_string, raw_private);
    return private_key_info(ecx_curve_params(c), curve_private_key);
}

std::optional<private_key> parse(bytes_view der) {
    auto seq = der::read_exact(der, der::tag_sequence);
    if (!seq) return std::nullopt;
    reader r(*seq);
    // RFC 5958: v1 (0) as RFC 5208, v2 (1) may add the public key.
    const auto v = version(r, {0, 1});
    if (!v) return std::nullopt;
    auto algorithm_content = r.content(der::tag_sequence);
    auto key_octets = r.content(der::tag_octet_string);
    if (!algorithm_content || !key_octets) return std::nullopt;
    private_key out;
    bytes ec_oid;
    if (!parse_algorithm(*algorithm_content, out, ec_oid)) return std::nullopt;
    if (r.next_is(tag_attributes) && !r.element(tag_attributes)) return std::nullopt;  // attributes: not used
    bytes outer_public;
    if (*v == 1 && r.next_is(tag_one_key_public)) {
        auto bits = r.content(tag_one_key_public);
        auto key = bits ? whole_bits(*bits) : std::nullopt;
        if (!key || key->empty() || out.alg == algorithm::rsa) return std::nullopt;
        outer_public.assign(key->begin(), key->end());
    }
    if (!r.done()) return std::nullopt;
    bool parsed = false;
    switch (out.alg) {
    case algorithm::rsa: parsed = parse_rsa(*key_octets, out); break;
    case algorithm::ec: parsed = parse_ec(*key_octets, ec_oid, out); break;
    case algorithm::ecx: parsed = parse_ecx(*key_octets, out); break;
    }
    if (!parsed) return std::nullopt;
    if (!outer_public.empty()) {
        // ECPrivateKey may carry the point too: both must agree.
        if (!out.public_key.empty() && !equal(out.public_key, outer_public)) return std::nullopt;
        out.public_key = std::move(outer_public);
    }
    return out;
}

} // namespace p11::crypto::pkcs8
