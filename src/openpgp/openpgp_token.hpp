// An OpenPGP card as a Cryptoki token.  What it shows is read from the card
// once per card session (application related data at recognition; the
// cardholder's name, public keys, certificate, signature counter at first
// use) and then served from memory; private-key operations go to the card
// (openpgp_ops), public-key and session-key ones stay on the host
// (cards::card_token).
#pragma once

#include <array>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "cards/card_token.hpp"
#include "cards/object_cache.hpp"
#include "openpgp/openpgp_link.hpp"
#include "p11/provider/platform.hpp"

namespace p11::openpgp {

class openpgp_token final : public cards::card_token {
public:
    // `link`'s card has answered SELECT and GET DATA 6E with `app`.
    openpgp_token(std::shared_ptr<card_link> link, application_data app);

    [[nodiscard]] bool removed() const override { return link_->dead(); }

    provider::token_description describe() override;
    std::span<const provider::mechanism_entry> mechanisms() override;

    // CKU_USER: PW1 (82, and 81 too unless PW1 is valid for one signature
    // only); CKU_SO: PW3 (83).
    result<void> login(user_type who, bytes_view pin) override;
    // Resets the verified state of PW1 and PW3 (VERIFY P1 FF).
    void logout() override;
    // CHANGE REFERENCE DATA 81 (PW1) or 83 (PW3); with PW1 blocked (C4), the
    // old PIN is the resetting code and PW1 is unblocked with it (RESET RETRY
    // COUNTER 00: what `pkcs11-tool --unlock-pin --puk` asks without a login).
    result<void> set_pin(user_type who, bytes_view old_pin, bytes_view new_pin) override;
    // As the SO (PW3 verified): RESET RETRY COUNTER 02, a new PW1 with its tries back.
    result<void> init_pin(bytes_view new_pin) override;
    // A certificate of CKA_ID 01 / 02 / 03 (C_CreateObject) is written to its
    // occurrence of 7F21 and C_DestroyObject empties it, both with PW3.
    result<void> destroy(std::span<const std::uint8_t> key) override;
    // PW3 (the SO) is what the card wants for GENERATE: the SO makes the key pair.
    [[nodiscard]] bool so_creates_private_objects() const override { return true; }

    std::vector<provider::token_object> find(const template_view& criteria, bool logged_in) override;
    provider::object_ptr load(std::span<const std::uint8_t> key) override;

    result<std::unique_ptr<provider::cipher_operation>> begin_decrypt_on_card(const provider::mechanism_view&,
                                                                              const provider::object&) override;
    result<std::unique_ptr<provider::sign_operation>> begin_sign(const provider::mechanism_view&, const provider::object&) override;
    result<std::unique_ptr<provider::verify_operation>> begin_verify(const provider::mechanism_view&,
                                                                     const provider::object&) override;
    result<provider::attribute_set> unwrap_key(const provider::mechanism_view&, const provider::object& unwrapping_key,
                                               bytes_view wrapped, provider::attribute_set key) override;
    result<provider::attribute_set> derive_key(const provider::mechanism_view&, const provider::object& base_key,
                                               provider::attribute_set key) override;

    // On the card, with PW3 verified: into the slot of CKA_ID, of the
    // algorithm the slot announces (openpgp_keygen.cpp).
    result<provider::key_pair_attributes> generate_key_pair(const provider::mechanism_view&, provider::attribute_set pub,
                                                            provider::attribute_set priv) override;
    // Stores nothing: hands back the objects of a pair just generated.
    result<provider::token_object> create(provider::attribute_set attributes) override;

    [[nodiscard]] const application_data& application() const { return app_; }

private:
    void read_name();
    [[nodiscard]] bool pw1_blocked();
    result<void> reset_pw1(bytes_view resetting_code, bytes_view new_pin);
    void read_key(std::size_t index);
    // Key slot index's certificate: 7F21, through SELECT DATA but for the
    // authentication key's (openpgp_certificates.cpp).
    void read_certificate(std::size_t index);
    result<provider::token_object> write_certificate(const provider::attribute_set& attributes);
    // The signature counter (7A) and PW status (C4) as data objects; read
    // again when a search asks for data objects.
    void read_counters(bool again);

    std::shared_ptr<card_link> link_;
    application_data app_;
    provider::mutex mutex_;  // the caches below; taken before the link's, never after
    std::optional<std::string> name_;
    std::array<bool, key_slots.size()> key_read_{};
    std::array<bool, key_slots.size()> certificate_read_{};
    bool counters_read_ = false;
    int so_tries_ = -1;  // PW3's tries as last learned (-1 unknown or verified)
    cards::object_cache objects_;
};

// SELECT of the OpenPGP application and GET DATA 6E on a fresh connection:
// the token, or nullptr when the card has no OpenPGP application (error: the
// card could not be asked).
[[nodiscard]] card::outcome<std::shared_ptr<cards::card_token>> recognise(std::unique_ptr<card::channel> ch);

// OpenPGP as the reader slots know it.
inline constexpr cards::card_family family{"OpenPGP", &recognise};

} // namespace p11::openpgp
