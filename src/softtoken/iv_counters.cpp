#include "softtoken/iv_counters.hpp"

#include <mutex>
#include <optional>

namespace p11::soft {

namespace {

// The store id behind a token object: its CKA_UNIQUE_ID, which the token
// sets to the id in hex (soft_token::snapshot_of).
std::optional<store::object_id> store_id_of(const provider::object& key) {
    const auto unique = key.attributes().get(attribute_type::unique_id);
    store::object_id id;
    if (!unique || unique->size() != id.bytes.size() * 2) return std::nullopt;
    const auto digit = [](std::uint8_t c) -> int {
        if (c >= '0' && c <= '9') return c - '0';
        if (c >= 'a' && c <= 'f') return c - 'a' + 10;
        return -1;
    };
    for (std::size_t i = 0; i < id.bytes.size(); ++i) {
        const int hi = digit((*unique)[2 * i]), lo = digit((*unique)[2 * i + 1]);
        if (hi < 0 || lo < 0) return std::nullopt;
        id.bytes[i] = static_cast<std::uint8_t>(hi << 4 | lo);
    }
    return id;
}

} // namespace

mech::counter_source iv_counters::source_for(const provider::object& key) {
    if (!key.is_token()) {
        return [this]() -> result<std::uint64_t> { return session_next_.fetch_add(1, std::memory_order_relaxed); };
    }
    const auto id = store_id_of(key);
    if (!id) return []() -> result<std::uint64_t> { return rv::function_failed; };
    return [this, id = *id]() { return next_of_token_key(id); };
}

result<std::uint64_t> iv_counters::next_of_token_key(const store::object_id& id) {
    std::lock_guard lock(mutex_);
    auto& b = blocks_[id];
    if (b.next == b.end) {
        auto first = store_.reserve_counters(id, block_size);
        if (!first) return first.error_value();
        b = {*first, *first + block_size};
    }
    return b.next++;
}

} // namespace p11::soft
