#include "openpgp/openpgp_objects.hpp"

#include <string>

#include "cards/card_objects.hpp"
#include "crypto/capabilities.hpp"
#include "crypto/ec.hpp"
#include "crypto/ecx.hpp"
#include "crypto/rsa.hpp"
#include "crypto/x509.hpp"
#include "p11/constants/key_type.hpp"
#include "p11/constants/object_class.hpp"

namespace p11::openpgp {

namespace {

using provider::attribute_set;
using A = attribute_type;

constexpr const char* application_name = "OpenPGP card";

void set_bytes(attribute_set& a, A t, const std::vector<std::uint8_t>& v) { a.set(t, bytes_view{v.data(), v.size()}); }
void set_text(attribute_set& a, A t, const std::string& s) {
    a.set(t, bytes_view{reinterpret_cast<const std::uint8_t*>(s.data()), s.size()});
}

attribute_set common(object_class cls, std::uint8_t id, const std::string& label) {
    attribute_set a;
    a.set_ulong(A::cls, static_cast<ck_ulong>(cls));
    a.set_bool(A::token, true);
    a.set_bool(A::modifiable, false);
    a.set_bool(A::copyable, false);
    a.set_bool(A::destroyable, false);
    set_text(a, A::label, label);
    a.set(A::id, bytes_view{&id, 1});
    return a;
}

// The kind of key a slot's algorithm attributes make, if the token serves it.
std::optional<key_kind> kind_of(const key_slot& slot, const algorithm_attributes& alg) {
    if (!alg.supported) return std::nullopt;
    if (alg.id == algorithm_id::rsa) return key_kind::rsa;
    switch (*alg.ec_curve) {
    case curve::p256: return slot.use == role::decrypt ? key_kind::ecdh_p256 : key_kind::ecdsa_p256;
    case curve::ed25519: return slot.use == role::decrypt ? std::nullopt : std::optional{key_kind::ed25519};
    case curve::x25519: return slot.use == role::decrypt ? std::optional{key_kind::x25519} : std::nullopt;
    }
    return std::nullopt;
}

ck_ulong key_type_of(key_kind k) {
    switch (k) {
    case key_kind::rsa: return static_cast<ck_ulong>(key_type::rsa);
    case key_kind::ed25519: return static_cast<ck_ulong>(key_type::ec_edwards);
    case key_kind::x25519: return static_cast<ck_ulong>(key_type::ec_montgomery);
    default: return static_cast<ck_ulong>(key_type::ec);
    }
}

} // namespace

std::vector<provider::token_object> key_objects(const key_slot& slot, const algorithm_attributes& alg,
                                                const public_key& key, bool pin_always, bool generated) {
    const auto kind = kind_of(slot, alg);
    if (!kind) return {};
    // The public key in the host's crypto layer: proves it is a key, and gives CKA_PUBLIC_KEY_INFO.
    std::vector<std::uint8_t> spki, params;
    if (*kind == key_kind::rsa) {
        auto k = crypto::load_rsa_public(crypto::rsa_public_components{key.modulus, key.exponent});
        if (!k) return {};
        spki = k->subject_public_key_info();
    } else if (*kind == key_kind::ecdsa_p256 || *kind == key_kind::ecdh_p256) {
        auto k = crypto::load_ec_public(crypto::curve::p256, key.point);
        if (!k) return {};
        spki = k->subject_public_key_info();
        params = crypto::curve_params(crypto::curve::p256);
    } else {
        const auto c = *kind == key_kind::ed25519 ? crypto::ecx_curve::ed25519 : crypto::ecx_curve::x25519;
        params = crypto::ecx_curve_params(c);
        // A backend without the curve (mbedTLS has no Ed25519) cannot check
        // the point or encode CKA_PUBLIC_KEY_INFO, but the card still signs
        // with the key: the objects come without that attribute's value.
        if (crypto::backend_capabilities().ecx[static_cast<std::size_t>(c)]) {
            auto k = crypto::load_ecx_public(c, key.point);
            if (!k) return {};
            spki = k->subject_public_key_info();
        }
    }

    attribute_set pub = common(object_class::public_key, slot.id, std::string(slot.name) + " pubkey");
    attribute_set priv = common(object_class::private_key, slot.id, slot.name);
    pub.set_bool(A::private_, false);
    priv.set_bool(A::private_, true);
    for (auto* a : {&pub, &priv}) {
        a->set_ulong(A::key_type, key_type_of(*kind));
        a->set(A::subject, {});
        a->set(A::start_date, {});
        a->set(A::end_date, {});
        a->set_bool(A::local, generated);  // key information DE: generated (01) or imported (02)
        a->set_ulong(A::key_gen_mechanism, ~ck_ulong{0});  // CK_UNAVAILABLE_INFORMATION
        set_bytes(*a, A::public_key_info, spki);
        if (*kind == key_kind::rsa) {
            set_bytes(*a, A::modulus, key.modulus);
            set_bytes(*a, A::public_exponent, key.exponent);
            a->set_ulong(A::modulus_bits, key.modulus.size() * 8);
        } else {
            set_bytes(*a, A::ec_params, params);
        }
    }
    if (*kind != key_kind::rsa) set_bytes(pub, A::ec_point, crypto::wrap_octet_string(key.point));

    // Usages by role: the signature and authentication keys sign, the
    // decryption key decrypts (RSA) or derives (ECDH).
    const bool signs = slot.use != role::decrypt;
    const bool decrypts = slot.use == role::decrypt && *kind == key_kind::rsa;
    const bool derives = slot.use == role::decrypt && !decrypts;
    cards::set_key_usage(pub, priv, {signs, decrypts, derives, pin_always && slot.use == role::sign});

    std::vector<provider::token_object> out;
    out.push_back({object_key(object_kind::public_key, slot.id), std::make_shared<provider::object>(std::move(pub))});
    out.push_back({object_key(object_kind::private_key, slot.id), std::make_shared<provider::object>(std::move(priv))});
    return out;
}

std::optional<provider::token_object> certificate_object(const key_slot& slot, bytes_view der) {
    auto cert = crypto::parse_certificate(der);
    if (!cert) return std::nullopt;
    attribute_set c = common(object_class::certificate, slot.id, "Cardholder certificate");
    c.set_bool(A::destroyable, true);  // PUT DATA 7F21 empty, with PW3
    cards::set_certificate_attributes(c, *cert, der);
    return provider::token_object{object_key(object_kind::certificate, slot.id),
                                  std::make_shared<provider::object>(std::move(c))};
}

provider::token_object data_object(std::uint8_t which, const char* label, bytes_view value) {
    attribute_set d;
    d.set_ulong(A::cls, static_cast<ck_ulong>(object_class::data));
    d.set_bool(A::token, true);
    d.set_bool(A::private_, false);
    d.set_bool(A::modifiable, false);
    d.set_bool(A::copyable, false);
    d.set_bool(A::destroyable, false);
    set_text(d, A::label, label);
    set_text(d, A::application, application_name);
    d.set(A::object_id, {});
    d.set(A::value, value);
    return {object_key(object_kind::data, which), std::make_shared<provider::object>(std::move(d))};
}

std::optional<key_facts> facts_of(const provider::object& key) {
    if (key.cls() != object_class::private_key) return std::nullopt;
    const auto id = key.attributes().get(A::id);
    if (!id || id->size() != 1) return std::nullopt;
    key_facts f;
    for (const auto& s : key_slots)
        if (s.id == (*id)[0]) f.slot = &s;
    if (f.slot == nullptr) return std::nullopt;
    f.pin_always = key.attributes().flag(A::always_authenticate);
    const auto kt = key.key_type();
    if (kt == static_cast<ck_ulong>(key_type::rsa)) {
        const auto bits = key.attributes().ulong(A::modulus_bits);
        if (!bits) return std::nullopt;
        f.kind = key_kind::rsa;
        f.size_bytes = *bits / 8;
    } else if (kt == static_cast<ck_ulong>(key_type::ec)) {
        f.kind = f.slot->use == role::decrypt ? key_kind::ecdh_p256 : key_kind::ecdsa_p256;
        f.size_bytes = 32;
    } else if (kt == static_cast<ck_ulong>(key_type::ec_edwards)) {
        f.kind = key_kind::ed25519;
        f.size_bytes = 32;
    } else if (kt == static_cast<ck_ulong>(key_type::ec_montgomery)) {
        f.kind = key_kind::x25519;
        f.size_bytes = 32;
    } else {
        return std::nullopt;
    }
    return f;
}

} // namespace p11::openpgp
