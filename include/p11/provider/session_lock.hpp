// The lock that serialises the calls on one session.
//
// Almost every call on a session finds it free: two threads on one session
// at once is allowed but unusual (the spec makes a session's operations
// serial anyway).  So the common path is as short as a lock can be: one
// atomic exchange to take it and a plain release store to give it back, all
// inline.  A mutex's unlock is a second atomic read-modify-write (it must
// learn whether to wake a sleeper) and two calls into the C library: about a
// tenth of the framework's cost of a 1 KiB AES-GCM message
// (docs/performance.md).  The price is paid by the rare waiter: it spins
// briefly, then yields, then naps up to a millisecond between looks, which
// is short beside the operations worth waiting for (RSA, card commands) and
// costs no processor time while a long one runs.
#pragma once

#include <atomic>

#include "p11/platform.hpp"

namespace p11::provider {

class session_lock {
public:
    session_lock() = default;
    session_lock(const session_lock&) = delete;
    session_lock& operator=(const session_lock&) = delete;

    void lock() noexcept {
        if (!held_.exchange(true, std::memory_order_acquire)) return;
        wait_and_lock();
    }
    [[nodiscard]] bool try_lock() noexcept {
        return !held_.load(std::memory_order_relaxed) && !held_.exchange(true, std::memory_order_acquire);
    }
    void unlock() noexcept { held_.store(false, std::memory_order_release); }

private:
    void wait_and_lock() noexcept {
        for (unsigned looks = 0;; ++looks) {
            while (held_.load(std::memory_order_relaxed)) {
                if (looks < 64)
                    ++looks;  // the holder is likely finishing a short call: look again at once
                else if (looks < 128)
                    ++looks, platform::yield_processor();
                else
                    platform::nap();
            }
            if (!held_.exchange(true, std::memory_order_acquire)) return;
        }
    }
    std::atomic<bool> held_{false};
};

} // namespace p11::provider
