// A read-only shared mapping of the lock file's generation counter, so that
// "has another process changed the token?" costs one memory load instead of
// a pread.  Writers still pwrite the counter under the exclusive lock; the
// page cache behind the mapping is the same one pwrite fills, so the load
// sees the new value as soon as the writer's pwrite has returned.
//
// The counter is only a hint that a sync is due: a torn or early read makes
// a reader sync once more or once later, never skip a change that happened
// before its call began (that writer's pwrite returned before).
#pragma once

#include <atomic>
#include <bit>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <vector>

namespace p11::store::detail {

class generation_view {
public:
    generation_view() = default;
    generation_view(generation_view&& o) noexcept;
    generation_view& operator=(generation_view&&) = delete;
    generation_view(const generation_view&) = delete;
    generation_view& operator=(const generation_view&) = delete;
    ~generation_view();

    // Maps the counter of the lock file open as `fd` (replacing an earlier
    // mapping, which stays mapped until destruction because readers may
    // still hold its address).  Extends a short lock file to the counter's
    // size first: a mapped page past the end of a file faults (SIGBUS).
    // False when the file cannot be mapped; current() is then nullopt.
    bool attach(int fd) noexcept;

    // The counter as stored now; nullopt without a mapping (one load of the
    // mapping's address, so attach() on another thread cannot pull it away
    // between a check and the read).
    // Inline: it runs before every use of a token object's handle.
    [[nodiscard]] std::optional<std::uint64_t> current() const noexcept {
        const auto* counter = counter_.load(std::memory_order_acquire);
        if (counter == nullptr) return std::nullopt;
        // One aligned load, not a byte-wise copy; whatever a concurrent
        // pwrite leaves it seeing, a value other than the last one seen
        // costs one sync.
        const std::uint64_t stored = __atomic_load_n(counter, __ATOMIC_ACQUIRE);
        if constexpr (std::endian::native == std::endian::big) return __builtin_bswap64(stored);
        return stored;
    }

private:
    struct mapping {
        void* address = nullptr;
        std::size_t length = 0;
        mapping(void* a, std::size_t n) : address(a), length(n) {}
        mapping(const mapping&) = delete;
        mapping& operator=(const mapping&) = delete;
        ~mapping();
    };
    std::atomic<const std::uint64_t*> counter_{nullptr};
    // Every mapping made, the current one last; touched only by attach(),
    // whose caller serialises it (the lock file's owner).
    std::vector<std::unique_ptr<mapping>> mappings_;
};

} // namespace p11::store::detail
