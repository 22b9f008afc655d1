// The fuzz input of the PKCS#11-level fuzzers, read from the front.  Reading
// past the end yields zeros, so every input, however short, is a complete
// (if dull) series of calls.
#pragma once

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <vector>

namespace p11::fuzzing {

class input {
public:
    input(const std::uint8_t* d, std::size_t n) : d_(d), n_(n) {}
    [[nodiscard]] bool empty() const { return i_ >= n_; }
    std::uint8_t byte() { return i_ < n_ ? d_[i_++] : 0; }
    // Little-endian, as many bytes as remain of `n`.
    std::uint64_t number(std::size_t n) {
        std::uint64_t v = 0;
        for (std::size_t k = 0; k < n; ++k) v |= static_cast<std::uint64_t>(byte()) << (8 * k);
        return v;
    }
    // Up to n bytes (fewer at the end of the input).
    std::vector<std::uint8_t> take(std::size_t n) {
        n = std::min(n, n_ - std::min(i_, n_));
        std::vector<std::uint8_t> v(d_ + i_, d_ + i_ + n);
        i_ += n;
        return v;
    }
    template <class T, std::size_t N>
    const T& pick(const T (&choices)[N]) {
        return choices[byte() % N];
    }

private:
    const std::uint8_t* d_;
    std::size_t n_, i_ = 0;
};

} // namespace p11::fuzzing
