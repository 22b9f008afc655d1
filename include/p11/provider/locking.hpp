// Locking as C_Initialize asked for it (PKCS #11 base 2.40 §5.4):
//   no flag, no callbacks   -> single-threaded application: nothing to do
//   CKF_OS_LOCKING_OK       -> native primitives (platform.hpp)
//   callbacks, no flag      -> the application's mutexes must be used
//   both                    -> either; we use the native ones
// The framework is written with native primitives throughout (fine-grained,
// no lock held across crypto).  For the third case it additionally wraps
// every call in one application mutex, which honours the contract (the
// application's locking is used) at the price of serialising calls: such
// applications are rare, and correctness beats parallelism there.
#pragma once

#include "p11/abi/types.hpp"
#include "p11/constants/flags.hpp"
#include "p11/constants/rv.hpp"

namespace p11::provider {

class app_mutex {
public:
    app_mutex() = default;
    app_mutex(const abi::CK_C_INITIALIZE_ARGS& args) : args_(args) {}  // NOLINT

    [[nodiscard]] rv create() {
        if (!args_.CreateMutex) return rv::ok;
        return static_cast<rv>(args_.CreateMutex(&mutex_));
    }
    void destroy() {
        if (mutex_ && args_.DestroyMutex) args_.DestroyMutex(mutex_);
        mutex_ = nullptr;
    }
    [[nodiscard]] bool active() const { return mutex_ != nullptr; }
    void lock() const {
        if (mutex_) args_.LockMutex(mutex_);
    }
    void unlock() const {
        if (mutex_) args_.UnlockMutex(mutex_);
    }

private:
    abi::CK_C_INITIALIZE_ARGS args_{};
    void* mutex_ = nullptr;
};

// Classifies C_Initialize's argument; CKR_ARGUMENTS_BAD for pReserved or a
// partial set of callbacks.
struct locking_choice {
    bool use_app_mutex = false;
};

inline rv choose_locking(const abi::CK_C_INITIALIZE_ARGS* args, locking_choice& out) {
    out = {};
    if (args == nullptr) return rv::ok;
    if (args->pReserved != nullptr) return rv::arguments_bad;
    const int given = (args->CreateMutex != nullptr) + (args->DestroyMutex != nullptr) + (args->LockMutex != nullptr) +
                      (args->UnlockMutex != nullptr);
    if (given != 0 && given != 4) return rv::arguments_bad;
    const bool os_ok = has(static_cast<init_flags>(args->flags), init_flags::os_locking_ok);
    out.use_app_mutex = given == 4 && !os_ok;
    return rv::ok;
}

} // namespace p11::provider
