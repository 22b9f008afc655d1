// Counters of C_ calls in progress (call.hpp counts every call in them).
#pragma once

#include <array>
#include <atomic>
#include <cstddef>

#include "p11/provider/module_local.hpp"

namespace p11::provider {

// Counters of C_ calls in progress, spread over cache lines so that threads
// rarely share one.  They let C_Finalize wait until no call can still be
// using the runtime it retires, without each call taking a reference on the
// runtime: that reference count (and std::atomic<shared_ptr>'s lock around
// it) is one cache line that every call of every thread used to write, a
// measurable share of a short call and contention between threads.
struct alignas(64) call_counter {
    std::atomic<long> inside{0};
};
inline constexpr std::size_t call_counter_count = 16;
P11_PROVIDER_LOCAL inline std::array<call_counter, call_counter_count>& calls_in_progress() {
    static auto* counters = new std::array<call_counter, call_counter_count>();  // leaked, like the runtime
    return *counters;
}

// Whether the calling thread's own call is the only one in progress: then no
// other call can hold a pointer it read before now (runtime.hpp frees closed
// sessions then).  Conservative: a thread that shares the caller's counter
// and is inside a call, or one entering while the counters are read, makes
// it false.  Only for a caller that is itself inside one counted call.
[[nodiscard]] inline bool only_this_call_in_progress() noexcept {
    long inside = 0;
    for (auto& c : calls_in_progress()) inside += c.inside.load(std::memory_order_seq_cst);
    return inside == 1;
}

} // namespace p11::provider
