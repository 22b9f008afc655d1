// The conventions every C_ entry point shares, written once:
//  - one exception boundary (bad_alloc -> CKR_HOST_MEMORY, anything else ->
//    CKR_GENERAL_ERROR; nothing escapes into the host, nothing aborts it);
//  - return codes limited to the module's profile (p11::downgrade);
//  - "initialised?" (a child after fork() is not, until it calls C_Initialize);
//  - the application's global mutex when it asked for its own locking;
//  - "valid session?" with that session's mutex held for the call.
#pragma once

#include <atomic>
#include <exception>
#include <new>
#include <utility>

#include <pthread.h>
#include <unistd.h>

#include "p11/constants/rv.hpp"
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
    rv code;
    try {
        code = body();
    } catch (const std::bad_alloc&) {
        code = rv::host_memory;
    } catch (...) {
        code = rv::general_error;
    }
    return static_cast<abi::CK_RV>(downgrade(code, module_profile()));
}

// This process's id without a system call per C_ function (glibc stopped
// caching getpid() in 2.25, and every call asks "are we a forked child?").
// fork() refreshes it in the child through pthread_atfork.
P11_PROVIDER_LOCAL inline std::atomic<::pid_t>& cached_pid() {
    static std::atomic<::pid_t> pid{::getpid()};
    return pid;
}
[[nodiscard]] inline ::pid_t current_pid() {
    static const bool registered = [] {
        ::pthread_atfork(nullptr, nullptr, [] { cached_pid().store(::getpid(), std::memory_order_relaxed); });
        return true;
    }();
    (void)registered;
    return cached_pid().load(std::memory_order_relaxed);
}

// The live runtime of this process, or nullptr.
[[nodiscard]] inline runtime_ptr live_runtime() {
    auto rt = current_runtime().load();
    if (rt && rt->pid() != current_pid()) return nullptr;  // inherited through fork(): not ours
    return rt;
}

template <class Body>
rv with_runtime(Body&& body) {
    auto rt = live_runtime();
    if (!rt) return rv::cryptoki_not_initialized;
    if (!rt->global_lock().active()) return body(*rt);
    rt->global_lock().lock();
    struct unlock_at_exit {
        const app_mutex& m;
        ~unlock_at_exit() { m.unlock(); }
    } unlock{rt->global_lock()};
    return body(*rt);
}

// body(runtime&, session&) with the session's mutex held.
template <class Body>
rv with_session(abi::CK_SESSION_HANDLE h, Body&& body) {
    return with_runtime([&](runtime& rt) -> rv {
        auto s = rt.session_of(h);
        if (!s) return s.code();
        std::lock_guard lock((*s)->mutex);
        return body(rt, **s);
    });
}

// Copies a string into a blank-padded fixed Cryptoki field (UTF-8 cut at the
// field size; the caller keeps labels within it).
inline void pad_field(abi::CK_UTF8CHAR* field, std::size_t size, std::string_view text) {
    for (std::size_t i = 0; i < size; ++i)
        field[i] = i < text.size() ? static_cast<abi::CK_UTF8CHAR>(text[i]) : ' ';
}

inline abi::CK_VERSION to_ck(version_pair v) { return {v.major, v.minor}; }

} // namespace p11::provider
