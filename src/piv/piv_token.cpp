#include "piv/piv_token.hpp"

#include <algorithm>
#include <array>
#include <cstdio>
#include <string_view>

#include "p11/constants/certificate_type.hpp"
#include "p11/constants/ec_kdf.hpp"
#include "p11/constants/object_class.hpp"
#include "cards/card_secrets.hpp"
#include "p11/card/tlv.hpp"
#include "piv/piv_enroll.hpp"
#include "piv/piv_management.hpp"
#include "piv/piv_objects.hpp"
#include "piv/piv_ops.hpp"
#include "piv/piv_snapshot.hpp"
#include "mech/key_material.hpp"
#include "mech/mechanism_lists.hpp"

namespace p11::piv {

namespace {

using enum mechanism_flags;
using M = mechanism_type;
using E = provider::mechanism_entry;
using mech::ec_caps;
using mech::rsa_max_bits;
using mech::rsa_min_bits;
constexpr ck_ulong ec_min = 256, ec_max = 384, aes_min = 16, aes_max = 32, card_rsa_bits = 2048;

// Private-key halves on the card, public-key halves on the host; and AES
// session keys on the host, as card middleware offers them, so that a key
// unwrapped with the card's 9D key can be used (the seed's wrap/unwrap).
constexpr auto entries = mech::concat(
    std::array{
        E{M::rsa_pkcs, rsa_min_bits, rsa_max_bits, encrypt | decrypt | sign | verify | wrap | unwrap},
        E{M::rsa_x_509, rsa_min_bits, rsa_max_bits, encrypt | decrypt | sign | verify},
    },
    mech::rsa_oaep_and_signatures,
    std::array{
        E{M::sha_1, 0, 0, digest},
        E{M::sha256, 0, 0, digest},
        E{M::sha224, 0, 0, digest},
        E{M::sha384, 0, 0, digest},
        E{M::sha512, 0, 0, digest},
    },
    mech::ecdsa_signatures(ec_min, ec_max),
    std::array{
        // Key pairs generated on the card (enrollment, as the SO).
        E{M::rsa_pkcs_key_pair_gen, card_rsa_bits, card_rsa_bits, generate_key_pair},
        E{M::ec_key_pair_gen, ec_min, ec_max, generate_key_pair | ec_caps},
        E{M::ecdh1_derive, ec_min, ec_max, derive | ec_caps},
        E{M::aes_key_gen, aes_min, aes_max, generate},
        E{M::aes_ecb, aes_min, aes_max, encrypt | decrypt},
        E{M::aes_cbc, aes_min, aes_max, encrypt | decrypt},
        E{M::aes_cbc_pad, aes_min, aes_max, encrypt | decrypt},
        E{M::aes_gcm, aes_min, aes_max, encrypt | decrypt},
    });
static_assert(mech::within_capabilities(entries), "the PIV token offers an operation its CKM_ row does not allow");

// The token's serial: the CHUID's GUID (tag 34), else its FASC-N (tag 30),
// in hex; the field holds 16 characters.
std::string serial_from_chuid(bytes_view chuid) {
    auto guid = card::find_tlv(chuid, 0x34);
    if (guid && !guid->empty() && std::any_of(guid->begin(), guid->end(), [](auto b) { return b != 0; }))
        return to_hex(*guid).substr(0, 16);
    if (auto fascn = card::find_tlv(chuid, 0x30); fascn && !fascn->empty()) return to_hex(*fascn).substr(0, 16);
    return "0";
}

result<key_facts> card_key(const provider::object& key) {
    auto f = facts_of(key);
    if (!f) return rv::key_type_inconsistent;
    return *f;
}

} // namespace

card::outcome<std::shared_ptr<cards::card_token>> recognise(std::unique_ptr<card::channel> ch) {
    auto link = std::make_shared<card_link>(std::make_unique<piv_card>(std::move(ch)));
    auto app = link->run([](piv_card& c) { return c.select(); });
    if (!app) {
        if (app.err().code == card::errc::not_found || app.err().code == card::errc::not_supported ||
            app.err().code == card::errc::malformed || app.err().code == card::errc::card_status)
            return std::shared_ptr<cards::card_token>{};
        return app.err();
    }
    return std::shared_ptr<cards::card_token>(std::make_shared<piv_token>(std::move(link), std::move(*app)));
}

piv_token::piv_token(std::shared_ptr<card_link> link, application_info app)
    : link_(std::move(link)), app_(std::move(app)), source_(link_) {}

void piv_token::read_identity() {
    if (identity_read_ || link_->dead()) return;
    const auto& chuid = source_.chuid();
    serial_ = chuid ? serial_from_chuid(*chuid) : "0";
    // The PIN counter, so that a locked card shows as locked before anyone tries.
    auto tries = link_->run([](piv_card& c) { return c.pin_status(); });
    if (tries) {
        link_->pin_tries = *tries;
        if (*tries > link_->max_tries) link_->max_tries = *tries;
    }
    identity_read_ = !link_->dead();
}

provider::token_description piv_token::describe() {
    std::lock_guard lock(mutex_);
    read_identity();
    provider::token_description d;
    d.label = app_.label.empty() ? "PIV card" : app_.label;
    d.manufacturer = "p11forge";
    d.model = "PIV II";
    d.serial = serial_;
    d.flags = token_flags::rng | token_flags::login_required | token_flags::user_pin_initialized |
              token_flags::token_initialized;
    const int tries = link_->pin_tries;
    if (tries == 0) d.flags |= token_flags::user_pin_locked;
    else if (tries == 1) d.flags |= token_flags::user_pin_final_try | token_flags::user_pin_count_low;
    else if (tries > 0 && tries < link_->max_tries) d.flags |= token_flags::user_pin_count_low;
    d.min_pin_length = 4;
    d.max_pin_length = pin_block;
    d.total_public_memory = d.free_public_memory = d.total_private_memory = d.free_private_memory = ~ck_ulong{0};
    return d;
}

std::span<const provider::mechanism_entry> piv_token::mechanisms() { return entries; }

result<void> piv_token::login(user_type who, bytes_view pin) {
    if (who == user_type::so) {
        // ykcs11 answers a malformed key with CKR_ARGUMENTS_BAD; C_Login's
        // codes in the specification make it an incorrect PIN.
        auto key = management_key_from_hex(pin);
        if (!key) return rv::pin_incorrect;
        auto r = link_->run([&](piv_card& c) { return authenticate_management(c, *key); });
        if (!r) {
            // A key of a length the card's algorithm does not take is a wrong key too.
            if (r.err().code == card::errc::not_supported) return rv::pin_incorrect;
            return card::to_rv(r.err());
        }
        std::lock_guard lock(mutex_);
        so_ = true;
        return {};
    }
    if (who != user_type::user) return rv::user_type_invalid;
    if (!padded_pin(pin)) return rv::pin_incorrect;
    auto r = link_->run([&](piv_card& c) { return c.verify(pin); });
    link_->note_pin(r);
    if (r) return {};
    return card::to_rv(r.err());
}

void piv_token::logout() {
    {
        std::lock_guard lock(mutex_);
        so_ = false;
        generated_.clear();
    }
    // PC/SC shares the card: without this, the PIN status would outlive
    // C_Logout until the card is reset, and any process could use 9A/9D.  A
    // card without VERIFY P1=FF (6A 86) keeps it; nothing more we can do
    // short of resetting the card under other processes' feet.  (The 9B
    // status has no such reset in SP 800-73-4; it ends with the card session.)
    auto r = link_->run([](piv_card& c) { return c.reset_pin_status(); });
    (void)r;
}

result<void> piv_token::set_pin(user_type who, bytes_view old_pin, bytes_view new_pin) {
    if (who == user_type::so) return set_management_key(old_pin, new_pin);
    // ykcs11's prefixes: "puk:" old value with a "pin:" new one unblocks the
    // PIN with the PUK, without "pin:" changes the PUK.
    const auto prefixed = [](bytes_view v, std::string_view prefix) {
        return v.size() >= prefix.size() && std::equal(prefix.begin(), prefix.end(), v.begin());
    };
    if (prefixed(old_pin, "puk:")) {
        const auto puk = old_pin.subspan(4);
        if (!padded_pin(puk)) return rv::pin_incorrect;
        if (prefixed(new_pin, "pin:")) return unblock_pin(puk, new_pin.subspan(4));
        if (new_pin.empty() || new_pin.size() > pin_block) return rv::pin_len_range;
        auto r = link_->run([&](piv_card& c) { return c.change_reference(puk_reference, puk, new_pin); });
        if (r) return {};
        if (r.err().code == card::errc::wrong_data) return rv::pin_invalid;
        return card::to_rv(r.err());
    }
    if (!padded_pin(old_pin)) return rv::pin_incorrect;
    if (new_pin.size() < 4 || new_pin.size() > pin_block) return rv::pin_len_range;
    // A blocked PIN can only be reset with the PUK: C_SetPIN(PUK, new PIN)
    // outside a login is how pkcs11-tool --unlock-pin asks for it (OpenSC's
    // module does the same for its PIV cards).
    auto tries = link_->run([](piv_card& c) { return c.pin_status(); });
    if (tries && *tries == 0) return unblock_pin(old_pin, new_pin);
    auto r = link_->run([&](piv_card& c) { return c.change_pin(old_pin, new_pin); });
    link_->note_pin(r);
    if (r) return {};
    if (r.err().code == card::errc::wrong_data) return rv::pin_invalid;  // the card's PIN format rules
    return card::to_rv(r.err());
}

result<void> piv_token::unblock_pin(bytes_view puk, bytes_view new_pin) {
    if (new_pin.size() < 4 || new_pin.size() > pin_block) return rv::pin_len_range;
    auto r = link_->run([&](piv_card& c) { return c.unblock_pin(puk, new_pin); });
    if (r) {
        link_->pin_tries = link_->max_tries.load();
        return {};
    }
    if (r.err().code == card::errc::wrong_data) return rv::pin_invalid;
    return card::to_rv(r.err());
}

result<void> piv_token::set_management_key(bytes_view old_hex, bytes_view new_hex) {
    // ykcs11's SO C_SetPIN: a new management key, both in hex.  The old one
    // is checked with the card, as C_SetPIN's old PIN must be right.
    auto old_key = management_key_from_hex(old_hex);
    if (!old_key) return rv::pin_incorrect;
    if (new_hex.size() != 32 && new_hex.size() != 48 && new_hex.size() != 64) return rv::pin_len_range;
    auto new_key = management_key_from_hex(new_hex);
    if (!new_key) return rv::pin_invalid;
    auto r = link_->run([&](piv_card& c) { return change_management_key(c, *old_key, *new_key); });
    if (r) return {};
    // SP 800-73-4 has no command for it: only YubiKey-compatible cards take SET MANAGEMENT KEY.
    if (r.err().code == card::errc::not_supported) return rv::function_not_supported;
    if (r.err().code == card::errc::wrong_data) return rv::pin_invalid;
    return card::to_rv(r.err());
}

void piv_token::card_objects_changed(const key_slot& slot) {
    const auto index = static_cast<std::size_t>(&slot - all_slots.data());
    slot_read_[index] = false;
    objects_.erase_if([&](const provider::token_object& o) { return o.key.size() == 2 && o.key[1] == slot.reference; });
    if (index >= standard_count) retired_.reset();
    source_.changed();
}

result<void> piv_token::update_key_history(std::size_t index, bool present) {
    const std::size_t before = retired_present();
    std::size_t after = before;
    if (present && index + 1 > before) after = index + 1;
    if (!present && index + 1 == before) after = index;
    if (after == before) return {};
    const auto content = key_history(after);
    auto r = link_->run([&](piv_card& c) { return c.put_data(tag_key_history, content); });
    if (!r) return card::to_rv(r.err());
    retired_ = after;
    return {};
}

result<provider::key_pair_attributes> piv_token::generate_key_pair(const provider::mechanism_view& m,
                                                                   provider::attribute_set pub,
                                                                   provider::attribute_set priv) {
    std::lock_guard lock(mutex_);
    if (!so_) return rv::user_not_logged_in;
    auto g = generation_of(m, pub, priv);
    if (!g) return g.error_value();
    const key_slot& slot = *g->slot;
    auto answer = link_->run([&](piv_card& c) { return c.generate(slot.reference, g->alg); });
    if (!answer) {
        if (answer.err().code == card::errc::security_not_satisfied) return rv::user_not_logged_in;  // 9B status lost
        if (answer.err().code == card::errc::not_supported || answer.err().code == card::errc::wrong_data)
            return rv::template_inconsistent;  // the card does not have this algorithm
        return card::to_rv(answer.err());
    }
    auto spki = public_key_info_of(g->alg, *answer);
    if (!spki) return rv::device_error;
    // The slot's old certificate is for a key that no longer exists: its
    // container is emptied, so that no process shows it with the new key.
    auto emptied = link_->run([&](piv_card& c) { return c.put_data(slot.cert_tag, {}); });
    if (!emptied) return card::to_rv(emptied.err());
    card_objects_changed(slot);
    const auto subject = priv.get(attribute_type::subject).value_or(pub.get(attribute_type::subject).value_or(bytes_view{}));
    auto made = key_objects_for(slot, *spki, subject);
    if (made.size() != 2) return rv::device_error;
    provider::key_pair_attributes out{made[0].snapshot->attributes(), made[1].snapshot->attributes()};
    // The caller's labels win over the slot's names.
    if (auto label = pub.get(attribute_type::label)) out.public_key.set(attribute_type::label, *label);
    if (auto label = priv.get(attribute_type::label)) out.private_key.set(attribute_type::label, *label);
    generated_ = std::move(made);
    return out;
}

result<provider::token_object> piv_token::create(provider::attribute_set attributes) {
    std::lock_guard lock(mutex_);
    const auto cls = attributes.ulong(attribute_type::cls);
    if (cls == static_cast<ck_ulong>(object_class::public_key) || cls == static_cast<ck_ulong>(object_class::private_key)) {
        // The halves of the pair generate_key_pair just made; a key from
        // outside cannot be put on a PIV card (no import in SP 800-73-4).
        const auto kind = cls == static_cast<ck_ulong>(object_class::public_key) ? object_kind::public_key
                                                                                 : object_kind::private_key;
        auto slot = slot_of(attributes);
        if (!slot) return slot.error_value();
        const auto key = object_key(kind, (*slot)->reference);
        auto it = std::ranges::find_if(generated_, [&](const auto& o) { return o.key == key; });
        if (it == generated_.end()) return rv::attribute_value_invalid;
        provider::token_object made{key, std::make_shared<provider::object>(std::move(attributes))};
        generated_.erase(it);
        objects_.put(made);
        return made;
    }
    if (cls != static_cast<ck_ulong>(object_class::certificate)) return rv::attribute_value_invalid;
    if (!so_) return rv::user_not_logged_in;
    return write_certificate(attributes);
}

result<provider::token_object> piv_token::write_certificate(const provider::attribute_set& attributes) {
    if (attributes.ulong(attribute_type::certificate_type) != static_cast<ck_ulong>(certificate_type::x_509))
        return rv::attribute_value_invalid;
    auto slot = slot_of(attributes);
    if (!slot) return slot.error_value();
    const auto der = attributes.get(attribute_type::value);
    if (!der) return rv::template_incomplete;
    auto made = objects_for(**slot, *der);
    if (made.empty()) return rv::attribute_value_invalid;  // not DER, or a key the card edge does not have
    const auto content = certificate_container(*der);
    auto r = link_->run([&](piv_card& c) { return c.put_data((*slot)->cert_tag, content); });
    if (!r) {
        if (r.err().code == card::errc::security_not_satisfied) return rv::user_not_logged_in;
        return card::to_rv(r.err());
    }
    const auto index = static_cast<std::size_t>(*slot - all_slots.data());
    if (index >= standard_count)
        if (auto h = update_key_history(index - standard_count, true); !h) return h.error_value();
    card_objects_changed(**slot);
    slot_read_[index] = true;
    for (const auto& o : made) objects_.put(o);
    return made.front();
}

result<void> piv_token::destroy(std::span<const std::uint8_t> key) {
    std::lock_guard lock(mutex_);
    if (key.size() != 2 || key[0] != static_cast<std::uint8_t>(object_kind::certificate)) return rv::action_prohibited;
    if (!so_) return rv::user_not_logged_in;
    const auto* slot = std::ranges::find_if(all_slots, [&](const key_slot& s) { return s.reference == key[1]; });
    if (slot == all_slots.end()) return rv::object_handle_invalid;
    auto r = link_->run([&](piv_card& c) { return c.put_data(slot->cert_tag, {}); });
    if (!r) {
        if (r.err().code == card::errc::security_not_satisfied) return rv::user_not_logged_in;
        return card::to_rv(r.err());
    }
    const auto index = static_cast<std::size_t>(slot - all_slots.data());
    if (index >= standard_count)
        if (auto h = update_key_history(index - standard_count, false); !h) return h.error_value();
    card_objects_changed(*slot);
    return {};
}

void piv_token::read_slot(std::size_t index) {
    if (slot_read_[index] || link_->dead()) return;
    const auto& slot = all_slots[index];
    auto cert = source_.get(slot.cert_tag);
    if (!cert && link_->dead()) return;
    slot_read_[index] = true;
    if (!cert) return;  // an empty slot (6A 82), or one we cannot read: no objects
    // 53 { 70 certificate, 71 certinfo, FE LRC }; a compressed certificate (71 01) we cannot use.
    auto der = card::find_tlv(*cert, 0x70);
    auto info = card::find_tlv(*cert, 0x71);
    if (!der || (info && !info->empty() && ((*info)[0] & 0x01))) return;
    for (auto& o : objects_for(slot, *der)) objects_.put(std::move(o));
}

std::size_t piv_token::retired_present() {
    if (retired_ || link_->dead()) return retired_.value_or(0);
    auto history = source_.get(tag_key_history);
    if (!history && link_->dead()) return 0;
    // C1 keysWithOnCardCerts: the retired keys whose certificates we can
    // read (C2, keys with off-card certificates only, give us no objects).
    // No key history object (6A 82) is a card without retired keys.
    retired_ = 0;
    if (history)
        if (auto c1 = card::find_tlv(*history, 0xC1); c1 && c1->size() == 1)
            retired_ = std::min<std::size_t>((*c1)[0], retired_count);
    return *retired_;
}

std::vector<provider::token_object> piv_token::find(const template_view& criteria, bool logged_in) {
    std::lock_guard lock(mutex_);
    // A search by CKA_ID (how applications find "the key for certificate 01")
    // needs one certificate, not all four.
    std::optional<std::uint8_t> wanted_id;
    for (const auto& a : criteria.attributes())
        if (static_cast<attribute_type>(a.type) == attribute_type::id && a.ulValueLen == 1 && a.pValue != nullptr)
            wanted_id = *static_cast<const std::uint8_t*>(a.pValue);
    for (std::size_t i = 0; i < all_slots.size(); ++i) {
        if (wanted_id && all_slots[i].id != *wanted_id) continue;
        if (i >= standard_count && i - standard_count >= retired_present()) continue;
        read_slot(i);
    }
    source_.save();
    return objects_.visible(logged_in);
}

provider::object_ptr piv_token::load(std::span<const std::uint8_t> key) {
    std::lock_guard lock(mutex_);
    if (link_->dead()) return nullptr;
    return objects_.find(key);
}

result<std::unique_ptr<provider::cipher_operation>> piv_token::begin_decrypt_on_card(const provider::mechanism_view& m,
                                                                                      const provider::object& key) {
    auto f = card_key(key);
    if (!f) return f.error_value();
    return begin_card_decrypt(m, *f, link_);
}

result<std::unique_ptr<provider::sign_operation>> piv_token::begin_sign(const provider::mechanism_view& m,
                                                                         const provider::object& key) {
    auto f = card_key(key);
    if (!f) return f.error_value();
    return begin_card_sign(m, *f, link_);
}

result<provider::attribute_set> piv_token::unwrap_key(const provider::mechanism_view& m,
                                                      const provider::object& unwrapping_key, bytes_view wrapped,
                                                      provider::attribute_set key) {
    if (key.ulong(attribute_type::cls) != static_cast<ck_ulong>(object_class::secret_key)) return rv::template_inconsistent;
    auto f = card_key(unwrapping_key);
    if (!f) return rv::unwrapping_key_type_inconsistent;
    auto op = begin_card_decrypt(m, *f, link_);
    if (!op) return op.error_value();
    return cards::unwrapped_secret(**op, wrapped, std::move(key));
}

result<provider::attribute_set> piv_token::derive_key(const provider::mechanism_view& m, const provider::object& base_key,
                                                      provider::attribute_set key) {
    auto data = cards::ecdh_peer_data(m);
    if (!data) return data.error_value();
    auto f = card_key(base_key);
    if (!f) return f.error_value();
    if (f->slot->pin_always) return rv::user_not_logged_in;
    // The peer point raw (04 X Y) or in a DER OCTET STRING; the card wants it raw.
    bytes_view peer = *data;
    if (peer.size() == 2 * f->size_bytes + 3 && peer[0] == 0x04 && peer[1] == 2 * f->size_bytes + 1) peer = peer.subspan(2);
    auto z = card_ecdh(*f, *link_, peer);
    if (!z) return z.error_value();
    return cards::derived_secret(*z, std::move(key));
}

} // namespace p11::piv
