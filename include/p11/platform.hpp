// What the framework, the store and the tokens need from the operating
// system beyond the C++ standard library, in one place: a mutex, this
// process's id, and giving up the processor.  Part of the core (no layer below it), so that the store
// need not depend on the provider framework for a lock.
//
// Windows: mingw-w64's win32 thread model (GCC 12's g++-mingw-w64-x86-64-win32)
// has no std::mutex or std::thread, and its posix model drags in
// winpthreads (a DLL unless linked statically).  The framework locks with an
// SRW lock there, what std::mutex wraps on Windows anyway: one pointer,
// zero-initialised, no constructor, no destructor.  <windows.h> is not
// included: its CreateMutex macro would rename CK_C_INITIALIZE_ARGS's field
// behind the back of a translation unit that included abi/types.hpp first;
// the four functions are declared here exactly as <synchapi.h> and
// <processthreadsapi.h> declare them, so including <windows.h> before or
// after this header is fine.
//
// A Windows process is never forked, so there is no fork handling there
// (call.hpp): this process's id is read once.
#pragma once

#include <mutex>  // std::lock_guard, in every thread model; std::mutex where there are gthreads

#if defined(_WIN32)
#include <process.h>
#else
#include <sched.h>
#include <unistd.h>
#endif

#if defined(_WIN32)
extern "C" {
struct _RTL_SRWLOCK;
__declspec(dllimport) void __stdcall AcquireSRWLockExclusive(struct _RTL_SRWLOCK* lock);
__declspec(dllimport) void __stdcall ReleaseSRWLockExclusive(struct _RTL_SRWLOCK* lock);
__declspec(dllimport) unsigned char __stdcall TryAcquireSRWLockExclusive(struct _RTL_SRWLOCK* lock);
__declspec(dllimport) int __stdcall SwitchToThread(void);
__declspec(dllimport) void __stdcall Sleep(unsigned long milliseconds);
}
#endif

namespace p11::platform {

#if defined(_WIN32)
// A Lockable over an SRW lock (std::lock_guard, std::unique_lock work with it).
class mutex {
public:
    mutex() = default;
    mutex(const mutex&) = delete;
    mutex& operator=(const mutex&) = delete;
    void lock() noexcept { ::AcquireSRWLockExclusive(native()); }
    void unlock() noexcept { ::ReleaseSRWLockExclusive(native()); }
    [[nodiscard]] bool try_lock() noexcept { return ::TryAcquireSRWLockExclusive(native()) != 0; }

private:
    // SRWLOCK is { PVOID Ptr; }; SRWLOCK_INIT is all zeros.
    _RTL_SRWLOCK* native() noexcept { return reinterpret_cast<_RTL_SRWLOCK*>(&state_); }
    void* state_ = nullptr;
};

using process_id = long;
[[nodiscard]] inline process_id this_process_id() noexcept { return static_cast<process_id>(::_getpid()); }
// Gives up the processor to another thread (std::this_thread::yield is
// missing from the win32 thread model too).
inline void yield_processor() noexcept { ::SwitchToThread(); }
// Sleeps about a millisecond at most (Windows' granularity is the tick).
inline void nap() noexcept { ::Sleep(1); }
#else
using mutex = std::mutex;

using process_id = ::pid_t;
[[nodiscard]] inline process_id this_process_id() noexcept { return ::getpid(); }
inline void yield_processor() noexcept { ::sched_yield(); }
// Sleeps about a millisecond at most.
inline void nap() noexcept { ::usleep(500); }
#endif

} // namespace p11::platform
