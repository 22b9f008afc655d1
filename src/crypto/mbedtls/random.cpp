// The process-wide random generator: CTR_DRBG (NIST SP 800-90A, AES-256)
// seeded from the OS entropy source (getrandom / /dev/urandom via
// mbedtls_entropy_func).
//
// One generator behind one mutex: a request is a few AES blocks, far shorter
// than anything that calls it.  mbedTLS's own per-context mutex would cover
// mbedtls_ctr_drbg_random only, not reseeding, so we hold ours around every
// call and use the unlocked *_with_add / reseed entry points.
//
// Fork: a child must never continue its parent's stream.  pthread_atfork
// marks the child for reseeding (and keeps the mutex consistent across
// fork()), and a fork_guard catches processes created without the handlers
// (a raw clone()) at no system call per request.  reseed_after_fork() lets the token force it explicitly.
#include <array>
#include <cstring>
#include <mutex>

#include <pthread.h>
#include <unistd.h>

#include <mbedtls/ctr_drbg.h>
#include <mbedtls/entropy.h>
#include <mbedtls/md.h>

#include "crypto/internal/fork_guard.hpp"
#include "crypto/mbedtls/support.hpp"
#include "crypto/random.hpp"

namespace p11::crypto {

namespace {

constexpr char personalisation[] = "p11forge token DRBG";

class generator {
public:
    generator() {
        mbedtls_entropy_init(&entropy_);
        mbedtls_ctr_drbg_init(&drbg_);
    }
    // Runs at exit or dlclose.  A module can still be called after that (an
    // application's own exit handlers calling C_CloseAllSessions, say), so a
    // late caller gets an error, never output from a wiped state.
    ~generator() {
        std::lock_guard lock(mutex_);
        alive_ = false;
        mbedtls_ctr_drbg_free(&drbg_);  // zeroises the DRBG state
        mbedtls_entropy_free(&entropy_);
    }
    generator(const generator&) = delete;
    generator& operator=(const generator&) = delete;

    status generate(std::span<byte> out) noexcept {
        std::lock_guard lock(mutex_);
        if (!ready()) return status::internal;
        while (!out.empty()) {
            const std::size_t n = std::min<std::size_t>(out.size(), MBEDTLS_CTR_DRBG_MAX_REQUEST);
            if (mbedtls_ctr_drbg_random_with_add(&drbg_, out.data(), n, nullptr, 0) != 0) return status::internal;
            out = out.subspan(n);
        }
        return status::ok;
    }

    // Caller bytes are hashed down first: the DRBG bounds its additional
    // input, C_SeedRandom does not bound the seed.  The reseed also pulls
    // fresh OS entropy, so a caller can add to the state but never replace it.
    status mix(bytes_view seed) noexcept {
        std::array<byte, 64> digest{};
        const auto* info = mbedtls_md_info_from_type(MBEDTLS_MD_SHA512);
        if (mbedtls_md(info, seed.data(), seed.size(), digest.data()) != 0) return status::internal;
        std::lock_guard lock(mutex_);
        status st = ready() ? status::ok : status::internal;
        if (st == status::ok && mbedtls_ctr_drbg_reseed(&drbg_, digest.data(), digest.size()) != 0)
            st = status::internal;
        mbedtls_platform_zeroize(digest.data(), digest.size());
        return st;
    }

    void force_reseed() noexcept {
        std::lock_guard lock(mutex_);
        if (alive_ && seeded_) reseed_locked();
    }

    static generator& instance() {
        static generator g;
        // Registered once g exists, so the handlers never meet a half-built
        // generator.  glibc drops them again if this module is dlclose()d.
        [[maybe_unused]] static const int registered =
            pthread_atfork(&generator::before_fork, &generator::after_fork_parent, &generator::after_fork_child);
        return g;
    }

private:
    // Seeds on first use, reseeds when the process is not the one that seeded.
    bool ready() noexcept {
        if (!alive_) return false;
        if (!seeded_) {
            if (mbedtls_ctr_drbg_seed(&drbg_, mbedtls_entropy_func, &entropy_,
                                      reinterpret_cast<const unsigned char*>(personalisation),
                                      sizeof personalisation - 1) != 0)
                return false;
            seeded_ = true;
            guard_.arm();
            forked_ = false;
            return true;
        }
        if (forked_ || guard_.moved()) return reseed_locked();
        return true;
    }

    bool reseed_locked() noexcept {
        // The pid as additional input separates siblings even if the OS source
        // were to repeat itself.
        const pid_t pid = getpid();
        if (mbedtls_ctr_drbg_reseed(&drbg_, reinterpret_cast<const unsigned char*>(&pid), sizeof pid) != 0)
            return false;
        guard_.arm();
        forked_ = false;
        return true;
    }

    static void before_fork() { instance().mutex_.lock(); }
    static void after_fork_parent() { instance().mutex_.unlock(); }
    static void after_fork_child() {
        instance().forked_ = true;
        instance().mutex_.unlock();
    }

    std::mutex mutex_;
    mbedtls_entropy_context entropy_;
    mbedtls_ctr_drbg_context drbg_;
    bool alive_ = true;
    bool seeded_ = false;
    bool forked_ = false;
    internal::fork_guard guard_;
};

} // namespace

status random_bytes(std::span<byte> out) noexcept {
    try {
        return generator::instance().generate(out);
    } catch (...) {
        return status::internal;
    }
}

status add_entropy(bytes_view seed) noexcept {
    try {
        return generator::instance().mix(seed);
    } catch (...) {
        return status::internal;
    }
}

void reseed_after_fork() noexcept {
    try {
        generator::instance().force_reseed();
    } catch (...) {
    }
}

namespace mbed {

int rng(void*, unsigned char* out, std::size_t len) noexcept {
    return random_bytes({out, len}) == status::ok ? 0 : MBEDTLS_ERR_CTR_DRBG_ENTROPY_SOURCE_FAILED;
}

} // namespace mbed

} // namespace p11::crypto
