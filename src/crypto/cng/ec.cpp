// ECDSA and ECDH on P-256, P-384 and P-521 with CNG's per-curve providers
// (BCRYPT_ECDSA_P256_ALGORITHM ...; wine 8 has no P-521, whose keys then do
// not load: nullptr, which the token reports as an unsupported curve).
// Keys are CNG blobs, BCRYPT_ECCKEY_BLOB || X || Y [|| d]; a key keeps its
// blob and lends each operation a key object of its own from a pool.
//
// Points: CNG checks a point it imports; we check it too (on the curve,
// coordinates below p), as not every CNG does.  A private key given as d
// alone needs Q = d G, which CNG has no call for: CNG signs with d (the key
// object imported with G as a placeholder public key and
// BCRYPT_NO_KEY_VALIDATION; signing does not use Q), Q is recovered from
// the signature (ec_math.hpp, public values only), and a second signature
// picks the right one of the two candidates.
#include <algorithm>
#include <array>
#include <cstring>

#include "crypto/capabilities.hpp"
#include "crypto/cng/bignum.hpp"
#include "crypto/cng/ec_math.hpp"
#include "crypto/cng/support.hpp"
#include "crypto/ec.hpp"
#include "crypto/internal/ec_point.hpp"
#include "crypto/internal/pool.hpp"
#include "crypto/internal/spki.hpp"

