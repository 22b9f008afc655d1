// A PIV card as a Cryptoki token.  What it shows is read from the card once
// per card session (CHUID, certificates) and then served from memory, so
// listing objects costs no APDUs after the first time (and across processes
// the certificates come from the cache of piv_object_source); private-key
// operations go to the card (piv_ops), public-key and session-key ones stay
// on the host (cards::card_token, on the mechanism layer).
#pragma once

#include <array>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "cards/card_token.hpp"
#include "cards/object_cache.hpp"
#include "p11/provider/platform.hpp"
#include "piv/piv_link.hpp"
#include "piv/piv_object_source.hpp"

namespace p11::piv {

class piv_token final : public cards::card_token {
public:
    // `link`'s card has answered SELECT of the PIV application with `app`.
    piv_token(std::shared_ptr<card_link> link, application_info app);

    [[nodiscard]] bool removed() const override { return link_->dead(); }

    provider::token_description describe() override;
    std::span<const provider::mechanism_entry> mechanisms() override;

    // The user's PIN, or as the SO the card management key in hex (piv_management.hpp).
    result<void> login(user_type who, bytes_view pin) override;
    // Resets the card's PIN status, so that the PIN verified for this login
    // does not keep the keys open for other processes after C_Logout.
    void logout() override;
    // The user's PIN (CHANGE REFERENCE DATA 80), or with the PUK as the old
    // PIN when the card has blocked the PIN (RESET RETRY COUNTER: what
    // `pkcs11-tool --unlock-pin` asks without a login); ykcs11's "puk:"
    // prefixes; as the SO, the management key (YubiKey's SET MANAGEMENT KEY).
    result<void> set_pin(user_type who, bytes_view old_pin, bytes_view new_pin) override;

    // Enrollment, with the management key authenticated (C_Login as the SO):
    // keys generated on the card, certificates written to and deleted from
    // their containers.  The SO writes private key objects (ykcs11's rule).
    [[nodiscard]] bool so_creates_private_objects() const override { return true; }
    result<provider::key_pair_attributes> generate_key_pair(const provider::mechanism_view&, provider::attribute_set pub,
                                                            provider::attribute_set priv) override;
    result<provider::token_object> create(provider::attribute_set attributes) override;
    result<void> destroy(std::span<const std::uint8_t> key) override;

    std::vector<provider::token_object> find(const template_view& criteria, bool logged_in) override;
    provider::object_ptr load(std::span<const std::uint8_t> key) override;

    result<std::unique_ptr<provider::cipher_operation>> begin_decrypt_on_card(const provider::mechanism_view&,
                                                                              const provider::object&) override;
    result<std::unique_ptr<provider::sign_operation>> begin_sign(const provider::mechanism_view&, const provider::object&) override;
    result<provider::attribute_set> unwrap_key(const provider::mechanism_view&, const provider::object& unwrapping_key,
                                               bytes_view wrapped, provider::attribute_set key) override;
    result<provider::attribute_set> derive_key(const provider::mechanism_view&, const provider::object& base_key,
                                               provider::attribute_set key) override;

private:
    // Serial number and PIN state, read at the first describe().
    void read_identity();
    // The certificates of the key slots, each read at the first find() that
    // may need it (a search by CKA_ID reads only its slot's).
    void read_slot(std::size_t index);
    // How many retired slots hold keys, from the key history object, read
    // once and only when a search may include retired keys.
    std::size_t retired_present();
    result<void> unblock_pin(bytes_view puk, bytes_view new_pin);
    result<void> set_management_key(bytes_view old_hex, bytes_view new_hex);
    // The card's objects of `slot` changed (a key generated, a certificate
    // written or deleted, by us): what this process knows of the slot is
    // dropped and read again at the next find().  The one place a cache of
    // the card's objects learns of a change made through this token.
    void card_objects_changed(const key_slot& slot);
    result<provider::token_object> write_certificate(const provider::attribute_set& attributes);
    // Keeps the key history object's count of retired certificates right
    // after retired slot `index` (0: 82) gained or lost one.
    result<void> update_key_history(std::size_t index, bool present);

    std::shared_ptr<card_link> link_;
    application_info app_;
    provider::mutex mutex_;  // the caches below (an SRW lock on Windows); taken before the link's, never after
    object_source source_;   // the card's public objects, through the cross-process cache
    bool identity_read_ = false;
    std::string serial_;
    std::array<bool, all_slots.size()> slot_read_{};
    std::optional<std::size_t> retired_;
    cards::object_cache objects_;
    // Management key authenticated by this token's C_Login as the SO.
    bool so_ = false;
    // The key objects of a pair just generated, until the framework stores them (create()).
    std::vector<provider::token_object> generated_;
};

// SELECT of the PIV application on a fresh connection: the token, or nullptr
// when the card is not a PIV card (error: the card could not be asked).
[[nodiscard]] card::outcome<std::shared_ptr<cards::card_token>> recognise(std::unique_ptr<card::channel> ch);

// PIV as the reader slots know it.
inline constexpr cards::card_family family{"PIV", &recognise};

} // namespace p11::piv
