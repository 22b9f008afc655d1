#include "cards/card_readers.hpp"

#include <algorithm>

#include "pcsc/connection.hpp"

namespace p11::cards {

namespace {
// pcscd itself polls card presence every ~400 ms; asking it more often than
// this only costs IPC round trips on every Cryptoki call.
constexpr auto poll_interval = std::chrono::milliseconds(50);
// Without pcscd, how often to look for it again (a failed
// SCardEstablishContext is little more than a stat() of its socket), and how
// long a blocked C_WaitForSlotEvent sleeps between two looks.
constexpr auto reconnect_interval = std::chrono::milliseconds(250);
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

std::unique_ptr<card_readers> card_readers::open(abi::CK_SLOT_ID first_id, std::span<const card_family> families) {
    if (pcsc::library() == nullptr) return nullptr;
    // The contexts come with the first listing: pcscd may start later.
    return std::unique_ptr<card_readers>(new card_readers(first_id, families));
}

card_readers::~card_readers() {
    // Tokens (and their connections) go before the contexts they were made in.
    for (auto& [id, s] : slots_) s->token_.reset();
}

std::optional<std::vector<std::string>> card_readers::list_readers_locked() {
    if (ctx_) {
        if (auto names = ctx_->readers()) return std::move(*names);
        // pcscd went away, or was restarted: the context is dead either way
        // (SCARD_E_NO_SERVICE), a new pcscd needs a new one.
        drop_contexts_locked();
    }
    const auto now = std::chrono::steady_clock::now();
    if (last_connect_ != std::chrono::steady_clock::time_point{} && now - last_connect_ < reconnect_interval)
        return std::nullopt;
    last_connect_ = now;
    auto ctx = pcsc::context::establish();
    if (!ctx) return std::nullopt;
    auto waiter = pcsc::context::establish();
    if (!waiter) return std::nullopt;
    auto names = (*ctx)->readers();
    if (!names) return std::nullopt;
    ctx_ = std::move(*ctx);
    waiter_ = std::move(*waiter);
    return std::move(*names);
}

void card_readers::drop_contexts_locked() {
    // Every connection was made in ctx_ and died with it.
    for (auto& [id, s] : slots_) {
        s->token_.reset();
        s->present_ = false;
        s->looked_ = false;
    }
    ctx_.reset();
    waiter_.reset();  // a blocked wait on it holds its own reference
}

void card_readers::refresh_locked(bool force) {
    const auto now = std::chrono::steady_clock::now();
    if (!force && now - last_poll_ < poll_interval) return;
    last_poll_ = now;
    // Without pcscd there are no readers: their slots stay known (and keep
    // their ids) but are not listed, and have no token.
    auto names = list_readers_locked();
    listed_ = names ? std::move(*names) : std::vector<std::string>{};
    for (const auto& n : listed_) {
        if (ids_.count(n)) continue;
        const auto id = next_id_++;
        ids_[n] = id;
        slots_[id] = std::make_shared<reader_slot>(*this, n);
    }
    std::vector<pcsc::reader_state> states;
    for (const auto& n : listed_) states.push_back(pcsc::reader_state{n, SCARD_STATE_UNAWARE, 0, {}});
    if (!states.empty() && !ctx_->wait(states, 0)) states.clear();
    for (auto& entry : slots_) {
        auto& s = entry.second;  // not a structured binding: clang 14 cannot capture one
        s->listed_ = std::find(listed_.begin(), listed_.end(), s->reader_) != listed_.end();
        auto it = std::find_if(states.begin(), states.end(), [&](const auto& st) { return st.name == s->reader_; });
        update_slot_locked(*s, it == states.end() ? pcsc::reader_state{} : *it);
    }
    // The readers (and cards) there at the first look are the baseline of
    // C_WaitForSlotEvent, not events; every later arrival or departure is one.
    if (!baseline_) {
        baseline_ = true;
        for (auto& [id, s] : slots_) {
            s->reported_listed_ = s->listed_;
            s->reported_present_ = s->token_ != nullptr;
            s->reported_generation_ = s->generation_;
        }
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
    if (s.token_ || s.looked_ || !ctx_) return;
    // Each family on a connection of its own: one that does not recognise
    // the card has consumed its connection (and may have selected an
    // application on it).
    for (const auto& family : families_) {
        auto conn = pcsc::connection::open(*ctx_, s.reader_);
        if (!conn) return;  // e.g. held exclusively by someone: try again next time
        auto token = family.recognise(std::move(*conn));
        if (!token) return;  // the card could not be asked: try again next time
        if (*token) {
            s.looked_ = true;
            s.token_ = std::move(*token);
            s.generation_ = ++generations_;
            return;
        }
    }
    s.looked_ = true;  // a card of no family we know stays unrecognised until it is re-inserted
}

std::shared_ptr<card_token> card_readers::token_of(reader_slot& s) {
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
    // A reader that came or went is an event of its slot, as is a token that did.
    for (auto& [id, s] : slots_) {
        const bool present = s->token_ != nullptr;
        if (s->listed_ != s->reported_listed_ || present != s->reported_present_ ||
            (present && s->generation_ != s->reported_generation_)) {
            s->reported_listed_ = s->listed_;
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
        std::shared_ptr<pcsc::context> waiter;
        {
            std::unique_lock lock(mutex_);
            refresh_locked(true);
            if (auto id = pending_event_locked()) return *id;
            if (!block) return rv::no_event;
            if (!waiter_) {
                // No pcscd: nothing to wait on but its return.
                pcscd_back_.wait_for(lock, reconnect_interval, [&] { return cancelled_.load(); });
                states.clear();
                continue;
            }
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
            waiter = waiter_;
            waiting_.push_back(waiter);
        }
        // Not under mutex_: other calls go on while this thread waits.
        auto r = waiter->wait(states, INFINITE);
        std::unique_lock lock(mutex_);
        waiting_.erase(std::find(waiting_.begin(), waiting_.end(), waiter));
        if (cancelled_) return rv::cryptoki_not_initialized;
        if (r) continue;
        // pcscd went away under the wait (SCARD_E_NO_SERVICE): the next round
        // drops what died with it, and reports the readers and tokens that went.
        // A reader gone between the listing and the wait is only listed again.
        states.clear();
        const auto code = r.err().transport_code;
        if (waiter_ == waiter && code != SCARD_E_UNKNOWN_READER && code != SCARD_E_READER_UNAVAILABLE)
            drop_contexts_locked();
        pcscd_back_.wait_for(lock, poll_interval, [&] { return cancelled_.load(); });
    }
}

void card_readers::cancel_wait() {
    std::lock_guard lock(mutex_);
    cancelled_ = true;
    for (auto& w : waiting_) w->cancel();
    pcscd_back_.notify_all();
}

} // namespace p11::cards
