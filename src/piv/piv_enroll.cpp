#include "piv/piv_enroll.hpp"

#include <algorithm>

#include "crypto/ec.hpp"
#include "crypto/rsa.hpp"
#include "p11/card/tlv.hpp"
#include "p11/constants/object_class.hpp"

namespace p11::piv {

namespace {

using A = attribute_type;

constexpr std::size_t card_rsa_bits = 2048;
constexpr std::uint8_t card_exponent[] = {0x01, 0x00, 0x01};

// A big-endian number without its leading zero bytes.
bytes_view trimmed(bytes_view v) {
    while (!v.empty() && v.front() == 0) v = v.subspan(1);
    return v;
}

} // namespace

result<const key_slot*> slot_of(const provider::attribute_set& attributes) {
    const auto id = attributes.get(A::id);
    if (!id || id->empty()) return rv::template_incomplete;  // the framework defaults CKA_ID to empty
    if (id->size() == 1)
        for (const auto& s : all_slots)
            if (s.id == (*id)[0]) return &s;
    return rv::attribute_value_invalid;
}

result<generation> generation_of(const provider::mechanism_view& m, const provider::attribute_set& pub,
                                 const provider::attribute_set& priv) {
    if (!pub.flag(A::token) || !priv.flag(A::token)) return rv::template_inconsistent;
    // pkcs11-tool and most clients put CKA_ID into both templates; one is enough.
    const bool pub_id = pub.has(A::id), priv_id = priv.has(A::id);
    if (pub_id && priv_id && !std::ranges::equal(*pub.get(A::id), *priv.get(A::id))) return rv::template_inconsistent;
    auto slot = slot_of(priv_id || !pub_id ? priv : pub);
    if (!slot) return slot.error_value();
    generation g{*slot, {}};
    if (m.type == mechanism_type::rsa_pkcs_key_pair_gen) {
        const auto bits = pub.ulong(A::modulus_bits);
        if (!bits) return rv::template_incomplete;
        if (*bits != card_rsa_bits) return rv::key_size_range;
        if (auto e = pub.get(A::public_exponent); e && !std::ranges::equal(trimmed(*e), bytes_view{card_exponent}))
            return rv::template_inconsistent;
        g.alg = algorithm::rsa2048;
        return g;
    }
    if (m.type == mechanism_type::ec_key_pair_gen) {
        const auto params = pub.get(A::ec_params);
        if (!params) return rv::template_incomplete;
        const auto c = crypto::curve_from_params(*params);
        if (c == crypto::curve::p256) g.alg = algorithm::p256;
        else if (c == crypto::curve::p384) g.alg = algorithm::p384;
        else return rv::curve_not_supported;
        return g;
    }
    return rv::mechanism_invalid;
}

std::optional<std::vector<std::uint8_t>> public_key_info_of(algorithm alg, bytes_view template_7f49) {
    if (alg == algorithm::p256 || alg == algorithm::p384) {
        auto point = card::find_tlv(template_7f49, 0x86);
        if (!point) return std::nullopt;
        auto key = crypto::load_ec_public(alg == algorithm::p256 ? crypto::curve::p256 : crypto::curve::p384, *point);
        if (!key) return std::nullopt;
        return key->subject_public_key_info();
    }
    auto modulus = card::find_tlv(template_7f49, 0x81);
    auto exponent = card::find_tlv(template_7f49, 0x82);
    if (!modulus || !exponent) return std::nullopt;
    crypto::rsa_public_components parts;
    parts.modulus.assign(modulus->begin(), modulus->end());
    parts.public_exponent.assign(exponent->begin(), exponent->end());
    auto key = crypto::load_rsa_public(parts);
    if (!key || key->modulus_bits() != card_rsa_bits) return std::nullopt;
    return key->subject_public_key_info();
}

std::vector<std::uint8_t> certificate_container(bytes_view der) {
    card::bytes out;
    card::append_tlv(out, 0x70, der);
    const std::uint8_t uncompressed = 0x00;
    card::append_tlv(out, 0x71, bytes_view{&uncompressed, 1});
    card::append_tlv(out, 0xFE, {});
    return out;
}

std::vector<std::uint8_t> key_history(std::size_t on_card) {
    card::bytes out;
    const auto n = static_cast<std::uint8_t>(on_card);
    const std::uint8_t none = 0;
    card::append_tlv(out, 0xC1, bytes_view{&n, 1});
    card::append_tlv(out, 0xC2, bytes_view{&none, 1});
    card::append_tlv(out, 0xFE, {});
    return out;
}

} // namespace p11::piv
