// A PIV card as a Cryptoki token.  What it shows is read from the card once
// per card session (CHUID, certificates) and then served from memory, so
// listing objects costs no APDUs after the first time; private-key
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

namespace p11::piv {

class piv_token final : public cards::card_token {
public:
    // `link`'s card has answered SELECT of the PIV application with `app`.
    piv_token(std::shared_ptr<card_link> link, application_info app);

    [[nodiscard]] bool removed() const override { return link_->dead(); }

    provider::token_description describe() override;
    std::span<const provider::mechanism_entry> mechanisms() override;

    result<void> login(user_type who, bytes_view pin) override;
    // Resets the card's PIN status, so that the PIN verified for this login
    // does not keep the keys open for other processes after C_Logout.
    void logout() override;
    result<void> set_pin(user_type who, bytes_view old_pin, bytes_view new_pin) override;

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

    std::shared_ptr<card_link> link_;
    application_info app_;
    provider::mutex mutex_;  // the caches below (an SRW lock on Windows); taken before the link's, never after
    bool identity_read_ = false;
    std::string serial_;
    std::array<bool, all_slots.size()> slot_read_{};
    std::optional<std::size_t> retired_;
    cards::object_cache objects_;
};

// SELECT of the PIV application on a fresh connection: the token, or nullptr
// when the card is not a PIV card (error: the card could not be asked).
[[nodiscard]] card::outcome<std::shared_ptr<cards::card_token>> recognise(std::unique_ptr<card::channel> ch);

// PIV as the reader slots know it.
inline constexpr cards::card_family family{"PIV", &recognise};

} // namespace p11::piv
