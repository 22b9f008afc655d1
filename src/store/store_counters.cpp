// IV counter reservations (token_store::reserve_counters): one small file per
// key, counters/<object id in hex>, holding the next value no process has
// been given.  A reservation reads it, writes it advanced by the block
// (replace_file: durable before the reservation is used) and returns the
// old value, all under the exclusive lock, so two processes never receive
// overlapping blocks.  The file outlives its key's destruction on purpose:
// it costs 24 bytes and can never be wrong to keep.
#include <array>
#include <cstring>
#include <string_view>

#include "store/object_names.hpp"
#include "store/store_impl.hpp"

namespace p11::store::detail {

namespace {

constexpr const char* counters_directory = "counters";
constexpr std::string_view counter_magic = "p11ctr01";  // format and version of a counter file
constexpr std::size_t counter_file_size = counter_magic.size() + 8;

std::array<std::uint8_t, counter_file_size> encode(std::uint64_t next) {
    std::array<std::uint8_t, counter_file_size> out{};
    std::memcpy(out.data(), counter_magic.data(), counter_magic.size());
    for (std::size_t i = 0; i < 8; ++i) out[counter_magic.size() + i] = static_cast<std::uint8_t>(next >> (8 * i));
    return out;
}

std::optional<std::uint64_t> decode(const std::vector<std::uint8_t>& bytes) {
    if (bytes.size() != counter_file_size || std::memcmp(bytes.data(), counter_magic.data(), counter_magic.size()) != 0)
        return std::nullopt;
    std::uint64_t next = 0;
    for (std::size_t i = 0; i < 8; ++i) next |= std::uint64_t{bytes[counter_magic.size() + i]} << (8 * i);
    return next;
}

} // namespace

result<std::uint64_t> store_impl::reserve_counters(const object_id& key, std::uint64_t count) {
    std::lock_guard io{io_mutex_};
    file_lock_guard fl{lock_, true};
    P11_TRY(fl.status());
    auto dir = open_subdirectory(root_fd_.get(), counters_directory, true);
    if (!dir) return dir.error_value();
    const auto name = hex(key.bytes);
    auto current = read_file(dir->get(), name, counter_file_size);
    if (!current) return current.error_value();
    std::uint64_t first = 0;
    if (*current) {
        const auto next = decode((*current)->bytes);
        if (!next) return rv::function_failed;
        first = *next;
    }
    if (count == 0 || first > ~std::uint64_t{0} - count) return rv::function_failed;
    const auto record = encode(first + count);
    P11_TRY(replace_file(dir->get(), name, record));
    return first;
}

} // namespace p11::store::detail
