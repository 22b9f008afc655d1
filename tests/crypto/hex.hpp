// Test helpers: hex literals (whitespace ignored, as vectors are printed in
// the standards) and byte-string conversions.
#pragma once

#include <cctype>
#include <stdexcept>
#include <string>
#include <string_view>

#include "crypto/types.hpp"

namespace test {

using p11::crypto::bytes;
using p11::crypto::bytes_view;

inline bytes hex(std::string_view s) {
    bytes out;
    int hi = -1;
    for (char c : s) {
        if (std::isspace(static_cast<unsigned char>(c))) continue;
        int v;
        if (c >= '0' && c <= '9') v = c - '0';
        else if (c >= 'a' && c <= 'f') v = c - 'a' + 10;
        else if (c >= 'A' && c <= 'F') v = c - 'A' + 10;
        else throw std::invalid_argument("bad hex digit");
        if (hi < 0) {
            hi = v;
        } else {
            out.push_back(static_cast<std::uint8_t>(hi * 16 + v));
            hi = -1;
        }
    }
    if (hi >= 0) throw std::invalid_argument("odd number of hex digits");
    return out;
}

inline bytes str(std::string_view s) { return bytes(s.begin(), s.end()); }

inline std::string to_hex(bytes_view b) {
    static constexpr char digits[] = "0123456789abcdef";
    std::string out;
    for (auto x : b) {
        out += digits[x >> 4];
        out += digits[x & 15];
    }
    return out;
}

template <class A>
inline bytes plain(const A& a) {
    return bytes(a.begin(), a.end());
}

inline bytes repeat(std::uint8_t v, std::size_t n) { return bytes(n, v); }

inline bytes concat(bytes a, bytes_view b) {
    a.insert(a.end(), b.begin(), b.end());
    return a;
}

} // namespace test
