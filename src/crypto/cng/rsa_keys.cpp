// RSA keys on CNG: loading (components checked and completed, CNG blobs
// built), generation, and the raw primitives.  CNG has no big-number calls,
// so completing a key (the primes from n, e, d; d from p, q, e; the CRT
// values) and checking given values against each other runs on bignum.hpp;
// the complete key goes to CNG as a BCRYPT_RSAFULLPRIVATE_BLOB.
#include <cstdint>
#include <cstring>
#include <tuple>
#include <utility>

#include "crypto/cng/bignum.hpp"
#include "crypto/cng/rsa_core.hpp"
#include "crypto/internal/rsa_generate.hpp"

namespace p11::crypto::cng {

namespace {

template <class Bytes>
Bytes minimal(bytes_view v) {
    std::size_t skip = 0;
    while (skip < v.size() && v[skip] == 0) ++skip;
    return Bytes(v.begin() + static_cast<std::ptrdiff_t>(skip), v.end());
}

void append(secure_bytes& out, bytes_view v) { out.insert(out.end(), v.begin(), v.end()); }

// BCRYPT_RSAKEY_BLOB and the big-endian fields after it.
secure_bytes rsa_blob(ULONG magic, bytes_view n, bytes_view e, bytes_view p = {}, bytes_view q = {}) {
    BCRYPT_RSAKEY_BLOB head{};
    head.Magic = magic;
    head.BitLength = ulong(bignum::from_bytes(n).bits());
    head.cbPublicExp = ulong(e.size());
    head.cbModulus = ulong(n.size());
    head.cbPrime1 = ulong(p.size());
    head.cbPrime2 = ulong(q.size());
    secure_bytes blob(sizeof head);
    std::memcpy(blob.data(), &head, sizeof head);
    for (bytes_view part : {e, n, p, q}) append(blob, part);
    return blob;
}

// BCRYPT_RSAFULLPRIVATE_BLOB from complete components (big-endian, each
// CRT value at its prime's length, d at the modulus's).
secure_bytes full_blob(const rsa_private_components& c) {
    secure_bytes blob = rsa_blob(BCRYPT_RSAFULLPRIVATE_MAGIC, c.modulus, c.public_exponent, c.prime1, c.prime2);
    const auto put = [&blob](const secure_bytes& v, std::size_t length) {
        blob.insert(blob.end(), length - v.size(), 0);
        blob.insert(blob.end(), v.begin(), v.end());
    };
    put(c.exponent1, c.prime1.size());
    put(c.exponent2, c.prime2.size());
    put(c.coefficient, c.prime1.size());
    put(c.private_exponent, c.modulus.size());
    return blob;
}

// d = e^-1 mod phi for an e below 2^32: with y = phi^-1 mod e (Euclid on
// machine words), d = (1 + phi (e - y)) / e.
std::optional<bignum> private_exponent(const bignum& e, const bignum& phi) {
    if (!e.fits_u32()) return std::nullopt;
    const std::uint32_t e32 = e.low_u32();
    std::uint32_t r = 0;
    (void)phi.divided_by(e32, r);
    // Extended Euclid: t with r t = 1 mod e.
    std::int64_t t0 = 0, t1 = 1, a = e32, b = r;
    while (b != 0) {
        const std::int64_t k = a / b;
        std::tie(a, b) = std::make_pair(b, a - k * b);
        std::tie(t0, t1) = std::make_pair(t1, t0 - k * t1);
    }
    if (a != 1) return std::nullopt;  // e and phi share a factor
    const std::int64_t y = ((t0 % e32) + e32) % e32;
    std::uint32_t rest = 0;
    bignum d = (bignum(1) + phi * bignum(static_cast<std::uint32_t>(e32 - y))).divided_by(e32, rest);
    if (rest != 0) return std::nullopt;
    return d;
}

// The components in a BCRYPT_RSAFULLPRIVATE_BLOB or BCRYPT_RSAPUBLIC_BLOB.
std::optional<rsa_private_components> parse_blob(bytes_view blob) {
    BCRYPT_RSAKEY_BLOB head{};
    if (blob.size() < sizeof head) return std::nullopt;
    std::memcpy(&head, blob.data(), sizeof head);
    const bool full = head.Magic == BCRYPT_RSAFULLPRIVATE_MAGIC;
    const std::size_t sizes[] = {head.cbPublicExp, head.cbModulus, head.cbPrime1, head.cbPrime2,
                                 head.cbPrime1,    head.cbPrime2,  head.cbPrime1, head.cbModulus};
    const std::size_t parts = full ? 8 : 2;
    std::size_t offset = sizeof head;
    bytes_view field[8];
    for (std::size_t i = 0; i < parts; ++i) {
        if (blob.size() - offset < sizes[i]) return std::nullopt;
        field[i] = blob.subspan(offset, sizes[i]);
        offset += sizes[i];
    }
    rsa_private_components c;
    c.public_exponent = minimal<bytes>(field[0]);
    c.modulus = minimal<bytes>(field[1]);
    if (full) {
        c.prime1 = minimal<secure_bytes>(field[2]);
        c.prime2 = minimal<secure_bytes>(field[3]);
        c.exponent1 = minimal<secure_bytes>(field[4]);
        c.exponent2 = minimal<secure_bytes>(field[5]);
        c.coefficient = minimal<secure_bytes>(field[6]);
        c.private_exponent = minimal<secure_bytes>(field[7]);
    }
    return c;
}

bool acceptable_exponent(bytes_view e) {
    const auto v = bignum::from_bytes(e);
    return v.is_odd() && compare(v, bignum(3)) >= 0;
}

// A core from a full private blob that CNG made (generation).
std::shared_ptr<const rsa_core> core_from_full_blob(secure_bytes blob, key_handle handle) {
    auto c = parse_blob(blob);
    if (!c) return nullptr;
    return std::make_shared<const rsa_core>(std::move(*c), std::move(blob), BCRYPT_RSAFULLPRIVATE_BLOB,
                                            std::move(handle));
}

// p and q from n, e, d (RFC 8017 leaves it to the implementation; this is the
// classic one, NIST SP 800-56B appendix C): with k = d e - 1 = 2^s t, t odd,
// some g^(2^i t) is a square root of 1 other than +-1, and gcd(x - 1, n) is
// a factor.  Few bases are ever needed.
std::optional<std::pair<bignum, bignum>> recover_primes(const bignum& n, const bignum& e, const bignum& d) {
    const bignum one(1);
    if (!n.is_odd() || compare(n, bignum(15)) < 0) return std::nullopt;
    const bignum k = d * e - one;
    if (k.is_zero() || k.is_odd()) return std::nullopt;
    std::size_t s = 0;
    while (!k.bit(s)) ++s;
    const bignum t = k.shifted_right(s);
    const bignum n_minus_1 = n - one;
    for (std::uint32_t g = 2; g < 200; ++g) {
        bignum x = bignum::mod_exp(bignum(g), t, n);
        if (x == one || x == n_minus_1) continue;
        for (std::size_t i = 0; i < s; ++i) {
            bignum y = bignum::mod_exp(x, bignum(2), n);
            if (y == one) {
                // x = 1 mod one prime and -1 mod the other.
                bignum p = bignum::gcd(x - one, n);
                bignum other = bignum::gcd(x + one, n);
                if (!(p * other == n)) return std::nullopt;
                return std::make_pair(std::move(p), std::move(other));
            }
            if (y == n_minus_1) break;
            x = std::move(y);
        }
    }
    return std::nullopt;
}

} // namespace

rsa_core::rsa_core(rsa_private_components c, secure_bytes blob, const wchar_t* blob_type, key_handle first)
    : c_(std::move(c)),
      blob_(std::move(blob)),
      blob_type_(blob_type),
      bits_(bignum::from_bytes(c_.modulus).bits()),
      pool_([this] { return import(); }),
      pss_pool_([this] { return import(); }) {
    // The object made while loading only proved that CNG takes the blob; the
    // pool imports its own on first use.
    first.reset();
}

std::unique_ptr<rsa_key_object> rsa_core::import() const {
    NTSTATUS st = 0;
    auto h = import_pair(algorithm(provider::rsa), blob_type_, blob_, st);
    if (!h) return nullptr;
    return std::make_unique<rsa_key_object>(rsa_key_object{std::move(h)});
}

std::optional<secure_bytes> rsa_core::padded_below_n(bytes_view block) const {
    const std::size_t k = size();
    if (block.size() > k) return std::nullopt;
    secure_bytes padded(k, 0);
    if (!block.empty()) std::memcpy(padded.data() + (k - block.size()), block.data(), block.size());
    // Public values compared (n; the block is the caller's).
    if (compare(bignum::from_bytes(padded), bignum::from_bytes(c_.modulus)) >= 0) return std::nullopt;
    return padded;
}

// BCryptEncrypt (m^e) or BCryptDecrypt (c^d) with BCRYPT_PAD_NONE.
template <class Out>
status rsa_core::raw(bytes_view block, bool with_d, Out& out) const {
    const auto padded = padded_below_n(block);
    if (!padded) return status::invalid_input;
    auto key = lend();
    if (!key) return status::internal;
    Out result(size());
    ULONG done = 0;
    const auto run = with_d ? BCryptDecrypt : BCryptEncrypt;
    const NTSTATUS st = run(key->get(), in(padded->data()), ulong(padded->size()), nullptr, nullptr, 0, result.data(),
                            ulong(result.size()), &done, BCRYPT_PAD_NONE);
    if (!ok(st)) return status_of(st, status::invalid_input);
    out = std::move(result);
    return status::ok;
}

status rsa_core::public_raw(bytes_view block, bytes& out) const { return raw(block, false, out); }

status rsa_core::private_raw(bytes_view block, secure_bytes& out) const {
    if (!is_private()) return status::internal;
    return raw(block, true, out);
}

} // namespace p11::crypto::cng

