// The PC/SC readers as slots of the module: one slot per reader (ids stable
// by reader name for the module's lifetime), a token present when a card
// family the module lists (card_token.hpp) recognises the card in it.  Presence comes from
// SCardGetStatusChange (pcscd's view, no APDU); a card is recognised once per
// insertion.
//
// Readers come and go while the module runs (hot-plug): a new reader is a new
// slot (a new id; one that comes back gets its old id), a reader that leaves
// drops out of the slot list and its token goes.  pcscd itself may go away
// and come back (auto-exit and socket activation, a restart): its contexts
// die with it, so they are established again, and until then there are no
// readers.  Each of these is a slot event for C_WaitForSlotEvent.
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <optional>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include <span>

#include "cards/card_token.hpp"
#include "p11/provider/token.hpp"
#include "pcsc/context.hpp"

namespace p11::cards {

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
    std::shared_ptr<card_token> token_;
    std::uint64_t generation_ = 0;
    bool present_ = false;
    std::uint16_t events_ = 0;           // pcscd's card event counter when last looked at
    bool looked_ = false;                // whether the card of `events_` was tried
    bool listed_ = false;                // whether pcscd lists the reader now
    // What C_WaitForSlotEvent last reported for this slot.
    bool reported_listed_ = false;
    bool reported_present_ = false;
    std::uint64_t reported_generation_ = 0;
};

class card_readers {
public:
    // nullptr when PC/SC is not there (no libpcsclite).  Without pcscd there
    // are no readers until it starts.  A new card is offered to `families`
    // in order; the first that recognises it makes its token.
    [[nodiscard]] static std::unique_ptr<card_readers> open(abi::CK_SLOT_ID first_id,
                                                            std::span<const card_family> families);
    ~card_readers();

    [[nodiscard]] std::vector<abi::CK_SLOT_ID> slot_ids();
    [[nodiscard]] std::shared_ptr<provider::slot> find_slot(abi::CK_SLOT_ID id);
    // C_WaitForSlotEvent for the reader slots.
    result<abi::CK_SLOT_ID> wait_for_event(bool block);
    void cancel_wait();

private:
    friend class reader_slot;
    card_readers(abi::CK_SLOT_ID first_id, std::span<const card_family> families)
        : families_(families.begin(), families.end()), next_id_(first_id) {}
    // Re-reads reader presence (at most every `poll_interval` unless forced)
    // and updates every slot's token.  With mutex_ held.
    void refresh_locked(bool force);
    // The reader list, establishing the contexts first when pcscd was not
    // there (at most every `reconnect_interval`); nullopt without pcscd.
    std::optional<std::vector<std::string>> list_readers_locked();
    // pcscd went away: its contexts and every card connection are dead.
    void drop_contexts_locked();
    void update_slot_locked(reader_slot& s, const pcsc::reader_state& st);
    std::shared_ptr<card_token> token_of(reader_slot& s);
    std::uint64_t generation_of(reader_slot& s);
    // The first slot whose state changed since the last report, if any.
    std::optional<abi::CK_SLOT_ID> pending_event_locked();

    const std::vector<card_family> families_;
    std::mutex mutex_;
    std::unique_ptr<pcsc::context> ctx_;     // listing, status and connections; null without pcscd
    // Blocking waits only (PCSC-Lite serialises a context); null with ctx_.  A
    // waiting thread holds its own reference: a new pcscd means a new waiter.
    std::shared_ptr<pcsc::context> waiter_;
    std::vector<std::shared_ptr<pcsc::context>> waiting_;  // what blocked waits are using
    std::chrono::steady_clock::time_point last_connect_{};
    bool baseline_ = false;  // whether the readers of the first listing were taken as they are
    std::condition_variable pcscd_back_;  // waits without pcscd poll, cancel_wait() wakes them
    abi::CK_SLOT_ID next_id_;
    std::map<std::string, abi::CK_SLOT_ID> ids_;
    std::map<abi::CK_SLOT_ID, std::shared_ptr<reader_slot>> slots_;
    std::vector<std::string> listed_;
    std::chrono::steady_clock::time_point last_poll_{};
    std::uint64_t generations_ = 0;
    std::atomic<bool> cancelled_{false};
};

} // namespace p11::cards
