// The state of an initialised module: slots, sessions, login state and
// object handles.  Created by C_Initialize, dropped by C_Finalize.
//
// Concurrency: one mutex guards the tables (sessions, object handles, login
// state) and is held only for table lookups and edits, never across a token
// call that may be slow (crypto, PIN derivation, card I/O).  A plain mutex,
// not a reader-writer lock: the sections are a hash lookup long, where
// glibc's rwlock costs several times a mutex and readers bounce its cache
// line between cores just the same.  Each
// session has its own lock for its operations (session_lock.hpp), so two
// threads signing in two sessions run in parallel; a call finds its session
// without the tables' mutex (in_session).
#pragma once

#include <array>
#include <atomic>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <set>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

#include "p11/constants/session_state.hpp"
#include "p11/provider/call_counters.hpp"
#include "p11/provider/locking.hpp"
#include "p11/provider/module_local.hpp"
#include "p11/provider/object.hpp"
#include "p11/provider/platform.hpp"
#include "p11/provider/session.hpp"
#include "p11/provider/session_object_index.hpp"
#include "p11/provider/token.hpp"
#include "p11/version.hpp"

namespace p11::provider {

// What a module hands the framework (see export.hpp).
struct module_config {
    module_description description;
    profile level = profiles::v2_40;
    std::function<std::unique_ptr<slot_manager>()> make_slots;
};

enum class login_state : std::uint8_t { nobody, user, so };

// A handle's object: where it lives and its current snapshot.
struct object_entry {
    abi::CK_OBJECT_HANDLE handle = 0;
    abi::CK_SLOT_ID slot_id = 0;
    std::uint64_t token_generation = 0;
    bool on_token = false;
    std::vector<std::uint8_t> token_key;        // on_token
    abi::CK_SESSION_HANDLE owner = 0;           // session objects
    object_ptr snapshot;
};
using object_entry_ptr = std::shared_ptr<object_entry>;

struct slot_state {
    login_state login = login_state::nobody;
    std::uint64_t token_generation = 0;
    // Serialises login/logout/PIN changes of one slot (they may be slow).
    std::shared_ptr<provider::mutex> auth_mutex = std::make_shared<provider::mutex>();
};

// Handles are never reused within a process run, across C_Finalize too.
P11_PROVIDER_LOCAL inline std::atomic<abi::CK_ULONG>& next_session_handle() {
    static std::atomic<abi::CK_ULONG> n{1};
    return n;
}
P11_PROVIDER_LOCAL inline std::atomic<abi::CK_ULONG>& next_object_handle() {
    static std::atomic<abi::CK_ULONG> n{1};
    return n;
}

class runtime {
public:
    runtime(const module_config& cfg, std::unique_ptr<slot_manager> slots, app_mutex global)
        : config_(cfg), slots_(std::move(slots)), global_(global), pid_(this_process_id()) {}
    ~runtime() { global_.destroy(); }
    runtime(const runtime&) = delete;
    runtime& operator=(const runtime&) = delete;

    [[nodiscard]] const module_config& config() const { return config_; }
    [[nodiscard]] profile level() const { return config_.level; }
    [[nodiscard]] slot_manager& slots() { return *slots_; }
    [[nodiscard]] const app_mutex& global_lock() const { return global_; }
    [[nodiscard]] process_id pid() const { return pid_; }

    // --- slots and tokens ---------------------------------------------------
    // The slot's token, with the generation that identifies it; TOKEN_NOT_PRESENT.
    result<std::pair<std::shared_ptr<token>, std::uint64_t>> token_of(abi::CK_SLOT_ID id) {
        auto s = slots_->find_slot(id);
        if (!s) return rv::slot_id_invalid;
        auto tok = s->current_token();
        if (!tok) return rv::token_not_present;
        const auto generation = s->token_generation();
        note_generation(id, generation);
        return std::pair{std::move(tok), generation};
    }

    // --- sessions -------------------------------------------------------------
    result<session_ptr> session_of(abi::CK_SESSION_HANDLE h) {
        session_ptr s;
        {
            std::lock_guard lock(mutex_);
            auto it = sessions_.find(h);
            if (it == sessions_.end()) return rv::session_handle_invalid;
            s = it->second;
        }
        // A replaced or removed token takes its sessions with it.
        if (!slots_->holds_token(s->slot_id, s->token_generation)) {
            close_sessions_of_slot(s->slot_id, /*only_stale=*/true);
            return rv::session_handle_invalid;
        }
        return s;
    }

