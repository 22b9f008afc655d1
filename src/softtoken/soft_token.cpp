#include "softtoken/soft_token.hpp"

#include <cstring>

#include "crypto/random.hpp"
#include "p11/constants/flags.hpp"
#include "mech/key_material.hpp"
#include "mech/keys.hpp"
#include "softtoken/mechanisms.hpp"
#include "mech/ops.hpp"

namespace p11::soft {

namespace {

constexpr std::size_t min_pin = 4, max_pin = 255;

store::object_id id_of(std::span<const std::uint8_t> key) {
    store::object_id id;
    if (key.size() == id.bytes.size()) std::memcpy(id.bytes.data(), key.data(), key.size());
    return id;
}
std::vector<std::uint8_t> key_of(const store::object_id& id) { return {id.bytes.begin(), id.bytes.end()}; }

std::string hex(const store::object_id& id) {
    static const char digits[] = "0123456789abcdef";
    std::string out;
    for (auto b : id.bytes) {
        out.push_back(digits[b >> 4]);
        out.push_back(digits[b & 15]);
    }
    return out;
}

store::user store_user(user_type who) { return who == user_type::so ? store::user::so : store::user::normal; }

// The material an operation needs is absent when the store could not decrypt
// it yet (a non-private key whose sensitive value is encrypted at rest).
bool has_material(const provider::object& key) {
    const auto& a = key.attributes();
    switch (key.cls()) {
    case object_class::secret_key: return a.has(attribute_type::value);
    case object_class::private_key:
        return a.has(attribute_type::private_exponent) || a.has(attribute_type::value);
    default: return true;
    }
}

} // namespace

soft_token::soft_token(std::unique_ptr<store::token_store> store) : store_(std::move(store)) {}

provider::token_description soft_token::describe() {
    const auto meta = store_->metadata();
    provider::token_description d;
    d.label = meta.initialized ? meta.label : std::string{};
    d.manufacturer = "p11forge";
    d.model = "software token";
    d.serial = meta.serial;
    auto f = token_flags::rng | token_flags::login_required | token_flags::dual_crypto_operations;
    if (meta.initialized) f |= token_flags::token_initialized;
    if (meta.user_pin.initialized) f |= token_flags::user_pin_initialized;
    if (meta.user_pin.count_low) f |= token_flags::user_pin_count_low;
    if (meta.user_pin.final_try) f |= token_flags::user_pin_final_try;
    if (meta.user_pin.locked) f |= token_flags::user_pin_locked;
    if (meta.user_pin.to_be_changed) f |= token_flags::user_pin_to_be_changed;
    if (meta.so_pin.count_low) f |= token_flags::so_pin_count_low;
    if (meta.so_pin.final_try) f |= token_flags::so_pin_final_try;
    if (meta.so_pin.locked) f |= token_flags::so_pin_locked;
    if (meta.so_pin.to_be_changed) f |= token_flags::so_pin_to_be_changed;
    d.flags = f;
    d.max_pin_length = max_pin;
    d.min_pin_length = min_pin;
    d.hardware_version = {0, 1};
    d.firmware_version = {0, 1};
    return d;
}

std::span<const provider::mechanism_entry> soft_token::mechanisms() { return mechanism_list(); }

result<void> soft_token::login(user_type who, bytes_view pin) { return store_->login(store_user(who), pin); }

void soft_token::logout() { store_->logout(); }

result<void> soft_token::init_token(bytes_view so_pin, std::string_view label) {
    if (so_pin.size() < min_pin || so_pin.size() > max_pin) return rv::pin_len_range;
    auto r = store_->initialize(so_pin, label);
    if (r) {
        std::lock_guard lock(cache_mutex_);
        cache_.clear();
    }
    return r;
}

result<void> soft_token::init_pin(bytes_view pin) {
    if (pin.size() < min_pin || pin.size() > max_pin) return rv::pin_len_range;
    return store_->init_user_pin(pin);
}

result<void> soft_token::set_pin(user_type who, bytes_view old_pin, bytes_view new_pin) {
    if (new_pin.size() < min_pin || new_pin.size() > max_pin) return rv::pin_len_range;
    return store_->set_pin(store_user(who), old_pin, new_pin);
}

result<void> soft_token::verify_user_pin(bytes_view pin) { return store_->login(store::user::normal, pin); }

void soft_token::refresh() { (void)store_->refresh(); }

provider::object_ptr soft_token::snapshot_of(const store::stored_object& stored) {
    std::lock_guard lock(cache_mutex_);
    auto it = cache_.find(stored.id);
    if (it != cache_.end() && it->second.version == stored.version && it->second.complete == stored.complete)
        return it->second.snapshot;
    auto attrs = stored.attributes;
    // CKA_UNIQUE_ID (3.0): the store's identity, stable for the object's life.
    const auto unique = hex(stored.id);
    attrs.set(attribute_type::unique_id, bytes_view{reinterpret_cast<const std::uint8_t*>(unique.data()), unique.size()});
    auto snap = std::make_shared<const provider::object>(std::move(attrs));
    cache_[stored.id] = cached{stored.version, stored.complete, snap};
    return snap;
}

std::vector<provider::token_object> soft_token::find(const template_view& criteria, bool logged_in) {
    std::vector<provider::token_object> out;
    for (const auto& id : store_->find(store::index_query::of(criteria))) {
        auto stored = store_->load(id);
        if (!stored || (stored->is_private && !logged_in)) continue;
        out.push_back({key_of(id), snapshot_of(*stored)});
    }
    return out;
}

provider::object_ptr soft_token::load(std::span<const std::uint8_t> key) {
    auto stored = store_->load(id_of(key));
    return stored ? snapshot_of(*stored) : nullptr;
}

result<provider::token_object> soft_token::create(provider::attribute_set attributes) {
    attributes.erase(attribute_type::unique_id);
    auto id = store_->create(attributes);
    if (!id) return id.error_value();
    auto stored = store_->load(*id);
    if (!stored) return rv::function_failed;
    return provider::token_object{key_of(*id), snapshot_of(*stored)};
}

result<provider::object_ptr> soft_token::update(std::span<const std::uint8_t> key, const change_function& apply) {
    const auto id = id_of(key);
    auto change = [&](const store::stored_object& newest) -> result<provider::attribute_set> {
        // The framework's rules judge the object as the framework sees it
        // (with CKA_UNIQUE_ID); the store keeps the id itself, not the attribute.
        auto attributes = apply(*snapshot_of(newest));
        if (attributes) attributes->erase(attribute_type::unique_id);
        return attributes;
    };
    if (auto r = store_->update(id, change); !r) return r.error_value();
    auto stored = store_->load(id);
    if (!stored) return rv::object_handle_invalid;
    return snapshot_of(*stored);
}

result<void> soft_token::destroy(std::span<const std::uint8_t> key) {
    const auto id = id_of(key);
    auto r = store_->destroy(id);
    std::lock_guard lock(cache_mutex_);
    cache_.erase(id);
    return r;
}

result<std::unique_ptr<provider::cipher_operation>> soft_token::begin_encrypt(const provider::mechanism_view& m,
                                                                              const provider::object& key) {
    if (!has_material(key)) return rv::user_not_logged_in;
    if (key.key_type() == static_cast<ck_ulong>(key_type::rsa))
        return mech::ops::rsa_cipher(m, key, crypto::direction::encrypt, nullptr);
    if (mech::is_des_key(key)) return mech::ops::des3_cipher(m, key, crypto::direction::encrypt);
    if (m.type == mechanism_type::chacha20_poly1305) return mech::ops::chacha20_poly1305(m, key, crypto::direction::encrypt);
    return mech::ops::aes_cipher(m, key, crypto::direction::encrypt);
}

result<std::unique_ptr<provider::cipher_operation>> soft_token::begin_decrypt(const provider::mechanism_view& m,
                                                                              const provider::object& key) {
    if (!has_material(key)) return rv::user_not_logged_in;
    if (key.key_type() == static_cast<ck_ulong>(key_type::rsa))
        return mech::ops::rsa_cipher(m, key, crypto::direction::decrypt, [this](bytes_view pin) { return verify_user_pin(pin); });
    if (mech::is_des_key(key)) return mech::ops::des3_cipher(m, key, crypto::direction::decrypt);
    if (m.type == mechanism_type::chacha20_poly1305) return mech::ops::chacha20_poly1305(m, key, crypto::direction::decrypt);
    return mech::ops::aes_cipher(m, key, crypto::direction::decrypt);
}

result<std::unique_ptr<provider::message_cipher_operation>> soft_token::begin_message_encrypt(
    const provider::mechanism_view& m, const provider::object& key) {
    if (!has_material(key)) return rv::user_not_logged_in;
    if (m.type == mechanism_type::chacha20_poly1305)
        return mech::ops::chacha20_poly1305_message(m, key, crypto::direction::encrypt);
    return mech::ops::aes_gcm_message(m, key, crypto::direction::encrypt, counters_.source_for(key));
}

result<std::unique_ptr<provider::message_cipher_operation>> soft_token::begin_message_decrypt(
    const provider::mechanism_view& m, const provider::object& key) {
    if (!has_material(key)) return rv::user_not_logged_in;
    if (m.type == mechanism_type::chacha20_poly1305)
        return mech::ops::chacha20_poly1305_message(m, key, crypto::direction::decrypt);
    // Decryption uses the IV as given: no counter.
    return mech::ops::aes_gcm_message(m, key, crypto::direction::decrypt, nullptr);
}

result<std::unique_ptr<provider::sign_operation>> soft_token::begin_sign(const provider::mechanism_view& m,
                                                                         const provider::object& key) {
    if (!has_material(key)) return rv::user_not_logged_in;
    auto pin = [this](bytes_view p) { return verify_user_pin(p); };
    switch (static_cast<key_type>(key.key_type())) {
    case key_type::rsa: return mech::ops::rsa_sign(m, key, pin);
    case key_type::ec: return mech::ops::ecdsa_sign(m, key, pin);
    case key_type::ec_edwards: return mech::ops::eddsa_sign(m, key, pin);
    default: return mech::ops::mac_sign(m, key);
    }
}

result<std::unique_ptr<provider::verify_operation>> soft_token::begin_verify(const provider::mechanism_view& m,
                                                                             const provider::object& key) {
    if (!has_material(key)) return rv::user_not_logged_in;
    switch (static_cast<key_type>(key.key_type())) {
    case key_type::rsa: return mech::ops::rsa_verify(m, key);
    case key_type::ec: return mech::ops::ecdsa_verify(m, key);
    case key_type::ec_edwards: return mech::ops::eddsa_verify(m, key);
    default: return mech::ops::mac_verify(m, key);
    }
}

result<std::unique_ptr<provider::digest_operation>> soft_token::begin_digest(const provider::mechanism_view& m) {
    return mech::ops::digest(m);
}

result<provider::attribute_set> soft_token::generate_key(const provider::mechanism_view& m, provider::attribute_set key) {
    return mech::generate_secret_key(m, std::move(key));
}

result<provider::key_pair_attributes> soft_token::generate_key_pair(const provider::mechanism_view& m,
                                                                    provider::attribute_set pub,
                                                                    provider::attribute_set priv) {
    return mech::generate_key_pair(m, std::move(pub), std::move(priv));
}

result<std::vector<std::uint8_t>> soft_token::wrap_key(const provider::mechanism_view& m,
                                                       const provider::object& wrapping_key,
                                                       const provider::object& key) {
    if (!has_material(wrapping_key)) return rv::user_not_logged_in;
    return mech::wrap_key(m, wrapping_key, key);
}

result<provider::attribute_set> soft_token::unwrap_key(const provider::mechanism_view& m,
                                                       const provider::object& unwrapping_key, bytes_view wrapped,
                                                       provider::attribute_set key) {
    if (!has_material(unwrapping_key)) return rv::user_not_logged_in;
    return mech::unwrap_key(m, unwrapping_key, wrapped, std::move(key));
}

result<provider::attribute_set> soft_token::derive_key(const provider::mechanism_view& m,
                                                       const provider::object& base_key, provider::attribute_set key) {
    if (!has_material(base_key)) return rv::user_not_logged_in;
    return mech::derive_key(m, base_key, std::move(key));
}

result<provider::attribute_set> soft_token::complete_import(provider::attribute_set attributes) {
    return mech::complete_import(std::move(attributes));
}

result<void> soft_token::generate_random(std::span<std::uint8_t> out) {
    return crypto::random_bytes(out) == crypto::status::ok ? result<void>{} : result<void>{rv::function_failed};
}

result<void> soft_token::seed_random(bytes_view seed) {
    return crypto::add_entropy(seed) == crypto::status::ok ? result<void>{} : result<void>{rv::function_failed};
}

} // namespace p11::soft
