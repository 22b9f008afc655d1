#include "store/instrumentation.hpp"

namespace p11::store::detail {

namespace {
std::atomic<pin_attempt_hook> pin_hook{nullptr};
std::atomic<metadata_copy_hook> copy_hook{nullptr};
} // namespace

store_counters& counters() noexcept {
    static store_counters c;
    return c;
}

void set_pin_attempt_hook(pin_attempt_hook h) noexcept { pin_hook.store(h, std::memory_order_release); }

void run_pin_attempt_hook() noexcept {
    if (auto h = pin_hook.load(std::memory_order_acquire)) h();
}

void set_metadata_copy_hook(metadata_copy_hook h) noexcept { copy_hook.store(h, std::memory_order_release); }

void run_metadata_copy_hook() noexcept {
    if (auto h = copy_hook.load(std::memory_order_acquire)) h();
}

} // namespace p11::store::detail
