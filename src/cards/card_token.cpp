#include "cards/card_token.hpp"

#include "crypto/random.hpp"
#include "mech/key_material.hpp"
#include "mech/ops.hpp"

namespace p11::cards {

namespace {
bool is_aes(const provider::object& key) { return key.key_type() == static_cast<ck_ulong>(key_type::aes); }
} // namespace

result<std::unique_ptr<provider::cipher_operation>> card_token::begin_decrypt(const provider::mechanism_view& m,
                                                                               const provider::object& key) {
    if (is_aes(key)) return mech::ops::aes_cipher(m, key, crypto::direction::decrypt);
    return begin_decrypt_on_card(m, key);
}

result<std::unique_ptr<provider::cipher_operation>> card_token::begin_encrypt(const provider::mechanism_view& m,
                                                                               const provider::object& key) {
    if (is_aes(key)) return mech::ops::aes_cipher(m, key, crypto::direction::encrypt);
    return mech::ops::rsa_cipher(m, key, crypto::direction::encrypt, nullptr);
}

result<std::unique_ptr<provider::verify_operation>> card_token::begin_verify(const provider::mechanism_view& m,
                                                                              const provider::object& key) {
    if (key.key_type() == static_cast<ck_ulong>(key_type::ec)) return mech::ops::ecdsa_verify(m, key);
    return mech::ops::rsa_verify(m, key);
}

result<std::unique_ptr<provider::digest_operation>> card_token::begin_digest(const provider::mechanism_view& m) {
    return mech::ops::digest(m);
}

result<provider::attribute_set> card_token::generate_key(const provider::mechanism_view& m, provider::attribute_set key) {
    if (m.type != mechanism_type::aes_key_gen) return rv::mechanism_invalid;
    return mech::generate_secret_key(m, std::move(key));
}

result<std::vector<std::uint8_t>> card_token::wrap_key(const provider::mechanism_view& m,
                                                       const provider::object& wrapping_key, const provider::object& key) {
    return mech::wrap_key(m, wrapping_key, key);
}

rv operation_rv(const card::error& e) {
    // 69 82 on a private-key command: the card wants the PIN (again).
    if (e.code == card::errc::security_not_satisfied) return rv::user_not_logged_in;
    if (e.code == card::errc::not_found) return rv::key_handle_invalid;  // no key in that slot after all
    return card::to_rv(e);
}

result<void> card_token::generate_random(std::span<std::uint8_t> out) {
    // PIV offers applications no GET CHALLENGE; a family whose card does may override this.
    if (crypto::random_bytes(out) != crypto::status::ok) return rv::function_failed;
    return {};
}

} // namespace p11::cards
