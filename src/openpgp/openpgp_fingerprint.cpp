#include "openpgp/openpgp_fingerprint.hpp"

#include <algorithm>

#include "crypto/hash.hpp"

namespace p11::openpgp {

namespace {

void append(std::vector<std::uint8_t>& out, bytes_view bytes) { out.insert(out.end(), bytes.begin(), bytes.end()); }

// An MPI (RFC 4880 3.2): the bit count of the value without leading zero
// bytes, then those bytes.
void append_mpi(std::vector<std::uint8_t>& out, bytes_view value) {
    const auto first = std::find_if(value.begin(), value.end(), [](std::uint8_t b) { return b != 0; });
    const bytes_view v(first, value.end());
    std::size_t bits = v.size() * 8;
    for (std::uint8_t top = v.empty() ? 0 : v[0]; bits > 0 && !(top & 0x80); top = static_cast<std::uint8_t>(top << 1))
        --bits;
    out.push_back(static_cast<std::uint8_t>(bits >> 8));
    out.push_back(static_cast<std::uint8_t>(bits));
    append(out, v);
}

void append_curve(std::vector<std::uint8_t>& out, curve c) {
    for (const auto& o : curve_oids)
        if (o.id == c) {
            out.push_back(o.size);
            append(out, bytes_view(o.oid.data(), o.size));
        }
}

} // namespace

std::vector<std::uint8_t> public_key_packet_body(role use, const algorithm_attributes& alg, const public_key& key,
                                                 std::uint32_t created) {
    std::vector<std::uint8_t> out{public_key_version, static_cast<std::uint8_t>(created >> 24),
                                  static_cast<std::uint8_t>(created >> 16), static_cast<std::uint8_t>(created >> 8),
                                  static_cast<std::uint8_t>(created)};
    if (alg.id == algorithm_id::rsa) {
        out.push_back(algorithm_id::rsa);
        append_mpi(out, key.modulus);
        append_mpi(out, key.exponent);
        return out;
    }
    // The card's attributes may say ECDSA for the decryption slot or ECDH for
    // another: what the key is used as decides, as for its objects.
    const bool ecdh = use == role::decrypt;
    const bool native = alg.ec_curve != curve::p256;  // Ed25519 / X25519: 32 raw bytes
    out.push_back(ecdh ? algorithm_id::ecdh : native ? algorithm_id::eddsa : algorithm_id::ecdsa);
    append_curve(out, *alg.ec_curve);
    std::vector<std::uint8_t> point;
    if (native) point.push_back(native_point_prefix);
    append(point, key.point);
    append_mpi(out, point);
    if (ecdh) append(out, ecdh_kdf_params);
    return out;
}

std::array<std::uint8_t, fingerprint_size> v4_fingerprint(bytes_view body) {
    const std::uint8_t head[3] = {fingerprint_prefix, static_cast<std::uint8_t>(body.size() >> 8),
                                  static_cast<std::uint8_t>(body.size())};
    auto h = crypto::make_hash(crypto::hash_alg::sha1);
    h->update(head);
    h->update(body);
    std::array<std::uint8_t, fingerprint_size> out{};
    h->finish(out.data());
    return out;
}

} // namespace p11::openpgp
