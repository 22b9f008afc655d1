// Fuzzes name <-> value lookups of every family: whatever text parses must
// print back to text that parses to the same value, and whatever value is
// printed must parse back to itself.
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string_view>

#include "p11/constants.hpp"

namespace {
template <class Enum>
void round_trip(std::string_view text, p11::ck_ulong value) {
    if (auto parsed = p11::parse<Enum>(text)) {
        const auto again = p11::parse<Enum>(p11::to_string(*parsed).view());
        if (!again || *again != *parsed) __builtin_trap();
    }
    const auto printed = p11::to_string(static_cast<Enum>(value));
    const auto back = p11::parse<Enum>(printed.view());
    if (!back || p11::to_ulong(*back) != value) __builtin_trap();
    (void)p11::from_name<Enum>(text);
}

template <class... F>
void all(p11::family_list<F...>, std::string_view text, p11::ck_ulong value) {
    (round_trip<F>(text, value), ...);
}
} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    p11::ck_ulong value = 0;
    std::memcpy(&value, data, std::min(size, sizeof value));
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    all(p11::all_families{}, text, value);
    (void)p11::lookup_value(text);
    return 0;
}