namespace p11::crypto {

namespace {

using cng::bignum;

bytes from_hex(const char* h) {
    bytes out;
    for (std::size_t i = 0; h[i] != 0 && h[i + 1] != 0; i += 2) {
        auto v = [](char c) { return c <= '9' ? c - '0' : (c | 0x20) - 'a' + 10; };
        out.push_back(static_cast<byte>(v(h[i]) * 16 + v(h[i + 1])));
    }
    return out;
}

// SEC 2 / FIPS 186-4 D.1.2: p, b, the order n and G (04 || Gx || Gy), in hex.
struct curve_hex {
    const char* p;
    const char* b;
    const char* n;
    const char* g;
};
constexpr curve_hex curve_hex_values[3] = {
    {"FFFFFFFF00000001000000000000000000000000FFFFFFFFFFFFFFFFFFFFFFFF",
     "5AC635D8AA3A93E7B3EBBD55769886BC651D06B0CC53B0F63BCE3C3E27D2604B",
     "FFFFFFFF00000000FFFFFFFFFFFFFFFFBCE6FAADA7179E84F3B9CAC2FC632551",
     "046B17D1F2E12C4247F8BCE6E563A440F277037D812DEB33A0F4A13945D898C296"
     "4FE342E2FE1A7F9B8EE7EB4A7C0F9E162BCE33576B315ECECBB6406837BF51F5"},
    {"FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFEFFFFFFFF0000000000000000FFFFFFFF",
     "B3312FA7E23EE7E4988E056BE3F82D19181D9C6EFE8141120314088F5013875AC656398D8A2ED19D2A85C8EDD3EC2AEF",
     "FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFC7634D81F4372DDF581A0DB248B0A77AECEC196ACCC52973",
     "04AA87CA22BE8B05378EB1C71EF320AD746E1D3B628BA79B9859F741E082542A385502F25DBF55296C3A545E3872760AB7"
     "3617DE4A96262C6F5D9E98BF9292DC29F8F41DBD289A147CE9DA3113B5F0B8C00A60B1CE1D7E819D7A431D7C90EA0E5F"},
    {"01FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF"
     "FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF",
     "0051953EB9618E1C9A1F929A21A0B68540EEA2DA725B99B315F3B8B489918EF1"
     "09E156193951EC7E937B1652C0BD3BB1BF073573DF883D2C34F1EF451FD46B503F00",
     "01FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF"
     "FFFFFFFA51868783BF2F966B7FCC0148F709A5D03BB5C9B8899C47AEBB6FB71E91386409",
     "0400C6858E06B70404E9CD9E3ECB662395B4429C648139053FB521F828AF606B4D"
     "3DBAA14B5E77EFE75928FE1DC127A2FFA8DE3348B3C1856A429BF97E7E31C2E5BD66"
     "011839296A789A3BC0045C8A5FB42C7D1BD998F54449579B446817AFBD17273E"
     "662C97EE72995EF42640C550B9013FAD0761353C7086A272C24088BE94769FD16650"},
};

const cng::ec_curve& constants(curve c) {
    static const std::array<cng::ec_curve, 3> all = [] {
        std::array<cng::ec_curve, 3> out;
        for (std::size_t i = 0; i < out.size(); ++i) {
            const curve_hex& h = curve_hex_values[i];
            const bytes g = from_hex(h.g);
            const std::size_t f = (g.size() - 1) / 2;
            out[i] = {bignum::from_bytes(from_hex(h.p)), bignum::from_bytes(from_hex(h.b)),
                      bignum::from_bytes(from_hex(h.n)),
                      {bignum::from_bytes(bytes_view(g).subspan(1, f)), bignum::from_bytes(bytes_view(g).subspan(1 + f))}};
        }
        return out;
    }();
    return all[static_cast<std::size_t>(c)];
}

BCRYPT_ALG_HANDLE provider_of(curve c, bool ecdh) {
    static constexpr cng::provider providers[3][2] = {
        {cng::provider::ecdsa_p256, cng::provider::ecdh_p256},
        {cng::provider::ecdsa_p384, cng::provider::ecdh_p384},
        {cng::provider::ecdsa_p521, cng::provider::ecdh_p521},
    };
    return cng::algorithm(providers[static_cast<std::size_t>(c)][ecdh ? 1 : 0]);
}

ULONG magic(curve c, bool ecdh, bool is_private) {
    // [curve][ecdh][private]
    static constexpr ULONG magics[3][2][2] = {
        {{BCRYPT_ECDSA_PUBLIC_P256_MAGIC, BCRYPT_ECDSA_PRIVATE_P256_MAGIC},
         {BCRYPT_ECDH_PUBLIC_P256_MAGIC, BCRYPT_ECDH_PRIVATE_P256_MAGIC}},
        {{BCRYPT_ECDSA_PUBLIC_P384_MAGIC, BCRYPT_ECDSA_PRIVATE_P384_MAGIC},
         {BCRYPT_ECDH_PUBLIC_P384_MAGIC, BCRYPT_ECDH_PRIVATE_P384_MAGIC}},
        {{BCRYPT_ECDSA_PUBLIC_P521_MAGIC, BCRYPT_ECDSA_PRIVATE_P521_MAGIC},
         {BCRYPT_ECDH_PUBLIC_P521_MAGIC, BCRYPT_ECDH_PRIVATE_P521_MAGIC}},
    };
    return magics[static_cast<std::size_t>(c)][ecdh ? 1 : 0][is_private ? 1 : 0];
}

// BCRYPT_ECCKEY_BLOB || X || Y [|| d]; `point` is 04 || X || Y.
secure_bytes ecc_blob(curve c, bool ecdh, bytes_view point, bytes_view d = {}) {
    BCRYPT_ECCKEY_BLOB head{magic(c, ecdh, !d.empty()), cng::ulong(field_bytes(c))};
    secure_bytes blob(sizeof head);
    std::memcpy(blob.data(), &head, sizeof head);
    blob.insert(blob.end(), point.begin() + 1, point.end());
    blob.insert(blob.end(), d.begin(), d.end());
    return blob;
}

// SEC 1 3.2.2.1 on 04 || X || Y.  Public values.
bool on_curve(curve c, bytes_view point) {
    const std::size_t f = field_bytes(c);
    return cng::on_curve(constants(c),
                         {bignum::from_bytes(point.subspan(1, f)), bignum::from_bytes(point.subspan(1 + f, f))});
}

bytes encode_point(curve c, const cng::ec_point& q) {
    const std::size_t f = field_bytes(c);
    bytes point{0x04};
    const auto x = q.x.to_bytes(f), y = q.y.to_bytes(f);
    point.insert(point.end(), x.begin(), x.end());
    point.insert(point.end(), y.begin(), y.end());
    return point;
}

// The digest as CNG should see it: FIPS 186-4 6.4 takes its leftmost
// min(N, outlen) bits, so for P-256 and P-384 the same integer is the
// digest cut or left-padded to the order's length, which every CNG takes
// (wine's infers a hash from the length).  P-521's 521 bits exceed any digest.
bytes normalised(curve c, bytes_view digest) {
    const std::size_t n = order_bits(c) / 8;
    if (order_bits(c) % 8 != 0) return bytes(digest.begin(), digest.end());
    if (digest.size() >= n) return bytes(digest.begin(), digest.begin() + static_cast<std::ptrdiff_t>(n));
    bytes out(n - digest.size(), 0);
    out.insert(out.end(), digest.begin(), digest.end());
    return out;
}

struct key_object {
    cng::key_handle h;
    [[nodiscard]] BCRYPT_KEY_HANDLE get() const noexcept { return static_cast<BCRYPT_KEY_HANDLE>(h.get()); }
};
using key_pool = internal::context_pool<key_object>;

key_pool::factory importer(curve c, bool ecdh, std::shared_ptr<const secure_bytes> blob, const wchar_t* type) {
    return [c, ecdh, blob = std::move(blob), type]() -> std::unique_ptr<key_object> {
        NTSTATUS st = 0;
        auto h = cng::import_pair(provider_of(c, ecdh), type, *blob, st);
        if (!h) return nullptr;
        return std::make_unique<key_object>(key_object{std::move(h)});
    };
}

status verify_with(BCRYPT_KEY_HANDLE key, curve c, bytes_view digest, bytes_view signature) {
    if (signature.size() != 2 * field_bytes(c)) return status::bad_signature;
    const bytes e = normalised(c, digest);
    const NTSTATUS st = BCryptVerifySignature(key, nullptr, cng::in(e.data()), cng::ulong(e.size()),
                                              cng::in(signature.data()), cng::ulong(signature.size()), 0);
    return cng::status_of(st, status::bad_signature);
}

status sign_with(BCRYPT_KEY_HANDLE key, curve c, bytes_view digest, bytes& out) {
    const bytes e = normalised(c, digest);
    bytes sig(2 * field_bytes(c));
    ULONG done = 0;
    const NTSTATUS st = BCryptSignHash(key, nullptr, cng::in(e.data()), cng::ulong(e.size()), sig.data(),
                                       cng::ulong(sig.size()), &done, 0);
    if (!cng::ok(st)) return cng::status_of(st, status::internal);
    sig.resize(done);
    out = std::move(sig);
    return status::ok;
}

class public_key final : public ec_public_key {
public:
    public_key(curve c, bytes point)
        : c_(c), point_(std::move(point)),
          pool_(importer(c, false, std::make_shared<const secure_bytes>(ecc_blob(c, false, point_)), BCRYPT_ECCPUBLIC_BLOB)) {}
    curve curve_id() const override { return c_; }
    bytes point() const override { return point_; }
    bytes subject_public_key_info() const override { return internal::ec_spki(c_, point_); }
    status verify(bytes_view digest, bytes_view signature) const override {
        auto key = pool_.acquire();
        if (!key) return status::internal;
        return verify_with(key->get(), c_, digest, signature);
    }
    [[nodiscard]] bool usable() const { return static_cast<bool>(pool_.acquire()); }

private:
    curve c_;
    bytes point_;
    mutable key_pool pool_;
};

std::unique_ptr<public_key> make_public(curve c, bytes_view point) {
    if (provider_of(c, false) == nullptr || !on_curve(c, point)) return nullptr;
    auto k = std::make_unique<public_key>(c, bytes(point.begin(), point.end()));
    if (!k->usable()) return nullptr;  // CNG refused the point
    return k;
}

class private_key final : public ec_private_key {
public:
    private_key(curve c, bytes point, secure_bytes d)
        : c_(c), point_(std::move(point)), d_(std::move(d)),
          sign_pool_(importer(c, false, std::make_shared<const secure_bytes>(ecc_blob(c, false, point_, d_)),
                              BCRYPT_ECCPRIVATE_BLOB)),
          derive_pool_(importer(c, true, std::make_shared<const secure_bytes>(ecc_blob(c, true, point_, d_)),
                                BCRYPT_ECCPRIVATE_BLOB)) {}
    curve curve_id() const override { return c_; }
    secure_bytes scalar() const override { return d_; }
    std::unique_ptr<ec_public_key> public_key() const override { return make_public(c_, point_); }

