// Counters and two fault-injection points, so tests can check structural
// promises (find() never touches the disk, records are decrypted once per
// login) and crash behaviour, instead of guessing from timings.  Counting is
// a relaxed atomic increment: cheap enough to leave in production builds.
#pragma once

#include <atomic>
#include <cstdint>

namespace p11::store::detail {

struct store_counters {
    std::atomic<std::uint64_t> file_opens{0};       // files opened for reading
    std::atomic<std::uint64_t> file_commits{0};     // atomic replaces completed
    std::atomic<std::uint64_t> decryptions{0};      // sealed record parts opened
    std::atomic<std::uint64_t> index_candidates{0}; // objects a find() looked at
};

// Process-wide: a test reads the difference around the operation it checks.
store_counters& counters() noexcept;

inline void count(std::atomic<std::uint64_t>& c, std::uint64_t n = 1) noexcept {
    c.fetch_add(n, std::memory_order_relaxed);
}

// Called during a PIN check after the decremented retry counter is durable
// and before the PIN is tried.  A test makes it kill the process to prove
// that no crash at this point can give a wrong attempt back.
using pin_attempt_hook = void (*)();
void set_pin_attempt_hook(pin_attempt_hook h) noexcept;
void run_pin_attempt_hook() noexcept;

// Called while the metadata is written, after its first copy is durable and
// before the second is written (meta_copies.hpp): a test kills the process
// there to prove that the copy written first, the newer, wins.
using metadata_copy_hook = void (*)();
void set_metadata_copy_hook(metadata_copy_hook h) noexcept;
void run_metadata_copy_hook() noexcept;

} // namespace p11::store::detail
