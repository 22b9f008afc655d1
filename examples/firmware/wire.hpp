// Reading untrusted bytes and printing without printf or the heap: what the
// firmware example needs around the p11forge core.
#pragma once

#include <cstddef>
#include <cstdint>

#include "p11/constants/table.hpp"

namespace fw {

// Bounds-checked little-endian reads from a byte buffer.
class reader {
public:
    reader(const unsigned char* data, std::size_t size) : data_(data), size_(size) {}
    [[nodiscard]] bool done() const { return pos_ == size_; }
    [[nodiscard]] bool u32(std::uint32_t& v) {
        const unsigned char* b = take(4);
        if (b == nullptr) return false;
        v = b[0] | (b[1] << 8) | (b[2] << 16) | (static_cast<std::uint32_t>(b[3]) << 24);
        return true;
    }
    // The next n bytes, or nullptr when fewer are left.
    [[nodiscard]] const unsigned char* take(std::size_t n) {
        if (n > size_ - pos_) return nullptr;
        const unsigned char* p = data_ + pos_;
        pos_ += n;
        return p;
    }

private:
    const unsigned char* data_;
    std::size_t size_;
    std::size_t pos_ = 0;
};

// A bump allocator over a static buffer.  Every value starts on a CK_ULONG
// boundary: the core reads a CK_ULONG value in place.
template <std::size_t Capacity>
class arena {
public:
    [[nodiscard]] void* reserve(std::size_t n) {
        constexpr std::size_t align = alignof(p11::ck_ulong);
        const std::size_t start = (used_ + align - 1) / align * align;
        if (start > Capacity || n > Capacity - start) return nullptr;
        used_ = start + n;
        return bytes_ + start;
    }
    [[nodiscard]] void* copy(const unsigned char* from, std::size_t n) {
        auto* to = static_cast<unsigned char*>(reserve(n));
        if (to != nullptr)
            for (std::size_t i = 0; i < n; ++i) to[i] = from[i];
        return to;
    }

private:
    alignas(p11::ck_ulong) unsigned char bytes_[Capacity];
    std::size_t used_ = 0;
};

// One line of output; fixed_string truncates rather than overflows.
using line = p11::fixed_string<200>;

inline void append_decimal(line& out, unsigned long v) {
    char digits[12];
    int n = 0;
    do {
        digits[n++] = static_cast<char>('0' + v % 10);
        v /= 10;
    } while (v != 0);
    while (n > 0) out.push_back(digits[--n]);
}

inline void append_hex_bytes(line& out, const unsigned char* bytes, std::size_t n) {
    constexpr const char* digits = "0123456789abcdef";
    for (std::size_t i = 0; i < n; ++i) out.push_back(digits[bytes[i] >> 4]).push_back(digits[bytes[i] & 15]);
}

} // namespace fw
