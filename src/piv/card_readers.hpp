// The PC/SC readers as slots of the module: one slot per reader (ids stable
// by reader name for the module's lifetime), a token present when the card
// in it answers SELECT of the PIV application.  Presence comes from
// SCardGetStatusChange (pcscd's view, no APDU); a card is recognised once per
// insertion.
#pragma once

#include <chrono>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "p11/provider/token.hpp"
#include "pcsc/context.hpp"
#include "piv/piv_token.hpp"

namespace p11::piv {

class card_readers;

class reader_slot final : public provider::slot {
public:
    reader_slot(card_readers& owner, std::string reader) : owner_(owner), reader_(std::move(reader)) {}
    provider::slot_description describe() override;
    std::shared_ptr<provider::token> current_token() override;
    std::uint64_t token_generation() override;

private:
    friend class card_readers;
    card_readers& owner_;
    std::string reader_;
    // Guarded by the owner's mutex.
    std::shared_ptr<piv_token> token_;
    std::uint64_t generation_ = 0;
    bool present_ = false;
    std::uint16_t events_ = 0;           // pcscd's card event counter when last looked at
    bool looked_ = false;                // whether the card of `events_` was tried
    // What C_WaitForSlotEvent last reported for this slot.
    bool reported_present_ = false;
    std::uint64_t reported_generation_ = 0;
};

class card_readers {
public:
    // nullptr when PC/SC is not there (no libpcsclite, no pcscd).
    [[nodiscard]] static std::unique_ptr<card_readers> open(abi::CK_SLOT_ID first_id);
    ~card_readers();

    [[nodiscard]] std::vector<abi::CK_SLOT_ID> slot_ids();
    [[nodiscard]] std::shared_ptr<provider::slot> find_slot(abi::CK_SLOT_ID id);
    // C_WaitForSlotEvent for the reader slots.
    result<abi::CK_SLOT_ID> wait_for_event(bool block);
    void cancel_wait();

private:
    friend class reader_slot;
    card_readers(std::unique_ptr<pcsc::context> ctx, std::unique_ptr<pcsc::context> waiter, abi::CK_SLOT_ID first_id)
        : ctx_(std::move(ctx)), waiter_(std::move(waiter)), next_id_(first_id) {}
    // Re-reads reader presence (at most every `poll_interval` unless forced)
    // and updates every slot's token.  With mutex_ held.
    void refresh_locked(bool force);
    void update_slot_locked(reader_slot& s, const pcsc::reader_state& st);
    std::shared_ptr<piv_token> token_of(reader_slot& s);
    std::uint64_t generation_of(reader_slot& s);
    // The first slot whose state changed since the last report, if any.
    std::optional<abi::CK_SLOT_ID> pending_event_locked();

    std::mutex mutex_;
    std::unique_ptr<pcsc::context> ctx_;     // listing, status and connections
    std::unique_ptr<pcsc::context> waiter_;  // blocking waits only (PCSC-Lite serialises a context)
    abi::CK_SLOT_ID next_id_;
    std::map<std::string, abi::CK_SLOT_ID> ids_;
    std::map<abi::CK_SLOT_ID, std::shared_ptr<reader_slot>> slots_;
    std::vector<std::string> listed_;
    std::chrono::steady_clock::time_point last_poll_{};
    std::uint64_t generations_ = 0;
    std::atomic<bool> cancelled_{false};
};

} // namespace p11::piv
