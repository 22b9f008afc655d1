#include "store/instrumentation.hpp"

namespace p11::store::detail {

namespace {
std::atomic<pin_attempt_hook> pin_hook{nullptr};
}

store_counters& counters() noexcept {
    static store_counters c;
    return c;
}

void set_pin_attempt_hook(pin_attempt_hook h) noexcept { pin_hook.store(h, std::memory_order_release); }

void run_pin_attempt_hook() noexcept {
    if (auto h = pin_hook.load(std::memory_order_acquire)) h();
}

} // namespace p11::store::detail
