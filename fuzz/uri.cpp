// Fuzzes the PKCS #11 URI parser: whatever parses must format to a URI that
// parses to the same attributes (format/parse round trip).
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "p11/client/uri.hpp"

namespace {
bool same(const p11::client::uri& a, const p11::client::uri& b) {
    return a.token == b.token && a.manufacturer == b.manufacturer && a.serial == b.serial && a.model == b.model &&
           a.library_manufacturer == b.library_manufacturer && a.library_description == b.library_description &&
           a.library_version == b.library_version && a.slot_description == b.slot_description &&
           a.slot_manufacturer == b.slot_manufacturer && a.slot_id == b.slot_id && a.object == b.object &&
           a.type == b.type && a.id == b.id && a.pin_source == b.pin_source && a.pin_value == b.pin_value &&
           a.module_name == b.module_name && a.module_path == b.module_path && a.vendor_path == b.vendor_path &&
           a.vendor_query == b.vendor_query;
}
} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    auto u = p11::client::uri::parse(text);
    if (!u) return 0;
    const auto again = p11::client::uri::parse(u->format());
    if (!again || !same(*u, *again)) __builtin_trap();
    (void)u->object_template();
    return 0;
}