namespace p11::crypto {

using cng::bignum;

std::unique_ptr<rsa_public_key> load_rsa_public(const rsa_public_components& c) {
    if (c.modulus.empty() || c.public_exponent.empty() || !cng::acceptable_exponent(c.public_exponent)) return nullptr;
    const auto n = cng::minimal<bytes>(c.modulus);
    const auto e = cng::minimal<bytes>(c.public_exponent);
    // CNG's smallest RSA key is 512 bits; not every CNG checks it on import.
    if (n.empty() || (n.back() & 1u) == 0 || bignum::from_bytes(n).bits() < 512) return nullptr;
    auto blob = cng::rsa_blob(BCRYPT_RSAPUBLIC_MAGIC, n, e);
    NTSTATUS st = 0;
    auto h = cng::import_pair(cng::algorithm(cng::provider::rsa), BCRYPT_RSAPUBLIC_BLOB, blob, st);
    if (!h) return nullptr;
    rsa_private_components parts;
    parts.modulus = n;
    parts.public_exponent = e;
    return cng::make_public_key(
        std::make_shared<const cng::rsa_core>(std::move(parts), std::move(blob), BCRYPT_RSAPUBLIC_BLOB, std::move(h)));
}

std::unique_ptr<rsa_private_key> load_rsa_private(const rsa_private_components& c) {
    if (c.public_exponent.empty() || !cng::acceptable_exponent(c.public_exponent)) return nullptr;
    const bignum e = bignum::from_bytes(c.public_exponent);
    const bool have_d = !c.private_exponent.empty();
    bignum d = bignum::from_bytes(c.private_exponent);
    if (have_d && d.is_zero()) return nullptr;  // given as zero is not "absent"
    bignum p, q;
    if (c.prime1.empty() != c.prime2.empty()) return nullptr;  // one prime without the other
    if (c.prime1.empty()) {
        if (!have_d || c.modulus.empty()) return nullptr;
        auto pq = cng::recover_primes(bignum::from_bytes(c.modulus), e, d);
        if (!pq) return nullptr;
        p = std::move(pq->first);
        q = std::move(pq->second);
        if (compare(p, q) < 0) std::swap(p, q);  // as the other backends give them
    } else {
        p = bignum::from_bytes(c.prime1);
        q = bignum::from_bytes(c.prime2);
    }
    const bignum one(1);
    if (!p.is_odd() || !q.is_odd() || compare(p, one) <= 0 || compare(q, one) <= 0 || p == q) return nullptr;
    const bignum n = p * q;
    if (n.bits() < 512) return nullptr;
    if (!c.modulus.empty() && !(bignum::from_bytes(c.modulus) == n)) return nullptr;
    const bignum p1 = p - one, q1 = q - one;
    if (!have_d) {
        auto derived = cng::private_exponent(e, p1 * q1);
        if (!derived) return nullptr;
        d = std::move(*derived);
    }
    if (compare(d, n) >= 0) return nullptr;
    // The CRT values, computed here: CNG would derive them on import, but
    // wine 8 cannot export them again for a modulus that is not a whole
    // number of bytes (an assertion ends the process).
    const bignum dp = d % p1, dq = d % q1;
    if (!(e * dp % p1 == one) || !(e * dq % q1 == one)) return nullptr;  // d is not e's inverse
    const bignum qinv = bignum::mod_exp(q, p - bignum(2), p);  // p is prime
    const auto matches = [](const secure_bytes& given, const bignum& value) {
        return given.empty() || bignum::from_bytes(given) == value;
    };
    if (!matches(c.exponent1, dp) || !matches(c.exponent2, dq) || !matches(c.coefficient, qinv)) return nullptr;

    rsa_private_components parts;
    const auto n_bytes = n.to_bytes();
    parts.modulus.assign(n_bytes.begin(), n_bytes.end());
    parts.public_exponent = cng::minimal<bytes>(c.public_exponent);
    parts.private_exponent = d.to_bytes();
    parts.prime1 = p.to_bytes();
    parts.prime2 = q.to_bytes();
    parts.exponent1 = dp.to_bytes();
    parts.exponent2 = dq.to_bytes();
    parts.coefficient = qinv.to_bytes();
    auto blob = cng::full_blob(parts);
    NTSTATUS st = 0;
    auto h = cng::import_pair(cng::algorithm(cng::provider::rsa), BCRYPT_RSAFULLPRIVATE_BLOB, blob, st);
    if (!h) return nullptr;
    return cng::make_private_key(std::make_shared<const cng::rsa_core>(std::move(parts), std::move(blob),
                                                                      BCRYPT_RSAFULLPRIVATE_BLOB, std::move(h)));
}

std::unique_ptr<rsa_private_key> generate_rsa(std::size_t bits, bytes_view public_exponent) {
    const auto e = internal::rsa_generation_exponent(bits, public_exponent);
    // CNG generates with e = 65537 only; it takes sizes in steps of 64 bits.
    if (!e || *e != 65537) return nullptr;
    BCRYPT_KEY_HANDLE raw = nullptr;
    if (!cng::ok(BCryptGenerateKeyPair(cng::algorithm(cng::provider::rsa), &raw, cng::ulong(bits), 0))) return nullptr;
    cng::key_handle h(raw);
    if (!cng::ok(BCryptFinalizeKeyPair(raw, 0))) return nullptr;
    secure_bytes full;
    if (!cng::ok(cng::export_pair(raw, BCRYPT_RSAFULLPRIVATE_BLOB, full))) return nullptr;
    auto c = cng::parse_blob(full);
    if (!c) return nullptr;
    // Loaded like any other key, with p > q: wine 8 generates p < q, and
    // then cannot make v1.5 signatures or decrypt with that key.
    if (compare(bignum::from_bytes(c->prime1), bignum::from_bytes(c->prime2)) < 0) {
        std::swap(c->prime1, c->prime2);
        c->exponent1.clear();
        c->exponent2.clear();
        c->coefficient.clear();
    }
    auto key = load_rsa_private(*c);
    if (!key || key->modulus_bits() != bits) return nullptr;
    return key;
}

} // namespace p11::crypto
