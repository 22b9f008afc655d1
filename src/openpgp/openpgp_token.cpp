#include "openpgp/openpgp_token.hpp"

#include <algorithm>
#include <cstdio>

#include "cards/card_secrets.hpp"
#include "mech/mechanism_lists.hpp"
#include "mech/ops.hpp"
#include "openpgp/openpgp_objects.hpp"
#include "openpgp/openpgp_ops.hpp"
#include "p11/card/tlv.hpp"
#include "p11/constants/key_type.hpp"
#include "p11/constants/object_class.hpp"

namespace p11::openpgp {

namespace {

using enum mechanism_flags;
using M = mechanism_type;
using E = provider::mechanism_entry;
using mech::ec_caps;
constexpr ck_ulong rsa_min = 2048, rsa_max = 4096, ec_bits = 256, ecx_bits = 255, aes_min = 16, aes_max = 32;
constexpr auto sv = sign | verify;

// What an OpenPGP card signs, decrypts and derives with (the card pads RSA
// itself, PKCS #1 v1.5 only), the public-key halves on the host, and AES
// session keys on the host as for PIV (a key unwrapped with the decryption key).
constexpr auto entries = mech::concat(
    std::array{
        E{M::rsa_pkcs, rsa_min, rsa_max, encrypt | decrypt | sign | verify | wrap | unwrap},
        E{M::sha1_rsa_pkcs, rsa_min, rsa_max, sv},
        E{M::sha224_rsa_pkcs, rsa_min, rsa_max, sv},
        E{M::sha256_rsa_pkcs, rsa_min, rsa_max, sv},
        E{M::sha384_rsa_pkcs, rsa_min, rsa_max, sv},
        E{M::sha512_rsa_pkcs, rsa_min, rsa_max, sv},
        E{M::sha_1, 0, 0, digest},
        E{M::sha256, 0, 0, digest},
        E{M::sha224, 0, 0, digest},
        E{M::sha384, 0, 0, digest},
        E{M::sha512, 0, 0, digest},
    },
    mech::ecdsa_signatures(ec_bits, ec_bits),
    std::array{
        E{M::ecdh1_derive, ecx_bits, ec_bits, derive | ec_caps},
        E{M::eddsa, ecx_bits, ecx_bits, sv | ec_oid},
        // On the card, of the algorithm its slot announces (openpgp_keygen.cpp).
        E{M::rsa_pkcs_key_pair_gen, rsa_min, rsa_max, generate_key_pair},
        E{M::ec_key_pair_gen, ec_bits, ec_bits, generate_key_pair | ec_caps},
        E{M::ec_edwards_key_pair_gen, ecx_bits, ecx_bits, generate_key_pair | ec_oid},
        E{M::ec_montgomery_key_pair_gen, ecx_bits, ecx_bits, generate_key_pair | ec_oid},
        E{M::aes_key_gen, aes_min, aes_max, generate},
        E{M::aes_ecb, aes_min, aes_max, encrypt | decrypt},
        E{M::aes_cbc, aes_min, aes_max, encrypt | decrypt},
        E{M::aes_cbc_pad, aes_min, aes_max, encrypt | decrypt},
        E{M::aes_gcm, aes_min, aes_max, encrypt | decrypt},
    });
static_assert(mech::within_capabilities(entries), "the OpenPGP token offers an operation its CKM_ row does not allow");

result<key_facts> card_key(const provider::object& key) {
    auto f = facts_of(key);
    if (!f) return rv::key_type_inconsistent;
    return *f;
}

// An error of SELECT or 6E that means "not an OpenPGP card" rather than "could not ask".
bool not_ours(const card::error& e) {
    return e.code == card::errc::not_found || e.code == card::errc::not_supported ||
           e.code == card::errc::malformed || e.code == card::errc::card_status ||
           e.code == card::errc::security_not_satisfied || e.code == card::errc::wrong_data;
}

// The PIN counters as CKF_*_PIN_* flags (3 tries: the specification's default).
void pin_flags(token_flags& f, int tries, int max, token_flags locked, token_flags final_try, token_flags low) {
    if (tries == 0) f |= locked;
    else if (tries == 1) f |= final_try | low;
    else if (tries > 0 && tries < max) f |= low;
}

} // namespace

card::outcome<std::shared_ptr<cards::card_token>> recognise(std::unique_ptr<card::channel> ch) {
    auto link = std::make_shared<card_link>(std::make_unique<openpgp_card>(std::move(ch)));
    auto app = link->run([](openpgp_card& c) -> card::outcome<application_data> {
        if (auto s = c.select(); !s) return s.err();
        auto raw = c.get_data(tag::application_related);
        if (!raw) return raw.err();
        auto parsed = parse_application_data(*raw);
        if (parsed) c.use_capabilities(*parsed);
        return parsed;
    });
    if (!app) {
        if (not_ours(app.err())) return std::shared_ptr<cards::card_token>{};
        return app.err();
    }
    return std::shared_ptr<cards::card_token>(std::make_shared<openpgp_token>(std::move(link), *app));
}

openpgp_token::openpgp_token(std::shared_ptr<card_link> link, application_data app)
    : link_(std::move(link)), app_(app) {
    // The counters from C4, so that a locked card shows as locked before anyone tries.
    link_->pin_tries = app_.pw.pw1_tries;
    link_->max_tries = std::max<int>(3, app_.pw.pw1_tries);
    so_tries_ = app_.pw.pw3_tries;
}

void openpgp_token::read_name() {
    if (name_ || link_->dead()) return;
    auto data = link_->run([](openpgp_card& c) { return c.get_data(tag::cardholder_related); });
    if (!data && link_->dead()) return;
    name_ = data ? cardholder_name(*data) : std::string{};
}

provider::token_description openpgp_token::describe() {
    std::lock_guard lock(mutex_);
    read_name();
    provider::token_description d;
    d.label = name_ && !name_->empty() ? *name_ : "OpenPGP card";
    d.manufacturer = manufacturer_name(app_.manufacturer);
    char model[17];
    std::snprintf(model, sizeof model, "OpenPGP v%u.%u", unsigned{app_.version_major}, unsigned{app_.version_minor});
    d.model = model;
    char serial[9];
    std::snprintf(serial, sizeof serial, "%02X%02X%02X%02X", unsigned{app_.serial[0]}, unsigned{app_.serial[1]},
                  unsigned{app_.serial[2]}, unsigned{app_.serial[3]});
    d.serial = serial;
    d.flags = token_flags::rng | token_flags::login_required | token_flags::user_pin_initialized |
              token_flags::token_initialized;
    pin_flags(d.flags, link_->pin_tries, link_->max_tries, token_flags::user_pin_locked, token_flags::user_pin_final_try,
              token_flags::user_pin_count_low);
    pin_flags(d.flags, so_tries_, 3, token_flags::so_pin_locked, token_flags::so_pin_final_try,
              token_flags::so_pin_count_low);
    d.min_pin_length = pw1_min;
    d.max_pin_length = std::max<ck_ulong>(app_.pw.pw1_max, app_.pw.pw3_max);
    d.hardware_version = {app_.version_major, app_.version_minor};
    d.total_public_memory = d.free_public_memory = d.total_private_memory = d.free_private_memory = ~ck_ulong{0};
    return d;
}

std::span<const provider::mechanism_entry> openpgp_token::mechanisms() { return entries; }

result<void> openpgp_token::login(user_type who, bytes_view pin) {
    if (who == user_type::so) {
        if (pin.size() < pw3_min) return rv::pin_incorrect;  // cannot be PW3: do not spend a try on it
        auto r = link_->run([&](openpgp_card& c) { return c.verify(pw::pw3, pin); });
        if (r) so_tries_ = -1;
        else if (r.err().code == card::errc::pin_incorrect) so_tries_ = r.err().tries_left;
        else if (r.err().code == card::errc::blocked) so_tries_ = 0;
        if (r) return {};
        return card::to_rv(r.err());
    }
    if (who != user_type::user) return rv::user_type_invalid;
    if (pin.size() < pw1_min) return rv::pin_incorrect;
    // 82 opens decryption and authentication; 81 the signature key, here
    // unless the card wants PW1 for each signature (then C_Login with
    // CKU_CONTEXT_SPECIFIC, CKA_ALWAYS_AUTHENTICATE).
    const bool sign_too = !app_.pw.pw1_one_signature;
    auto r = link_->run([&](openpgp_card& c) -> card::outcome<void> {
        auto v = c.verify(pw::pw1_other, pin);
        if (v && sign_too) v = c.verify(pw::pw1_sign, pin);
        return v;
    });
    link_->note_pin(r);
    if (r) return {};
    return card::to_rv(r.err());
}

void openpgp_token::logout() {
    // PC/SC shares the card: without this the verified passwords would outlive
    // C_Logout until the card is reset.  Cards before 3.4 answer 6A 86 (no P1 FF);
    // nothing more we can do short of resetting the card under others' feet.
    auto r = link_->run([](openpgp_card& c) -> card::outcome<void> {
        for (auto reference : {pw::pw1_sign, pw::pw1_other, pw::pw3}) (void)c.reset_verified(reference);
        return {};
    });
    (void)r;
}

result<void> openpgp_token::set_pin(user_type who, bytes_view old_pin, bytes_view new_pin) {
    if (who != user_type::user && who != user_type::so) return rv::user_type_invalid;
    const bool so = who == user_type::so;
    const std::size_t min = so ? pw3_min : pw1_min;
    const std::size_t max = so ? app_.pw.pw3_max : app_.pw.pw1_max;
    if (new_pin.size() < min || (max != 0 && new_pin.size() > max)) return rv::pin_len_range;
    if (!so && pw1_blocked()) return reset_pw1(old_pin, new_pin);
    if (old_pin.size() < min) return rv::pin_incorrect;
    // CHANGE REFERENCE DATA 81 changes PW1 for all its uses.
    auto r = link_->run([&](openpgp_card& c) { return c.change_pin(so ? pw::pw3 : pw::pw1_sign, old_pin, new_pin); });
    if (!so) link_->note_pin(r);
    if (r) return {};
    if (r.err().code == card::errc::wrong_data) return rv::pin_invalid;
    return card::to_rv(r.err());
}

result<void> openpgp_token::init_pin(bytes_view new_pin) {
    if (new_pin.size() < pw1_min || (app_.pw.pw1_max != 0 && new_pin.size() > app_.pw.pw1_max))
        return rv::pin_len_range;
    return reset_pw1({}, new_pin);
}

bool openpgp_token::pw1_blocked() {
    // The tries as last seen (C4 at recognition, each VERIFY's answer), else C4 now.
    if (const int known = link_->pin_tries; known != card_link::tries_unknown) return known == 0;
    auto status = link_->run([](openpgp_card& c) { return c.get_data(tag::pw_status); });
    if (!status) return false;
    auto s = parse_pw_status(*status);
    return s && s->pw1_tries == 0;
}

result<void> openpgp_token::reset_pw1(bytes_view resetting_code, bytes_view new_pin) {
    // A resetting code too short to be one spends no try (as with PINs at login).
    if (!resetting_code.empty() && resetting_code.size() < rc_min) return rv::pin_incorrect;
    auto r = link_->run([&](openpgp_card& c) { return c.reset_pw1(resetting_code, new_pin); });
    if (r) {
        link_->pin_tries = link_->max_tries.load();
        return {};
    }
    switch (r.err().code) {
    case card::errc::wrong_data: return rv::pin_invalid;  // the card's rules for the new PW1
    // 69 82 with the code: the card has no resetting code (C4's RC tries 0), PW1 stays blocked.
    case card::errc::security_not_satisfied: return resetting_code.empty() ? rv::user_not_logged_in : rv::pin_locked;
    default: return card::to_rv(r.err());  // 63 CX: a wrong code, counted; 69 83: its tries are used up
    }
}

void openpgp_token::read_key(std::size_t index) {
    if (key_read_[index] || link_->dead()) return;
    const auto& slot = key_slots[index];
    // An empty slot answers 6A 88 (or with garbage); one we do not serve costs nothing.
    if (!app_.key_present[index] || !app_.algorithms[index].supported) {
        key_read_[index] = true;
        return;
    }
    auto raw = link_->run([&](openpgp_card& c) { return c.public_key_of(slot.crt, false); });
    if (!raw && link_->dead()) return;
    key_read_[index] = true;
    if (!raw) return;
    auto key = parse_public_key(*raw, app_.algorithms[index]);
    if (!key) return;
    const bool generated = app_.key_generated[index];
    for (auto& o : key_objects(slot, app_.algorithms[index], *key, app_.pw.pw1_one_signature, generated))
        objects_.put(std::move(o));
}

void openpgp_token::read_counters(bool again) {
    if ((counters_read_ && !again) || link_->dead()) return;
    auto security = link_->run([](openpgp_card& c) { return c.get_data(tag::security_support); });
    auto status = link_->run([](openpgp_card& c) { return c.get_data(tag::pw_status); });
    if (link_->dead()) return;
    counters_read_ = true;
    if (security)
        if (auto n = signature_counter(*security)) {
            const std::uint8_t v[3] = {static_cast<std::uint8_t>(*n >> 16), static_cast<std::uint8_t>(*n >> 8),
                                       static_cast<std::uint8_t>(*n)};
            objects_.put(data_object(data_signature_counter, "Digital signature counter", v));
        }
    if (status && parse_pw_status(*status)) {
        objects_.put(data_object(data_pw_status, "PW status bytes", *status));
        const auto s = *parse_pw_status(*status);
        link_->pin_tries = s.pw1_tries;
        so_tries_ = s.pw3_tries;
    }
}

std::vector<provider::token_object> openpgp_token::find(const template_view& criteria, bool logged_in) {
    std::lock_guard lock(mutex_);
    // A search by CKA_ID needs that slot's key and certificate,
    // one by class only its kind of object.
    std::optional<std::uint8_t> wanted_id;
    std::optional<ck_ulong> wanted_class;
    for (const auto& a : criteria.attributes()) {
        const auto t = static_cast<attribute_type>(a.type);
        if (t == attribute_type::id && a.ulValueLen == 1 && a.pValue != nullptr)
            wanted_id = *static_cast<const std::uint8_t*>(a.pValue);
        if (t == attribute_type::cls && a.ulValueLen == sizeof(abi::CK_ULONG) && a.pValue != nullptr)
            wanted_class = *static_cast<const abi::CK_ULONG*>(a.pValue);
    }
    const auto wants = [&](object_class c) { return !wanted_class || *wanted_class == static_cast<ck_ulong>(c); };
    if (wants(object_class::public_key) || wants(object_class::private_key))
        for (std::size_t i = 0; i < key_slots.size(); ++i)
            if (!wanted_id || key_slots[i].id == *wanted_id) read_key(i);
    if (wants(object_class::certificate))
        for (std::size_t i = 0; i < key_slots.size(); ++i)
            if (!wanted_id || key_slots[i].id == *wanted_id) read_certificate(i);
    // The counters change with every signature: a search for data objects reads them again.
    if (wants(object_class::data) && !wanted_id) read_counters(wanted_class.has_value());
    return objects_.visible(logged_in);
}

provider::object_ptr openpgp_token::load(std::span<const std::uint8_t> key) {
    std::lock_guard lock(mutex_);
    if (link_->dead()) return nullptr;
    return objects_.find(key);
}

result<std::unique_ptr<provider::cipher_operation>> openpgp_token::begin_decrypt_on_card(const provider::mechanism_view& m,
                                                                                          const provider::object& key) {
    auto f = card_key(key);
    if (!f) return f.error_value();
    return begin_card_decrypt(m, *f, link_);
}

result<std::unique_ptr<provider::sign_operation>> openpgp_token::begin_sign(const provider::mechanism_view& m,
                                                                             const provider::object& key) {
    auto f = card_key(key);
    if (!f) return f.error_value();
    return begin_card_sign(m, *f, link_);
}

result<std::unique_ptr<provider::verify_operation>> openpgp_token::begin_verify(const provider::mechanism_view& m,
                                                                                 const provider::object& key) {
    // Ed25519 public keys verify on the host too; the rest as every card token.
    if (key.key_type() == static_cast<ck_ulong>(key_type::ec_edwards)) return mech::ops::eddsa_verify(m, key);
    return card_token::begin_verify(m, key);
}

result<provider::attribute_set> openpgp_token::unwrap_key(const provider::mechanism_view& m,
                                                          const provider::object& unwrapping_key, bytes_view wrapped,
                                                          provider::attribute_set key) {
    if (key.ulong(attribute_type::cls) != static_cast<ck_ulong>(object_class::secret_key)) return rv::template_inconsistent;
    auto f = card_key(unwrapping_key);
    if (!f) return rv::unwrapping_key_type_inconsistent;
    auto op = begin_card_decrypt(m, *f, link_);
    if (!op) return op.error_value();
    return cards::unwrapped_secret(**op, wrapped, std::move(key));
}

result<provider::attribute_set> openpgp_token::derive_key(const provider::mechanism_view& m,
                                                          const provider::object& base_key, provider::attribute_set key) {
    auto peer = cards::ecdh_peer_data(m);
    if (!peer) return peer.error_value();
    auto f = card_key(base_key);
    if (!f) return f.error_value();
    auto z = card_ecdh(*f, *link_, *peer);
    if (!z) return z.error_value();
    return cards::derived_secret(*z, std::move(key));
}

} // namespace p11::openpgp
