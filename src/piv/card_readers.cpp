#include "piv/card_readers.hpp"

#include <algorithm>

#include "pcsc/connection.hpp"

namespace p11::piv {

namespace {
// pcscd itself polls card presence every ~400 ms; asking it more often than
// this only costs IPC round trips on every Cryptoki call.
constexpr auto poll_interval = std::chrono::milliseconds(50);
} // namespace

// --- reader_slot ------------------------------------------------------------------

provider::slot_description reader_slot::describe() {
    provider::slot_description d;
    d.description = reader_;
    d.manufacturer = "p11forge PC/SC";
    d.flags = slot_flags::removable_device | slot_flags::hw_slot;
    d.hardware_version = {0, 1};
    d.firmware_version = {0, 1};
    return d;
}

std::shared_ptr<provider::token> reader_slot::current_token() { return owner_.token_of(*this); }
std::uint64_t reader_slot::token_generation() { return owner_.generation_of(*this); }

// --- card_readers -----------------------------------------------------------------

std::unique_ptr<card_readers> card_readers::open(abi::CK_SLOT_ID first_id) {
    auto ctx = pcsc::context::establish();
    if (!ctx) return nullptr;
    auto waiter = pcsc::context::establish();
    if (!waiter) return nullptr;
    return std::unique_ptr<card_readers>(new card_readers(std::move(*ctx), std::move(*waiter), first_id));
}

card_readers::~card_readers() {
    // Tokens (and their connections) go before the contexts they were made in.
    for (auto& [id, s] : slots_) s->token_.reset();
}

void card_readers::refresh_locked(bool force) {
    const auto now = std::chrono::steady_clock::now();
    if (!force && now - last_poll_ < poll_interval) return;
    last_poll_ = now;
    auto names = ctx_->readers();
    if (!names) {
        // pcscd went away: every reader is as good as empty.
        for (auto& [id, s] : slots_) update_slot_locked(*s, pcsc::reader_state{});
        listed_.clear();
        return;
    }
    listed_ = *names;
    std::vector<reader_slot*> arrived;
    for (const auto& n : listed_) {
        if (ids_.count(n)) continue;
        const auto id = next_id_++;
        ids_[n] = id;
        slots_[id] = std::make_shared<reader_slot>(*this, n);
        arrived.push_back(slots_[id].get());
    }
    std::vector<pcsc::reader_state> states;
    for (const auto& n : listed_) states.push_back(pcsc::reader_state{n, SCARD_STATE_UNAWARE, 0, {}});
    if (!states.empty() && !ctx_->wait(states, 0)) states.clear();
    for (auto& entry : slots_) {
        auto& s = entry.second;  // not a structured binding: clang 14 cannot capture one
        auto it = std::find_if(states.begin(), states.end(), [&](const auto& st) { return st.name == s->reader_; });
        update_slot_locked(*s, it == states.end() ? pcsc::reader_state{} : *it);
    }
    // A reader's state when we first see it is the baseline of C_WaitForSlotEvent, not an event.
    for (auto* s : arrived) {
        s->reported_present_ = s->token_ != nullptr;
        s->reported_generation_ = s->generation_;
    }
}

void card_readers::update_slot_locked(reader_slot& s, const pcsc::reader_state& st) {
    const bool present = st.card_present();
    const bool new_card = present && (!s.present_ || st.event_count() != s.events_);
    s.present_ = present;
    s.events_ = st.event_count();
    if (!present) {
        s.token_.reset();
        s.looked_ = false;
        return;
    }
    if (new_card) {
        s.token_.reset();
        s.looked_ = false;
    }
    // A token whose card was reset or pulled and pushed back between two polls.
    if (s.token_ && s.token_->removed()) {
        s.token_.reset();
        s.looked_ = false;
    }
    if (s.token_ || s.looked_) return;
    auto conn = pcsc::connection::open(*ctx_, s.reader_);
    if (!conn) return;  // e.g. held exclusively by someone: try again next time
    auto token = recognise(std::move(*conn));
    if (!token) return;
    s.looked_ = true;  // a card that is not PIV stays unrecognised until it is re-inserted
    if (*token) {
        s.token_ = std::move(*token);
        s.generation_ = ++generations_;
    }
}

std::shared_ptr<piv_token> card_readers::token_of(reader_slot& s) {
    std::lock_guard lock(mutex_);
    refresh_locked(false);
    // A dead token is gone at once, not at the next poll: its calls would only fail.
    if (s.token_ && s.token_->removed()) refresh_locked(true);
    return s.token_;
}

std::uint64_t card_readers::generation_of(reader_slot& s) {
    std::lock_guard lock(mutex_);
    return s.generation_;
}

std::vector<abi::CK_SLOT_ID> card_readers::slot_ids() {
    std::lock_guard lock(mutex_);
    refresh_locked(true);
    std::vector<abi::CK_SLOT_ID> out;
    for (const auto& n : listed_) out.push_back(ids_[n]);
    std::sort(out.begin(), out.end());
    return out;
}

std::shared_ptr<provider::slot> card_readers::find_slot(abi::CK_SLOT_ID id) {
    std::lock_guard lock(mutex_);
    auto it = slots_.find(id);
    return it == slots_.end() ? nullptr : it->second;
}

std::optional<abi::CK_SLOT_ID> card_readers::pending_event_locked() {
    for (auto& [id, s] : slots_) {
        const bool present = s->token_ != nullptr;
        if (present != s->reported_present_ || (present && s->generation_ != s->reported_generation_)) {
            s->reported_present_ = present;
            s->reported_generation_ = s->generation_;
            return id;
        }
    }
    return std::nullopt;
}

result<abi::CK_SLOT_ID> card_readers::wait_for_event(bool block) {
    std::vector<pcsc::reader_state> states;
    for (;;) {
        if (cancelled_) return rv::cryptoki_not_initialized;
        {
            std::lock_guard lock(mutex_);
            refresh_locked(true);
            if (auto id = pending_event_locked()) return *id;
            if (!block) return rv::no_event;
            // What to wait on: every reader as we know it now, and reader arrivals.
            // What we saw last time is what we know, so the wait blocks until it changes.
            std::vector<std::string> names = listed_;
            names.emplace_back(pcsc::pnp_notification);
            std::vector<pcsc::reader_state> next;
            for (const auto& n : names) {
                auto old = std::find_if(states.begin(), states.end(), [&](const auto& st) { return st.name == n; });
                next.push_back(pcsc::reader_state{n, old == states.end() ? DWORD{SCARD_STATE_UNAWARE} : old->seen, 0, {}});
            }
            states = std::move(next);
        }
        // Not under mutex_: other calls go on while this thread waits.
        auto r = waiter_->wait(states, INFINITE);
        if (cancelled_) return rv::cryptoki_not_initialized;
        if (!r) return rv::device_error;
    }
}

void card_readers::cancel_wait() {
    cancelled_ = true;
    waiter_->cancel();
}

} // namespace p11::piv
