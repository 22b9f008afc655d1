#include "piv/piv_token.hpp"

#include <algorithm>
#include <array>
#include <cstdio>

#include "cards/card_secrets.hpp"
#include "p11/card/tlv.hpp"
#include "piv/piv_objects.hpp"
#include "piv/piv_ops.hpp"
#include "mech/mechanism_lists.hpp"

namespace p11::piv {

namespace {

using enum mechanism_flags;
using M = mechanism_type;
using E = provider::mechanism_entry;
using mech::ec_caps;
using mech::rsa_max_bits;
using mech::rsa_min_bits;
constexpr ck_ulong ec_min = 256, ec_max = 384, aes_min = 16, aes_max = 32;

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
        E{M::ecdh1_derive, ec_min, ec_max, derive | ec_caps},
        E{M::aes_key_gen, aes_min, aes_max, generate},
        E{M::aes_ecb, aes_min, aes_max, encrypt | decrypt},
        E{M::aes_cbc, aes_min, aes_max, encrypt | decrypt},
        E{M::aes_cbc_pad, aes_min, aes_max, encrypt | decrypt},
        E{M::aes_gcm, aes_min, aes_max, encrypt | decrypt},
    });
static_assert(mech::within_capabilities(entries), "the PIV token offers an operation its CKM_ row does not allow");

std::string hex(bytes_view v) {
    std::string out;
    char buf[3];
    for (auto b : v) {
        std::snprintf(buf, sizeof buf, "%02x", b);
        out += buf;
    }
    return out;
}

// The token's serial: the CHUID's GUID (tag 34), else its FASC-N (tag 30),
// in hex; the field holds 16 characters.
std::string serial_from_chuid(bytes_view chuid) {
    auto guid = card::find_tlv(chuid, 0x34);
    if (guid && !guid->empty() && std::any_of(guid->begin(), guid->end(), [](auto b) { return b != 0; }))
        return hex(*guid).substr(0, 16);
    if (auto fascn = card::find_tlv(chuid, 0x30); fascn && !fascn->empty()) return hex(*fascn).substr(0, 16);
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
    : link_(std::move(link)), app_(std::move(app)) {}

void piv_token::read_identity() {
    if (identity_read_ || link_->dead()) return;
    auto chuid = link_->run([](piv_card& c) { return c.get_data(tag_chuid); });
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
    // PIV has no security officer in the PKCS #11 sense (the PUK only unblocks).
    if (who != user_type::user) return rv::user_type_invalid;
    if (!padded_pin(pin)) return rv::pin_incorrect;
    auto r = link_->run([&](piv_card& c) { return c.verify(pin); });
    link_->note_pin(r);
    if (r) return {};
    return card::to_rv(r.err());
}

void piv_token::logout() {
    // PC/SC shares the card: without this, the PIN status would outlive
    // C_Logout until the card is reset, and any process could use 9A/9D.  A
    // card without VERIFY P1=FF (6A 86) keeps it; nothing more we can do
    // short of resetting the card under other processes' feet.
    auto r = link_->run([](piv_card& c) { return c.reset_pin_status(); });
    (void)r;
}

result<void> piv_token::set_pin(user_type who, bytes_view old_pin, bytes_view new_pin) {
    if (who != user_type::user) return rv::user_type_invalid;
    if (!padded_pin(old_pin)) return rv::pin_incorrect;
    if (new_pin.size() < 4 || new_pin.size() > pin_block) return rv::pin_len_range;
    auto r = link_->run([&](piv_card& c) { return c.change_pin(old_pin, new_pin); });
    link_->note_pin(r);
    if (r) return {};
    if (r.err().code == card::errc::wrong_data) return rv::pin_invalid;  // the card's PIN format rules
    return card::to_rv(r.err());
}

void piv_token::read_slot(std::size_t index) {
    if (slot_read_[index] || link_->dead()) return;
    const auto& slot = all_slots[index];
    auto cert = link_->run([&](piv_card& c) { return c.get_data(slot.cert_tag); });
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
    auto history = link_->run([](piv_card& c) { return c.get_data(tag_key_history); });
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
