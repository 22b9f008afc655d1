#include "store/object_names.hpp"

namespace p11::store::detail {

namespace {
constexpr std::string_view digits = "0123456789abcdef";
constexpr std::string_view suffix = ".obj";

int nibble(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    return -1;  // upper case too: one id must have one name
}
} // namespace

std::string hex(std::span<const std::uint8_t> b) {
    std::string s;
    s.reserve(b.size() * 2);
    for (auto v : b) {
        s.push_back(digits[v >> 4]);
        s.push_back(digits[v & 15]);
    }
    return s;
}

std::string file_name_of(const object_id& id) { return hex(id.bytes) + std::string(suffix); }

std::optional<object_id> id_from_file_name(const std::string& name) {
    object_id id;
    if (name.size() != id.bytes.size() * 2 + suffix.size() || !name.ends_with(suffix)) return std::nullopt;
    for (std::size_t i = 0; i < id.bytes.size(); ++i) {
        const int hi = nibble(name[2 * i]);
        const int lo = nibble(name[2 * i + 1]);
        if (hi < 0 || lo < 0) return std::nullopt;
        id.bytes[i] = static_cast<std::uint8_t>(hi << 4 | lo);
    }
    return id;
}

} // namespace p11::store::detail