    // body(session&) -> rv with the session's lock held: the path of every
    // call on a session (call.hpp, with_session).  Holding that lock keeps
    // the session open for the call: close_session takes it after removing
    // the session from the table, and so waits for the call.
    //
    // The common case takes no table mutex: a session published in
    // published_ (most are, see add_session) is found with one atomic load,
    // and its memory stays valid however the call races C_CloseSession,
    // because a closed published session is only freed once no other call
    // is in progress (retired_).  The table's mutex and hash lookup were a
    // sixth of the framework's cost of a 1 KiB AES-GCM message
    // (docs/performance.md).
    template <class Body>
    rv in_session(abi::CK_SESSION_HANDLE h, Body&& body) {
        session* s = published_[h % published_.size()].load(std::memory_order_seq_cst);
        // Declared before the lock, so that it outlives the unlock: it may be
        // the session's last owner.
        session_ptr busy;  // only when the table's path found the session held by another thread
        std::unique_lock<session_lock> op;
        if (s != nullptr && s->handle == h) {
            op = std::unique_lock<session_lock>(s->mutex);
            if (s->closed) return rv::session_handle_invalid;
        } else {
            // Under the table's mutex the session's lock is only tried,
            // never waited for (a call holding it takes the table's mutex in
            // turn); a session busy in another thread is kept alive by a
            // reference while its mutex is awaited outside.
            {
                std::lock_guard lock(mutex_);
                auto it = sessions_.find(h);
                if (it == sessions_.end()) return rv::session_handle_invalid;
                s = it->second.get();
                op = std::unique_lock<session_lock>(s->mutex, std::try_to_lock);
                if (!op.owns_lock()) busy = it->second;
            }
            if (!op.owns_lock()) op.lock();
            if (s->closed) return rv::session_handle_invalid;
        }
        // A replaced or removed token takes its sessions with it.
        if (!slots_->holds_token(s->slot_id, s->token_generation)) {
            const auto slot = s->slot_id;
            op.unlock();  // closing takes it
            close_sessions_of_slot(slot, /*only_stale=*/true);
            return rv::session_handle_invalid;
        }
        return body(*s);
    }

    // Frees the published sessions closed so far once no other call can
    // still be using one (call_counters.hpp).  Called by C_OpenSession and
    // C_CloseSession, from inside their own counted call.
    void free_retired_sessions() {
        std::vector<session_ptr> doomed;
        {
            std::lock_guard lock(mutex_);
            if (retired_.empty() || !only_this_call_in_progress()) return;
            doomed.swap(retired_);
        }
    }

    // The new session's handle.
    abi::CK_SESSION_HANDLE add_session(abi::CK_SLOT_ID slot_id, bool rw, std::shared_ptr<token> tok,
                                       std::uint64_t generation, abi::CK_NOTIFY notify, void* app) {
        auto s = std::make_shared<session>();
        const auto handle = next_session_handle()++;
        s->handle = handle;
        s->slot_id = slot_id;
        s->read_write = rw;
        s->tok = std::move(tok);
        s->token_generation = generation;
        s->notify = notify;
        s->application = app;
        std::lock_guard lock(mutex_);
        // Published where its slot is free, unless too many closed ones
        // await freeing (a process whose calls never pause, see
        // free_retired_sessions): those sessions take the table's path.
        auto& place = published_[handle % published_.size()];
        if (place.load(std::memory_order_relaxed) == nullptr && retired_.size() < max_retired_sessions)
            place.store(s.get(), std::memory_order_seq_cst);
        sessions_.emplace(handle, std::move(s));
        return handle;
    }

    std::vector<session_ptr> sessions_of_slot(abi::CK_SLOT_ID slot_id) const {
        std::lock_guard lock(mutex_);
        std::vector<session_ptr> out;
        for (const auto& [h, s] : sessions_)
            if (s->slot_id == slot_id) out.push_back(s);
        return out;
    }
    [[nodiscard]] bool has_read_only_session(abi::CK_SLOT_ID slot_id) const {
        std::lock_guard lock(mutex_);
        for (const auto& [h, s] : sessions_)
            if (s->slot_id == slot_id && !s->read_write) return true;
        return false;
    }
    [[nodiscard]] std::pair<ck_ulong, ck_ulong> session_counts(abi::CK_SLOT_ID slot_id) const {
        std::lock_guard lock(mutex_);
        ck_ulong all = 0, rw = 0;
        for (const auto& [h, s] : sessions_) {
            if (s->slot_id != slot_id) continue;
            ++all;
            rw += s->read_write ? 1 : 0;
        }
        return {all, rw};
    }

