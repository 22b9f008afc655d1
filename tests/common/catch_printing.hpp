// How Catch prints the values these tests compare: CKR names instead of
// numbers, byte strings as hex, so that a failure reads as the spec does.
#pragma once

#include <catch2/catch.hpp>

#include <cstdint>
#include <string>
#include <vector>

#include "p11/constants/rv.hpp"

namespace Catch {
template <>
struct StringMaker<p11::rv> {
    static std::string convert(p11::rv r) { return std::string(p11::to_string(r).view()); }
};
template <>
struct StringMaker<std::vector<std::uint8_t>> {
    static std::string convert(const std::vector<std::uint8_t>& b) {
        static constexpr char digits[] = "0123456789abcdef";
        std::string s = "hex:";
        for (auto x : b) s += {digits[x >> 4], digits[x & 15]};
        return s;
    }
};
} // namespace Catch
