// The second way to find a certificate's key: by the public key itself, for
// tokens whose objects do not share a CKA_ID (written by different tools, or
// an ID lost on import).  RSA keys are compared by modulus, which private
// keys expose too; EC keys by point (public keys) or CKA_PUBLIC_KEY_INFO.
#pragma once

#include <algorithm>
#include <optional>
#include <vector>

#include "common/der.hpp"
#include "p11/client/session.hpp"

namespace example::key_match {

using bytes = std::vector<std::uint8_t>;

inline bytes without_leading_zeros(der::bytes_view v) {
    auto first = std::find_if(v.begin(), v.end(), [](std::uint8_t b) { return b != 0; });
    return bytes(first, v.end());
}

struct public_key {
    std::optional<bytes> rsa_modulus;  // without leading zeros
    std::optional<bytes> ec_point;     // the uncompressed point, as in the BIT STRING
};

// SubjectPublicKeyInfo ::= SEQUENCE { AlgorithmIdentifier, BIT STRING }
inline public_key parse(der::bytes_view spki) {
    public_key out;
    auto outer = der::next(spki);
    if (!outer || outer->tag != 0x30) return out;
    auto body = outer->value;
    auto alg = der::next(body), key = der::next(body);
    if (!alg || !key || key->tag != 0x03 || key->value.empty()) return out;
    auto alg_body = alg->value;
    auto oid = der::next(alg_body);
    if (!oid) return out;
    static const std::uint8_t rsa[] = {0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x01};
    static const std::uint8_t ec[] = {0x2a, 0x86, 0x48, 0xce, 0x3d, 0x02, 0x01};
    const auto bits = key->value.subspan(1);  // after the unused-bits byte
    if (std::equal(oid->value.begin(), oid->value.end(), std::begin(rsa), std::end(rsa))) {
        auto seq_in = bits;
        auto seq = der::next(seq_in);
        if (!seq || seq->tag != 0x30) return out;
        auto ints = seq->value;
        auto n = der::next(ints);
        if (n && n->tag == 0x02) out.rsa_modulus = without_leading_zeros(n->value);
    } else if (std::equal(oid->value.begin(), oid->value.end(), std::begin(ec), std::end(ec))) {
        out.ec_point = bytes(bits.begin(), bits.end());
    }
    return out;
}

// CKA_EC_POINT is a DER OCTET STRING around the point (some modules give it bare).
inline bytes unwrapped_point(const bytes& attribute) {
    der::bytes_view in{attribute};
    auto t = der::next(in);
    if (t && t->tag == 0x04 && in.empty()) return bytes(t->value.begin(), t->value.end());
    return attribute;
}

inline bool same_key(const p11::client::session& s, p11::client::object_handle h, const public_key& want,
                     der::bytes_view spki) {
    using namespace p11;
    if (want.rsa_modulus) {
        auto n = s.get(h, attr::modulus);
        return n && without_leading_zeros(*n) == *want.rsa_modulus;
    }
    if (!want.ec_point) return false;
    if (auto point = s.get(h, attr::ec_point)) return unwrapped_point(*point) == *want.ec_point;
    auto info = s.get(h, attr::public_key_info);
    return info && std::equal(info->begin(), info->end(), spki.begin(), spki.end());
}

inline std::optional<p11::client::object_handle> find(const p11::client::session& s, p11::object_class c,
                                                      der::bytes_view spki) {
    const auto want = parse(spki);
    if (!want.rsa_modulus && !want.ec_point) return std::nullopt;
    auto candidates = s.find({p11::attr::cls = c});
    if (!candidates) return std::nullopt;
    for (auto h : *candidates)
        if (same_key(s, h, want, spki)) return h;
    return std::nullopt;
}

} // namespace example::key_match