    // Closes one session: its objects go, and the last session of a slot logs out.
    rv close_session(abi::CK_SESSION_HANDLE h) {
        session_ptr s;
        bool last = false;
        {
            std::lock_guard lock(mutex_);
            auto it = sessions_.find(h);
            if (it == sessions_.end()) return rv::session_handle_invalid;
            s = std::move(it->second);
            sessions_.erase(it);
            // A call may have read the published pointer and not yet locked
            // the session: the memory stays until free_retired_sessions().
            auto& place = published_[h % published_.size()];
            if (place.load(std::memory_order_relaxed) == s.get()) {
                place.store(nullptr, std::memory_order_seq_cst);
                retired_.push_back(s);
            }
            drop_session_objects_locked(h);
            last = std::none_of(sessions_.begin(), sessions_.end(),
                                [&](const auto& kv) { return kv.second->slot_id == s->slot_id; });
        }
        {
            std::lock_guard op_lock(s->mutex);
            s->closed = true;
            s->end_all();
        }
        if (last) logout_slot(s->slot_id, s->tok.get());
        return rv::ok;
    }

    void close_sessions_of_slot(abi::CK_SLOT_ID slot_id, bool only_stale = false) {
        auto slot = slots_->find_slot(slot_id);
        const auto generation = slot ? slot->token_generation() : ~std::uint64_t{0};
        const bool present = slot && slot->current_token();
        std::vector<abi::CK_SESSION_HANDLE> doomed;
        {
            std::lock_guard lock(mutex_);
            for (const auto& [h, s] : sessions_)
                if (s->slot_id == slot_id && (!only_stale || !present || s->token_generation != generation))
                    doomed.push_back(h);
        }
        for (auto h : doomed) close_session(h);
    }

    // --- login state ------------------------------------------------------------
    [[nodiscard]] login_state login_of(abi::CK_SLOT_ID slot_id) const {
        std::lock_guard lock(mutex_);
        auto it = slot_states_.find(slot_id);
        return it == slot_states_.end() ? login_state::nobody : it->second.login;
    }
    void set_login(abi::CK_SLOT_ID slot_id, login_state who) {
        std::lock_guard lock(mutex_);
        slot_states_[slot_id].login = who;
    }
    std::shared_ptr<provider::mutex> auth_mutex(abi::CK_SLOT_ID slot_id) {
        std::lock_guard lock(mutex_);
        return slot_states_[slot_id].auth_mutex;
    }
    void logout_slot(abi::CK_SLOT_ID slot_id, token* tok) {
        auto guard = auth_mutex(slot_id);
        std::lock_guard lock(*guard);
        if (login_of(slot_id) == login_state::nobody) return;
        if (tok) tok->logout();
        set_login(slot_id, login_state::nobody);
        forget_private_objects(slot_id);
    }
    // PKCS #11 base 2.40, C_Logout: "any of the application's handles
    // to private objects become invalid (even if a user is later logged back
    // into the token, those handles remain invalid). In addition, all private
    // session objects from sessions belonging to the application are
    // destroyed."  Hiding them while logged out (object_of) is not enough.
    void forget_private_objects(abi::CK_SLOT_ID slot_id) {
        std::lock_guard lock(mutex_);
        for (auto it = objects_.begin(); it != objects_.end();) {
            const auto& e = *it->second;
            if (e.slot_id != slot_id || !e.snapshot || !e.snapshot->is_private()) {
                ++it;
                continue;
            }
            it = erase_object_locked(it);
        }
    }

    [[nodiscard]] session_state state_of(const session& s) const {
        switch (login_of(s.slot_id)) {
        case login_state::so: return session_state::rw_so_functions;
        case login_state::user: return s.read_write ? session_state::rw_user_functions : session_state::ro_user_functions;
        case login_state::nobody: break;
        }
        return s.read_write ? session_state::rw_public_session : session_state::ro_public_session;
    }

    // --- objects ----------------------------------------------------------------
    // The handle of a token object, made on first sight and then stable.
    abi::CK_OBJECT_HANDLE handle_for(abi::CK_SLOT_ID slot_id, std::uint64_t generation, const token_object& t) {
        std::lock_guard lock(mutex_);
        auto key = std::make_tuple(slot_id, generation, t.key);
        auto it = token_handles_.find(key);
        if (it != token_handles_.end()) {
            auto entry = objects_.find(it->second);
            if (entry != objects_.end()) {
                entry->second->snapshot = t.snapshot;
                return it->second;
            }
        }
        auto e = std::make_shared<object_entry>();
        e->handle = next_object_handle()++;
        e->slot_id = slot_id;
        e->token_generation = generation;
        e->on_token = true;
        e->token_key = t.key;
        e->snapshot = t.snapshot;
        objects_.emplace(e->handle, e);
        token_handles_[key] = e->handle;
        return e->handle;
    }

