// Random bytes from Windows' system-preferred generator (BCryptGenRandom
// with BCRYPT_USE_SYSTEM_PREFERRED_RNG: the kernel's AES-CTR DRBG, reseeded
// by the OS, safe from any thread).  There is no fork() on Windows, so no
// stream can be continued by a child process.
#include <algorithm>
#include <limits>

#include "crypto/cng/support.hpp"
#include "crypto/random.hpp"

namespace p11::crypto {

status random_bytes(std::span<byte> out) noexcept {
    while (!out.empty()) {
        const std::size_t n = std::min<std::size_t>(out.size(), std::numeric_limits<ULONG>::max());
        if (!cng::ok(BCryptGenRandom(nullptr, out.data(), cng::ulong(n), BCRYPT_USE_SYSTEM_PREFERRED_RNG)))
            return status::internal;
        out = out.subspan(n);
    }
    return status::ok;
}

// The system generator takes no caller input (BCRYPT_RNG_USE_ENTROPY_IN_BUFFER
// is ignored since Windows 8), so C_SeedRandom's bytes cannot replace or
// weaken its state; they are accepted and not used.
status add_entropy(bytes_view) noexcept { return status::ok; }

void reseed_after_fork() noexcept {}

} // namespace p11::crypto
