// Memory for secrets: wiped when released, compared in constant time.
// Header-only; used by the provider framework, the software token and the
// crypto layer alike.
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <memory>
#include <span>
#include <vector>

namespace p11 {

// Overwrites memory in a way the optimiser may not remove (the store through
// a volatile pointer cannot be proven dead).
inline void secure_zero(void* p, std::size_t n) noexcept {
    auto* v = static_cast<volatile unsigned char*>(p);
    while (n--) *v++ = 0;
}

// Equality of two buffers in time that depends only on their lengths.
[[nodiscard]] inline bool constant_time_equal(std::span<const std::uint8_t> a, std::span<const std::uint8_t> b) noexcept {
    if (a.size() != b.size()) return false;
    volatile std::uint8_t diff = 0;
    for (std::size_t i = 0; i < a.size(); ++i) diff = static_cast<std::uint8_t>(diff | (a[i] ^ b[i]));
    return diff == 0;
}

template <class T>
struct zeroizing_allocator {
    using value_type = T;
    zeroizing_allocator() noexcept = default;
    template <class U>
    zeroizing_allocator(const zeroizing_allocator<U>&) noexcept {}  // NOLINT: rebinding
    T* allocate(std::size_t n) { return std::allocator<T>{}.allocate(n); }
    void deallocate(T* p, std::size_t n) noexcept {
        secure_zero(p, n * sizeof(T));
        std::allocator<T>{}.deallocate(p, n);
    }
    template <class U>
    friend bool operator==(const zeroizing_allocator&, const zeroizing_allocator<U>&) noexcept {
        return true;
    }
};

// A byte vector whose storage is wiped whenever it is released (on growth too).
using secure_bytes = std::vector<std::uint8_t, zeroizing_allocator<std::uint8_t>>;

} // namespace p11