    abi::CK_OBJECT_HANDLE add_session_object(const session& owner, object_ptr snapshot) {
        auto e = std::make_shared<object_entry>();
        e->handle = next_object_handle()++;
        e->slot_id = owner.slot_id;
        e->token_generation = owner.token_generation;
        e->owner = owner.handle;
        e->snapshot = std::move(snapshot);
        std::lock_guard lock(mutex_);
        if (e->snapshot) session_index_.add(e->slot_id, e->token_generation, e->handle, e->snapshot->attributes());
        objects_.emplace(e->handle, e);
        session_handles_.insert(e->handle);
        ++owned_objects_[owner.handle];
        return e->handle;
    }

    // The entry behind a handle as seen from a session: it must belong to the
    // session's token and be visible (private objects need the user's login).
    result<object_entry_ptr> object_of(const session& s, abi::CK_OBJECT_HANDLE h, rv invalid = rv::object_handle_invalid) {
        auto found = lookup(s, h, invalid);
        if (!found) return found.error_value();
        return std::move((*found).first);
    }
    // The snapshot of such an object, as object_of() checked it (for callers
    // that need nothing else of the entry: one table lookup less).
    result<object_ptr> visible_snapshot(const session& s, abi::CK_OBJECT_HANDLE h, rv invalid = rv::object_handle_invalid) {
        auto found = lookup(s, h, invalid);
        if (!found) return found.error_value();
        return std::move((*found).second);
    }
    [[nodiscard]] object_ptr snapshot_of(const object_entry& e) const {
        std::lock_guard lock(mutex_);
        return e.snapshot;
    }
    void replace_snapshot(object_entry& e, object_ptr snap) {
        std::lock_guard lock(mutex_);
        // C_SetAttributeValue may change a label or id a search narrows by.
        if (!e.on_token && snap && objects_.contains(e.handle))
            session_index_.change(e.slot_id, e.token_generation, e.handle, snap->attributes());
        e.snapshot = std::move(snap);
    }
    // C_SetAttributeValue on a session object: `apply` runs on the current
    // snapshot under the table mutex, so two threads changing different
    // attributes of one object both keep their change (the token does the
    // same for token objects, see token::update).  `apply` must be quick and
    // must not call back into the runtime.
    result<void> change_session_object(object_entry& e, const token::change_function& apply) {
        std::lock_guard lock(mutex_);
        if (!e.snapshot || !objects_.contains(e.handle)) return rv::object_handle_invalid;
        auto attrs = apply(*e.snapshot);
        if (!attrs) return attrs.error_value();
        auto snap = std::make_shared<const object>(std::move(*attrs));
        session_index_.change(e.slot_id, e.token_generation, e.handle, snap->attributes());
        e.snapshot = std::move(snap);
        return {};
    }
    void remove_object(abi::CK_OBJECT_HANDLE h) {
        std::lock_guard lock(mutex_);
        auto it = objects_.find(h);
        if (it != objects_.end()) erase_object_locked(it);
    }
    // Session objects of this application on a slot (they are visible to all
    // its sessions) that may match `q`: handles with their snapshots.
    std::vector<std::pair<abi::CK_OBJECT_HANDLE, object_ptr>> session_objects(abi::CK_SLOT_ID slot_id, std::uint64_t generation,
                                                                              const narrowing_keys& q) {
        std::lock_guard lock(mutex_);
        std::vector<std::pair<abi::CK_OBJECT_HANDLE, object_ptr>> out;
        const auto attributes_of = [&](abi::CK_OBJECT_HANDLE h) -> const attribute_set& {
            return objects_.at(h)->snapshot->attributes();
        };
        for (auto h : session_index_.find(slot_id, generation, q, attributes_of))
            out.emplace_back(h, objects_.at(h)->snapshot);
        return out;
    }

private:
    result<std::pair<object_entry_ptr, object_ptr>> lookup(const session& s, abi::CK_OBJECT_HANDLE h, rv invalid) {
        object_entry_ptr e;
        {
            std::lock_guard lock(mutex_);
            auto it = objects_.find(h);
            if (it == objects_.end()) return invalid;
            e = it->second;
        }
        if (e->slot_id != s.slot_id || e->token_generation != s.token_generation) return invalid;
        // A token object may have changed or gone since its handle was made
        // (another process, C_InitToken, the card itself): the token's current
        // snapshot decides.  token::load() is otherwise never called, and a
        // handle kept answering with the snapshot of its first sight.
        if (e->on_token) {
            auto fresh = s.tok->load(e->token_key);
            if (!fresh) {
                remove_object(h);
                return invalid;
            }
            replace_snapshot(*e, std::move(fresh));
        }
        auto snap = snapshot_of(*e);
        if (!snap) return invalid;
        if (snap->is_private() && login_of(s.slot_id) != login_state::user) return invalid;
        return std::pair{std::move(e), std::move(snap)};
    }

