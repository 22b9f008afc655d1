// The seam between the reader slots and a card family's driver.  A card
// family (PIV today; OpenPGP next) is one folder with a card_token subclass
// and a card_family entry that the module lists; the PC/SC reader slots
// (card_readers) and the halves of a card token that are computed on the
// host, alike for every family, live here.
#pragma once

#include <memory>
#include <string_view>

#include "p11/card/apdu.hpp"
#include "p11/provider/token.hpp"

namespace p11::cards {

// A token whose private keys live on a card.  A family implements what its
// card does: describe, mechanisms, login/logout/set_pin, objects (find,
// load), and the private-key operations (sign, decrypt, unwrap, derive).
// The public-key and session-key halves are computed on the host by the
// mechanism layer, here.  A family that writes to its card (PIV enrollment)
// overrides create/destroy/generate_key_pair; the defaults refuse.
class card_token : public provider::token {
public:
    // The card went away (or was reset): the slot replaces this token.
    [[nodiscard]] virtual bool removed() const = 0;

    // Decryption with one of the card's private keys (C_Decrypt with an AES
    // session key stays on the host: begin_decrypt chooses).
    virtual result<std::unique_ptr<provider::cipher_operation>> begin_decrypt_on_card(const provider::mechanism_view&,
                                                                                      const provider::object& key) = 0;

    result<std::unique_ptr<provider::cipher_operation>> begin_decrypt(const provider::mechanism_view&,
                                                                      const provider::object&) override;
    // With a certificate's public key or an AES session key.
    result<std::unique_ptr<provider::cipher_operation>> begin_encrypt(const provider::mechanism_view&,
                                                                      const provider::object&) override;
    result<std::unique_ptr<provider::verify_operation>> begin_verify(const provider::mechanism_view&,
                                                                     const provider::object&) override;
    result<std::unique_ptr<provider::digest_operation>> begin_digest(const provider::mechanism_view&) override;
    // AES session keys, made on the host (a card stores no secret keys).
    result<provider::attribute_set> generate_key(const provider::mechanism_view&, provider::attribute_set key) override;
    result<std::vector<std::uint8_t>> wrap_key(const provider::mechanism_view&, const provider::object& wrapping_key,
                                               const provider::object& key) override;
    // The host's DRBG.
    result<void> generate_random(std::span<std::uint8_t> out) override;

    result<void> init_token(bytes_view, std::string_view) override { return rv::function_not_supported; }
    result<void> init_pin(bytes_view) override { return rv::function_not_supported; }
    result<provider::token_object> create(provider::attribute_set) override { return rv::token_write_protected; }
    result<provider::object_ptr> update(std::span<const std::uint8_t>, const change_function&) override {
        return rv::action_prohibited;
    }
    result<void> destroy(std::span<const std::uint8_t>) override { return rv::action_prohibited; }
    result<provider::key_pair_attributes> generate_key_pair(const provider::mechanism_view&, provider::attribute_set,
                                                            provider::attribute_set) override {
        return rv::mechanism_invalid;
    }
};

// A decryption by the card: one command for the whole cryptogram, so
// single-part only (C_DecryptUpdate has nothing to send the card).
class card_decryption : public provider::cipher_operation {
public:
    explicit card_decryption(std::size_t plaintext_bound) : bound_(plaintext_bound) {}
    [[nodiscard]] bool multi_part() const override { return false; }
    [[nodiscard]] std::size_t single_bound(std::size_t) const override { return bound_; }
    [[nodiscard]] std::size_t update_bound(std::size_t) const override { return 0; }
    [[nodiscard]] std::size_t final_bound() const override { return 0; }
    result<std::size_t> update(bytes_view, provider::out_span) override { return rv::function_not_supported; }
    result<std::size_t> final(provider::out_span) override { return rv::function_not_supported; }

private:
    std::size_t bound_;
};

// A card failure as the CKR of a private-key operation (sign, decrypt, derive).
[[nodiscard]] rv operation_rv(const card::error& e);

// A card family as the reader slots see it: on a fresh connection to a newly
// inserted card, `recognise` answers with its token, with nullptr when the
// card is not one of the family's, or with an error when the card could not
// be asked (the slot tries again at the next poll).
using recognise_function = card::outcome<std::shared_ptr<card_token>> (*)(std::unique_ptr<card::channel>);

struct card_family {
    std::string_view name;
    recognise_function recognise;
};

} // namespace p11::cards
