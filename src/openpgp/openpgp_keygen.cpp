// Key generation on the card: C_GenerateKeyPair with PW3 verified (the SO)
// sends GENERATE ASYMMETRIC KEY PAIR with P1 80 into the slot named by
// CKA_ID, of the algorithm the slot's attributes (C1..C3) say; the public
// key the card answers with becomes the slot's objects.  The framework then
// stores the pair through create(), which hands back those objects: the
// card is the only place a card key can live.
#include <algorithm>
#include <ctime>

#include "crypto/ec.hpp"
#include "crypto/ecx.hpp"
#include "openpgp/openpgp_fingerprint.hpp"
#include "openpgp/openpgp_objects.hpp"
#include "openpgp/openpgp_ops.hpp"
#include "openpgp/openpgp_token.hpp"
#include "p11/constants/object_class.hpp"

namespace p11::openpgp {

namespace {

using A = attribute_type;

std::optional<std::uint8_t> requested_id(const provider::attribute_set& pub, const provider::attribute_set& priv) {
    for (const auto* a : {&priv, &pub})
        if (auto id = a->get(A::id); id && id->size() == 1) return (*id)[0];
    return std::nullopt;
}

// Whether the mechanism and the public key template ask for what the slot
// makes (changing the algorithm attributes is not done here).
bool matches(const provider::mechanism_view& m, const algorithm_attributes& alg, const provider::attribute_set& pub) {
    if (!alg.supported) return false;
    switch (m.type) {
    case mechanism_type::rsa_pkcs_key_pair_gen: {
        const auto bits = pub.ulong(A::modulus_bits);
        return alg.id == algorithm_id::rsa && (!bits || *bits == alg.rsa_bits);
    }
    case mechanism_type::ec_key_pair_gen: {
        const auto params = pub.get(A::ec_params);
        return alg.ec_curve == curve::p256 && params && crypto::curve_from_params(*params) == crypto::curve::p256;
    }
    case mechanism_type::ec_edwards_key_pair_gen:
    case mechanism_type::ec_montgomery_key_pair_gen: {
        const auto params = pub.get(A::ec_params);
        if (!params) return false;
        const bool edwards = m.type == mechanism_type::ec_edwards_key_pair_gen;
        const auto wanted = edwards ? crypto::ecx_curve::ed25519 : crypto::ecx_curve::x25519;
        return alg.ec_curve == (edwards ? curve::ed25519 : curve::x25519) &&
               crypto::ecx_curve_from_params(*params) == wanted;
    }
    default: return false;
    }
}

// The key's creation time as OpenPGP has it: seconds since 1970, 32 bits.
std::uint32_t generation_time() { return static_cast<std::uint32_t>(std::time(nullptr)); }

// What GnuPG needs to use a key the card made (3.4, 7.2.14: "the
// fingerprint ... and the generation date ... should be written by the
// terminal"): C7..C9 the v4 fingerprint of the key with that creation time,
// CE..D0 the time.
card::outcome<void> write_fingerprint(openpgp_card& c, const key_slot& slot, const algorithm_attributes& alg,
                                      const public_key& key, std::uint32_t created) {
    const auto fpr = v4_fingerprint(public_key_packet_body(slot.use, alg, key, created));
    auto r = c.put_data(slot.fingerprint_tag, fpr);
    if (!r) return r;
    const std::uint8_t date[4] = {static_cast<std::uint8_t>(created >> 24), static_cast<std::uint8_t>(created >> 16),
                                  static_cast<std::uint8_t>(created >> 8), static_cast<std::uint8_t>(created)};
    return c.put_data(slot.date_tag, date);
}

} // namespace

result<provider::key_pair_attributes> openpgp_token::generate_key_pair(const provider::mechanism_view& m,
                                                                        provider::attribute_set pub,
                                                                        provider::attribute_set priv) {
    std::lock_guard lock(mutex_);
    const auto id = requested_id(pub, priv);
    if (!id) return rv::template_incomplete;  // which of the three slots
    const auto slot = std::find_if(key_slots.begin(), key_slots.end(), [&](const key_slot& s) { return s.id == *id; });
    if (slot == key_slots.end()) return rv::attribute_value_invalid;
    const auto index = static_cast<std::size_t>(slot - key_slots.begin());
    if (!matches(m, app_.algorithms[index], pub)) return rv::template_inconsistent;

    // 69 82: PW3 is not verified (log in as the SO first).  The fingerprint
    // and generation date go in with the key, in the same transaction.
    const auto& alg = app_.algorithms[index];
    bool generated = false;
    std::optional<public_key> key;
    auto done = link_->run([&](openpgp_card& c) -> card::outcome<void> {
        auto raw = c.public_key_of(slot->crt, true);
        if (!raw) return raw.err();
        generated = true;
        auto parsed = parse_public_key(*raw, alg);
        if (!parsed) return parsed.err();
        key = std::move(*parsed);
        return write_fingerprint(c, *slot, alg, *key, generation_time());
    });
    if (!done) {
        if (!generated) return operation_rv(done.err());
        // The slot has a new key all the same: the next search reads it again.
        key_read_[index] = false;
        objects_.erase_if([&](const provider::token_object& o) {
            return o.key == object_key(object_kind::public_key, slot->id) ||
                   o.key == object_key(object_kind::private_key, slot->id);
        });
        return key ? card::to_rv(done.err()) : rv::device_error;
    }
    auto objects = key_objects(*slot, alg, *key, app_.pw.pw1_one_signature, true);
    if (objects.size() != 2) return rv::device_error;

    provider::key_pair_attributes pair;
    for (auto& o : objects) {
        auto attrs = o.snapshot->attributes();
        attrs.set_bool(A::local, true);
        attrs.set_ulong(A::key_gen_mechanism, static_cast<ck_ulong>(m.type));
        (o.snapshot->cls() == object_class::public_key ? pair.public_key : pair.private_key) = attrs;
        objects_.put({o.key, std::make_shared<provider::object>(std::move(attrs))});
    }
    app_.key_present[index] = true;
    key_read_[index] = true;
    return pair;
}

result<provider::token_object> openpgp_token::create(provider::attribute_set attributes) {
    // A certificate goes to its slot's 7F21 (openpgp_certificates.cpp); of
    // keys only the halves of a pair just generated on the card
    // (C_GenerateKeyPair with CKA_TOKEN true stores them here): a key from
    // outside is not imported through PKCS #11.
    std::lock_guard lock(mutex_);
    const auto cls = attributes.ulong(A::cls);
    if (cls == static_cast<ck_ulong>(object_class::certificate)) return write_certificate(attributes);
    const auto id = attributes.get(A::id);
    if (!cls || !id || id->size() != 1 || !attributes.flag(A::local)) return rv::token_write_protected;
    const auto kind = *cls == static_cast<ck_ulong>(object_class::public_key)    ? object_kind::public_key
                      : *cls == static_cast<ck_ulong>(object_class::private_key) ? object_kind::private_key
                                                                                  : object_kind::data;
    if (kind == object_kind::data) return rv::token_write_protected;
    const auto key = object_key(kind, (*id)[0]);
    auto stored = objects_.find(key);
    if (!stored || !stored->flag(A::local)) return rv::token_write_protected;
    return provider::token_object{key, stored};
}

} // namespace p11::openpgp
