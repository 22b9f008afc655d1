// The PIN of a CKA_ALWAYS_AUTHENTICATE key, alike for every card family.
// C_Login(CKU_CONTEXT_SPECIFIC) checks it with a VERIFY of its own, so that a
// wrong PIN is CKR_PIN_INCORRECT from C_Login, where the specification puts
// it (C_Sign and C_Decrypt have no such return value).  The PIN is kept, and
// VERIFY is sent again right before the private-key command, in one
// transaction with nothing in between, as such keys demand: another process
// may have talked to the card between the two calls.  That second VERIFY is
// the price of not holding the card locked between C_Login and C_Sign (an
// application that never signs would otherwise block every other one).
#pragma once

#include "cards/card_link.hpp"
#include "p11/card/error.hpp"
#include "p11/provider/token.hpp"

namespace p11::cards {

template <class Card>
class context_pin {
public:
    // Whether a PIN can be the card's at all (one that cannot is refused
    // without spending a try), and the card's VERIFY of it.
    struct rules {
        bool (*plausible)(bytes_view pin);
        card::outcome<void> (*verify)(Card& card, bytes_view pin);
    };

    context_pin(bool needed, rules r) : needed_(needed), rules_(r) {}
    [[nodiscard]] bool needed() const { return needed_; }

    result<void> take(bytes_view pin, card_link<Card>& link) {
        if (!rules_.plausible(pin)) return rv::pin_incorrect;
        auto checked = link.run([&](Card& c) -> card::outcome<void> {
            auto r = rules_.verify(c, pin);
            link.note_pin(r);
            return r;
        });
        if (!checked) return card::to_rv(checked.err());
        pin_.assign(pin.begin(), pin.end());
        return {};
    }
    // Inside the operation's transaction, before its private-key command.
    card::outcome<void> present(Card& c, card_link<Card>& link) const {
        if (!needed_) return {};
        auto r = rules_.verify(c, pin_);
        link.note_pin(r);
        return r;
    }

private:
    bool needed_;
    rules rules_;
    secure_bytes pin_;
};

} // namespace p11::cards