    status sign(bytes_view digest, bytes& out) const override {
        auto key = sign_pool_.acquire();
        if (!key) return status::internal;
        return sign_with(key->get(), c_, digest, out);
    }

    status derive(bytes_view peer_point, secure_bytes& shared_x) const override {
        const auto peer = internal::uncompressed_point(c_, peer_point);
        if (!peer || !on_curve(c_, *peer)) return status::invalid_input;
        NTSTATUS st = 0;
        auto peer_key = cng::import_pair(provider_of(c_, true), BCRYPT_ECCPUBLIC_BLOB, ecc_blob(c_, true, *peer), st);
        if (!peer_key) return cng::status_of(st, status::invalid_input);
        auto key = derive_pool_.acquire();
        if (!key) return status::internal;
        const status agreed =
            agree(key->get(), static_cast<BCRYPT_KEY_HANDLE>(peer_key.get()), field_bytes(c_), shared_x);
        // A CNG without ECDH's secret (wine 8) fails with a generic status;
        // asked only then, so that a working ECDH never waits for the probes.
        if (agreed != status::ok && !backend_capabilities().ecdh[static_cast<std::size_t>(c_)])
            return status::unsupported;
        return agreed;
    }

    [[nodiscard]] bool usable() const { return static_cast<bool>(sign_pool_.acquire()); }

