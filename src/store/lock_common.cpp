// lock_file's rounds, the same on every platform (lock_once() is POSIX's or
// Windows').
#include "store/lock_file.hpp"

namespace p11::store::detail {

result<bool> lock_file::acquire(bool exclusive, bool wait) {
    // Three rounds at most: the file can only be swapped once between our
    // check and our lock by a cleanup; a third swap is not a thing we do.
    for (int round = 0; round < 3; ++round) {
        auto a = lock_once(exclusive, wait);
        if (!a) return a.error_value();
        if (*a == attempt::granted) return true;
        if (*a == attempt::busy) return false;
    }
    return rv::device_error;
}

result<void> lock_file::lock(bool exclusive) {
    auto r = acquire(exclusive, true);
    if (!r) return r.error_value();
    return {};
}

result<bool> lock_file::try_lock(bool exclusive) { return acquire(exclusive, false); }

} // namespace p11::store::detail