    using object_iterator = std::unordered_map<abi::CK_OBJECT_HANDLE, std::shared_ptr<object_entry>>::iterator;
    // Every removal goes through here, so the indexes never name a handle
    // that objects_ no longer has.
    object_iterator erase_object_locked(object_iterator it) {
        const auto& e = *it->second;
        if (e.on_token) {
            token_handles_.erase(std::make_tuple(e.slot_id, e.token_generation, e.token_key));
        } else {
            session_index_.erase(e.slot_id, e.token_generation, e.handle);
            session_handles_.erase(e.handle);
            if (auto owned = owned_objects_.find(e.owner); owned != owned_objects_.end() && --owned->second == 0)
                owned_objects_.erase(owned);
        }
        return objects_.erase(it);
    }
    void drop_session_objects_locked(abi::CK_SESSION_HANDLE owner) {
        if (!owned_objects_.contains(owner)) return;  // most sessions own none: no walk
        for (auto h = session_handles_.begin(); h != session_handles_.end();) {
            auto it = objects_.find(*h);
            ++h;  // erase_object_locked invalidates the current position
            if (it->second->owner == owner) erase_object_locked(it);
        }
    }
    void note_generation(abi::CK_SLOT_ID id, std::uint64_t generation) {
        bool changed = false;
        {
            std::lock_guard lock(mutex_);
            auto& st = slot_states_[id];
            if (st.token_generation != generation) {
                // A new token arrived: whatever login the old one had is gone.
                st.token_generation = generation;
                st.login = login_state::nobody;
                changed = true;
            }
        }
        if (changed) close_sessions_of_slot(id, /*only_stale=*/true);
    }

    module_config config_;
    std::unique_ptr<slot_manager> slots_;
    app_mutex global_;
    process_id pid_;

    mutable provider::mutex mutex_;
    std::unordered_map<abi::CK_SESSION_HANDLE, session_ptr> sessions_;
    // Open sessions that calls find without mutex_ (in_session): slot
    // handle % size, written under mutex_.  Handles are never reused, so
    // with up to this many sessions open at once every one has a slot.
    std::array<std::atomic<session*>, 64> published_{};
    // Closed published sessions, kept until no call can be using them.
    static constexpr std::size_t max_retired_sessions = 64;
    std::vector<session_ptr> retired_;
    std::unordered_map<abi::CK_OBJECT_HANDLE, object_entry_ptr> objects_;
    std::map<std::tuple<abi::CK_SLOT_ID, std::uint64_t, std::vector<std::uint8_t>>, abi::CK_OBJECT_HANDLE> token_handles_;
    // The session objects among objects_: C_CloseSession walks these, not
    // every token object the application has a handle for ...
    std::set<abi::CK_OBJECT_HANDLE> session_handles_;
    // ... and searches look them up here (the same objects, indexed).
    session_object_index session_index_;
    // How many of them each session owns (sessions that own none are absent).
    std::unordered_map<abi::CK_SESSION_HANDLE, std::size_t> owned_objects_;
    std::map<abi::CK_SLOT_ID, slot_state> slot_states_;
};

using runtime_ptr = std::shared_ptr<runtime>;

// The module's one runtime (per process: a child after fork() sees none).
// Never destroyed: applications call in from their own exit-time cleanup
// (libp11 from OpenSSL's atexit handler, after a wrong PIN), which runs after
// the module's static destructors when the module was loaded later than the
// handler was registered.  A destroyed atomic<shared_ptr> would hand out a
// dangling runtime there; a leaked one still answers.
P11_PROVIDER_LOCAL inline std::atomic<runtime_ptr>& current_runtime() {
    static auto* r = new std::atomic<runtime_ptr>();
    return *r;
}

} // namespace p11::provider
