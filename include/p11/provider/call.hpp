// The conventions every C_ entry point shares, written once:
//  - one exception boundary (boundary.hpp: bad_alloc -> CKR_HOST_MEMORY,
//    anything else -> CKR_GENERAL_ERROR; nothing escapes into the host, nothing aborts it);
//  - return codes limited to the module's profile (p11::downgrade);
//  - "initialised?" (a child after fork() is not, until it calls C_Initialize);
//  - the application's global mutex when it asked for its own locking;
//  - "valid session?" with that session's lock held for the call.
#pragma once

#include <array>
#include <atomic>
#include <cstdint>
#include <exception>
#include <utility>

#if !defined(_WIN32)
#include <pthread.h>
#endif

#include "p11/constants/rv.hpp"
#include "p11/provider/boundary.hpp"
#include "p11/provider/call_counters.hpp"
#include "p11/provider/platform.hpp"
#include "p11/provider/runtime.hpp"

namespace p11::provider {

// The module the export macro registered (profile and identity).
P11_PROVIDER_LOCAL inline const module_config*& registered_module() {
    static const module_config* m = nullptr;
    return m;
}
[[nodiscard]] inline profile module_profile() {
    const auto* m = registered_module();
    return m ? m->level : profiles::v2_40;
}

template <class Body>
abi::CK_RV enter(Body&& body) noexcept {
    const rv r = catch_at_boundary(body);
    // CKR_OK is in every profile: the common answer skips the table lookup.
    return static_cast<abi::CK_RV>(r == rv::ok ? r : downgrade(r, module_profile()));
}

// The runtime calls use: the same object current_runtime() owns, published
// as a plain pointer.  Set by C_Initialize; cleared by C_Finalize before it
// waits for the calls in progress and lets the runtime go.
P11_PROVIDER_LOCAL inline std::atomic<runtime*>& runtime_for_calls() {
    static std::atomic<runtime*> r{nullptr};
    return r;
}

// This process's id without a system call per C_ function (glibc stopped
// caching getpid() in 2.25, and every call asks "are we a forked child?").
// fork() refreshes it in the child through pthread_atfork, and clears the
// call counters there: the threads that were inside calls in the parent do
// not exist in the child, and a count they left would stall C_Finalize.
// Windows has no fork(): the id is read once, and there is no atfork
// handler (winpthreads' pthread_atfork is a macro, and a stub).
P11_PROVIDER_LOCAL inline std::atomic<process_id>& cached_pid() {
    static std::atomic<process_id> pid{this_process_id()};
    return pid;
}
[[nodiscard]] inline process_id current_pid() {
#if !defined(_WIN32)
    static const bool registered = [] {
        ::pthread_atfork(nullptr, nullptr, [] {
            cached_pid().store(this_process_id(), std::memory_order_relaxed);
            for (auto& c : calls_in_progress()) c.inside.store(0, std::memory_order_relaxed);
        });
        return true;
    }();
    (void)registered;
#endif
    return cached_pid().load(std::memory_order_relaxed);
}

// The live runtime of this process as a shared owner, or nullptr: for the
// calls that must keep it past C_Finalize (C_WaitForSlotEvent, which
// C_Finalize wakes, and C_Finalize itself).
[[nodiscard]] inline runtime_ptr live_runtime() {
    auto rt = current_runtime().load();
    if (rt && rt->pid() != current_pid()) return nullptr;  // inherited through fork(): not ours
    return rt;
}

// A call in progress: counted from before it reads the runtime pointer until
// it returns.  Both sides are sequentially consistent, so C_Finalize either
// sees this call's count or this call sees the cleared pointer.
class call_scope {
public:
    call_scope() noexcept : counter_(calls_in_progress()[slot_of_this_thread()]) {
        counter_.inside.fetch_add(1, std::memory_order_seq_cst);
        runtime_ = runtime_for_calls().load(std::memory_order_seq_cst);
        if (runtime_ != nullptr && runtime_->pid() != current_pid()) runtime_ = nullptr;  // a forked child's inheritance
    }
    ~call_scope() { counter_.inside.fetch_sub(1, std::memory_order_release); }
    call_scope(const call_scope&) = delete;
    call_scope& operator=(const call_scope&) = delete;
    [[nodiscard]] runtime* get() const noexcept { return runtime_; }

private:
    // Threads run on stacks megabytes apart, so an address on this stack
    // picks a counter without thread-local storage, which in a shared library
    // is a call into the dynamic linker (with its initialisation guard, two)
    // on every C_ call.  Any spread is correct: the counters are only ever
    // summed, and a call leaves through the counter it entered by.
    static std::size_t slot_of_this_thread() noexcept {
        const char here = 0;
        const auto page = static_cast<std::uint64_t>(reinterpret_cast<std::uintptr_t>(&here) >> 20);
        return static_cast<std::size_t>((page * 0x9e3779b97f4a7c15ull) >> 60) % call_counter_count;
    }
    call_counter& counter_;
    runtime* runtime_;
};

// C_Finalize, after clearing runtime_for_calls(): returns once every call
// that may have read the old pointer has returned.
inline void wait_for_calls_in_progress() {
    for (auto& c : calls_in_progress())
        while (c.inside.load(std::memory_order_seq_cst) != 0) yield_processor();
}

template <class Body>
rv with_runtime(Body&& body) {
    const call_scope call;
    runtime* rt = call.get();
    if (rt == nullptr) return rv::cryptoki_not_initialized;
    if (!rt->global_lock().active()) return body(*rt);
    rt->global_lock().lock();
    struct unlock_at_exit {
        const app_mutex& m;
        ~unlock_at_exit() { m.unlock(); }
    } unlock{rt->global_lock()};
    return body(*rt);
}

// body(runtime&, session&) with the session's lock held (runtime::in_session).
template <class Body>
rv with_session(abi::CK_SESSION_HANDLE h, Body&& body) {
    return with_runtime([&](runtime& rt) -> rv { return rt.in_session(h, [&](session& s) -> rv { return body(rt, s); }); });
}

// Copies a string into a blank-padded fixed Cryptoki field (UTF-8 cut at the
// field size; the caller keeps labels within it).
inline void pad_field(abi::CK_UTF8CHAR* field, std::size_t size, std::string_view text) {
    for (std::size_t i = 0; i < size; ++i)
        field[i] = i < text.size() ? static_cast<abi::CK_UTF8CHAR>(text[i]) : ' ';
}

inline abi::CK_VERSION to_ck(version_pair v) { return {v.major, v.minor}; }

} // namespace p11::provider