    // x of d * peer, big-endian (CNG's raw secret is little-endian).
    static status agree(BCRYPT_KEY_HANDLE mine, BCRYPT_KEY_HANDLE peer, std::size_t size, secure_bytes& out) {
        BCRYPT_SECRET_HANDLE raw = nullptr;
        NTSTATUS st = BCryptSecretAgreement(mine, peer, &raw, 0);
        if (!cng::ok(st)) return cng::status_of(st, status::invalid_input);
        cng::secret_handle secret(raw);
        secure_bytes x(size);
        ULONG done = 0;
        st = BCryptDeriveKey(raw, BCRYPT_KDF_RAW_SECRET, nullptr, x.data(), cng::ulong(x.size()), &done, 0);
        if (!cng::ok(st)) return cng::status_of(st, status::internal);
        if (done != size) return status::internal;
        std::reverse(x.begin(), x.end());
        out = std::move(x);
        return status::ok;
    }

private:
    curve c_;
    bytes point_;
    secure_bytes d_;
    mutable key_pool sign_pool_;
    mutable key_pool derive_pool_;
};

std::unique_ptr<private_key> make_private(curve c, bytes point, secure_bytes d) {
    auto k = std::make_unique<private_key>(c, std::move(point), std::move(d));
    if (!k->usable()) return nullptr;
    return k;
}

// Q = d G (see the top of the file); nullopt when this CNG cannot do it.
std::optional<bytes> public_point(curve c, const secure_bytes& d) {
    const auto& k = constants(c);
    NTSTATUS st = 0;
    // d with G as a placeholder public key, which signing does not use.
    const auto signer = cng::import_pair(provider_of(c, false), BCRYPT_ECCPRIVATE_BLOB,
                                         ecc_blob(c, false, encode_point(c, k.g), d), st, BCRYPT_NO_KEY_VALIDATION);
    if (!signer) return std::nullopt;
    const auto key = static_cast<BCRYPT_KEY_HANDLE>(signer.get());
    // Digests of the order's byte length (66 bytes would be cut to 521 bits).
    const bytes first(std::min<std::size_t>(order_bits(c) / 8, 64), 0x3c), second(first.size(), 0xc3);
    bytes sig, check;
    if (sign_with(key, c, first, sig) != status::ok || sign_with(key, c, second, check) != status::ok)
        return std::nullopt;
    const std::size_t f = field_bytes(c);
    const bytes_view rs(sig);
    for (const cng::ec_point& q : cng::recover_public_keys(k, bignum::from_bytes(first),
                                                            bignum::from_bytes(rs.first(f)),
                                                            bignum::from_bytes(rs.subspan(f)))) {
        bytes point = encode_point(c, q);
        // Of the candidates, the one the second signature verifies with.
        auto pub = make_public(c, point);
        if (pub && pub->verify(second, check) == status::ok) return point;
    }
    return std::nullopt;
}

} // namespace

std::unique_ptr<ec_public_key> load_ec_public(curve c, bytes_view point_or_octet_string) {
    const auto point = internal::uncompressed_point(c, point_or_octet_string);
    if (!point) return nullptr;
    return make_public(c, *point);
}

std::unique_ptr<ec_private_key> load_ec_private(curve c, bytes_view scalar) {
    const std::size_t f = field_bytes(c);
    const bignum d = bignum::from_bytes(scalar);
    if (d.is_zero() || compare(d, constants(c).n) >= 0 || provider_of(c, false) == nullptr) return nullptr;
    secure_bytes fixed = d.to_bytes(f);
    auto point = public_point(c, fixed);
    if (!point) return nullptr;
    return make_private(c, std::move(*point), std::move(fixed));
}

std::unique_ptr<ec_private_key> generate_ec(curve c) {
    BCRYPT_ALG_HANDLE alg = provider_of(c, false);
    if (alg == nullptr) return nullptr;
    BCRYPT_KEY_HANDLE raw = nullptr;
    if (!cng::ok(BCryptGenerateKeyPair(alg, &raw, cng::ulong(order_bits(c)), 0))) return nullptr;
    cng::key_handle h(raw);
    secure_bytes blob;
    if (!cng::ok(BCryptFinalizeKeyPair(raw, 0)) || !cng::ok(cng::export_pair(raw, BCRYPT_ECCPRIVATE_BLOB, blob)))
        return nullptr;
    const std::size_t f = field_bytes(c);
    if (blob.size() != sizeof(BCRYPT_ECCKEY_BLOB) + 3 * f) return nullptr;
    const byte* body = blob.data() + sizeof(BCRYPT_ECCKEY_BLOB);
    bytes point{0x04};
    point.insert(point.end(), body, body + 2 * f);
    return make_private(c, std::move(point), secure_bytes(body + 2 * f, body + 3 * f));
}

} // namespace p11::crypto
