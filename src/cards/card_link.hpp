// The one connection to one card, shared by a card token and its operations.
// Every use takes the mutex (a card answers one command at a time) and holds
// a PC/SC transaction (no other process between our commands).  A removed
// card marks the link dead for good: the slot makes a new token for the next
// card, and whatever still holds this one gets CKR_DEVICE_REMOVED.
// `Card` is a family's command layer (piv::piv_card ...): it owns the
// channel and exposes it as channel().
#pragma once

#include <atomic>
#include <memory>
#include <mutex>
#include <type_traits>

#include "p11/card/channel.hpp"
#include "p11/provider/platform.hpp"

namespace p11::cards {

template <class Card>
class card_link {
public:
    explicit card_link(std::unique_ptr<Card> card) : card_(std::move(card)) {}

    // f(Card&) -> card::outcome<T>, inside one transaction.
    template <class F>
    auto run(F&& f) -> std::invoke_result_t<F, Card&> {
        std::lock_guard lock(mutex_);
        if (dead_) return card::error{card::errc::removed};
        const card::transaction tx(card_->channel());
        if (!tx.ok()) {
            note(tx.err());
            return tx.err();
        }
        auto r = f(*card_);
        if (!r) note(r.err());
        return r;
    }

    [[nodiscard]] bool dead() const { return dead_; }

    // The PIN's tries left as last learned from the card (VERIFY answers):
    // -1 unknown or verified, 0 blocked.  Shown as the CKF_USER_PIN_* flags.
    static constexpr int tries_unknown = -1;
    std::atomic<int> pin_tries{tries_unknown};
    // The most tries ever seen: a count below it is "count low".
    std::atomic<int> max_tries{3};
    // What a PIN try's outcome says about the counter.
    void note_pin(const card::outcome<void>& r) {
        if (r) pin_tries = tries_unknown;
        else if (r.err().code == card::errc::pin_incorrect) pin_tries = r.err().tries_left;
        else if (r.err().code == card::errc::blocked) pin_tries = 0;
    }

private:
    void note(const card::error& e) {
        if (e.code == card::errc::removed || e.code == card::errc::no_reader) dead_ = true;
    }

    provider::mutex mutex_;  // an SRW lock on Windows (platform.hpp)
    std::unique_ptr<Card> card_;
    std::atomic<bool> dead_{false};
};

} // namespace p11::cards
