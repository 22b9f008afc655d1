#include "piv/piv_objects.hpp"

#include <string>

#include "cards/card_objects.hpp"
#include "crypto/ec.hpp"
#include "crypto/x509.hpp"
#include "p11/constants/key_type.hpp"
#include "p11/constants/object_class.hpp"

namespace p11::piv {

namespace {

using provider::attribute_set;
using A = attribute_type;

void set_bytes(attribute_set& a, A t, const std::vector<std::uint8_t>& v) { a.set(t, bytes_view{v.data(), v.size()}); }
void set_text(attribute_set& a, A t, const std::string& s) {
    a.set(t, bytes_view{reinterpret_cast<const std::uint8_t*>(s.data()), s.size()});
}

// What every object of the card shares.
attribute_set common(object_class cls, const key_slot& slot, const std::string& label) {
    attribute_set a;
    a.set_ulong(A::cls, static_cast<ck_ulong>(cls));
    a.set_bool(A::token, true);
    a.set_bool(A::modifiable, false);
    a.set_bool(A::copyable, false);
    // A certificate can be deleted (its container emptied); a card key cannot.
    a.set_bool(A::destroyable, cls == object_class::certificate);
    set_text(a, A::label, label);
    const std::uint8_t id = slot.id;
    a.set(A::id, bytes_view{&id, 1});
    return a;
}

void key_common(attribute_set& a, ck_ulong key_type, bytes_view subject, bytes_view spki) {
    a.set_ulong(A::key_type, key_type);
    a.set(A::subject, subject);
    a.set(A::start_date, {});
    a.set(A::end_date, {});
    a.set_bool(A::local, false);
    a.set_ulong(A::key_gen_mechanism, ~ck_ulong{0});  // CK_UNAVAILABLE_INFORMATION
    a.set(A::public_key_info, spki);
}

std::optional<algorithm> rsa_algorithm(std::size_t bits) {
    switch (bits) {
    case 1024: return algorithm::rsa1024;
    case 2048: return algorithm::rsa2048;
    case 3072: return algorithm::rsa3072;
    case 4096: return algorithm::rsa4096;
    default: return std::nullopt;
    }
}

} // namespace

std::vector<provider::token_object> key_objects_for(const key_slot& slot, bytes_view spki, bytes_view subject) {
    auto key = crypto::parse_public_key_info(spki);
    if (!key) return {};
    const bool rsa = key->rsa != nullptr;
    if (rsa && !rsa_algorithm(key->rsa->modulus_bits())) return {};
    if (!rsa && (!key->ec || key->ec->curve_id() == crypto::curve::p521)) return {};
    const bool key_management = slot.reference == 0x9D || (slot.reference >= 0x82 && slot.reference <= 0x95);
    const bool signing = !key_management;

    attribute_set pub = common(object_class::public_key, slot, std::string(slot.name) + " pubkey");
    attribute_set priv = common(object_class::private_key, slot, std::string(slot.name) + " key");
    pub.set_bool(A::private_, false);
    priv.set_bool(A::private_, slot.needs_pin);
    const ck_ulong kt = static_cast<ck_ulong>(rsa ? key_type::rsa : key_type::ec);
    key_common(pub, kt, subject, spki);
    key_common(priv, kt, subject, spki);
    if (rsa) {
        const auto parts = key->rsa->components();
        for (auto* a : {&pub, &priv}) {
            set_bytes(*a, A::modulus, parts.modulus);
            set_bytes(*a, A::public_exponent, parts.public_exponent);
            a->set_ulong(A::modulus_bits, key->rsa->modulus_bits());
        }
    } else {
        const auto params = crypto::curve_params(key->ec->curve_id());
        set_bytes(pub, A::ec_params, params);
        set_bytes(priv, A::ec_params, params);
        set_bytes(pub, A::ec_point, crypto::wrap_octet_string(key->ec->point()));
    }

    const bool decrypts = rsa && key_management;
    const bool derives = !rsa && key_management;
    cards::set_key_usage(pub, priv, {signing, decrypts, derives, slot.pin_always});

    std::vector<provider::token_object> out;
    out.push_back({object_key(object_kind::public_key, slot.reference), std::make_shared<provider::object>(std::move(pub))});
    out.push_back({object_key(object_kind::private_key, slot.reference), std::make_shared<provider::object>(std::move(priv))});
    return out;
}

std::vector<provider::token_object> objects_for(const key_slot& slot, bytes_view der) {
    auto cert = crypto::parse_certificate(der);
    if (!cert) return {};
    auto keys = key_objects_for(slot, cert->subject_public_key_info, cert->subject);
    if (keys.empty()) return {};

    attribute_set c = common(object_class::certificate, slot, std::string(slot.name) + " cert");
    cards::set_certificate_attributes(c, *cert, der);

    std::vector<provider::token_object> out;
    out.push_back({object_key(object_kind::certificate, slot.reference), std::make_shared<provider::object>(std::move(c))});
    for (auto& k : keys) out.push_back(std::move(k));
    return out;
}

std::optional<key_facts> facts_of(const provider::object& key) {
    if (key.cls() != object_class::private_key) return std::nullopt;
    const auto id = key.attributes().get(A::id);
    if (!id || id->size() != 1) return std::nullopt;
    key_facts f;
    for (const auto& s : all_slots)
        if (s.id == (*id)[0]) f.slot = &s;
    if (f.slot == nullptr) return std::nullopt;
    if (key.key_type() == static_cast<ck_ulong>(key_type::rsa)) {
        const auto bits = key.attributes().ulong(A::modulus_bits);
        auto alg = bits ? rsa_algorithm(*bits) : std::nullopt;
        if (!alg) return std::nullopt;
        f.rsa = true;
        f.alg = *alg;
        f.size_bytes = *bits / 8;
        return f;
    }
    const auto params = key.attributes().get(A::ec_params);
    const auto c = params ? crypto::curve_from_params(*params) : std::nullopt;
    if (!c || *c == crypto::curve::p521) return std::nullopt;
    f.alg = *c == crypto::curve::p256 ? algorithm::p256 : algorithm::p384;
    f.size_bytes = crypto::field_bytes(*c);
    return f;
}

} // namespace p11::piv
