// Fuzzes the PIV certificate cache's file parser (piv_snapshot): its input
// is a file in the user's cache directory, so anyone's.  Each input is tried
// as a whole file, and again sealed with the right digest after the magic,
// so that the TLV layer behind the digest check gets explored too.  Whatever
// parses must serialise back to a file that parses to the same snapshot,
// and hold only cacheable (public) objects within the bounds.
#include <cstddef>
#include <cstdint>
#include <cstdlib>

#include "piv/piv_snapshot.hpp"

namespace {

void check(const std::optional<p11::piv::card_snapshot>& s) {
    if (!s) return;
    if (s->chuid.empty() || s->chuid.size() > p11::piv::max_chuid_size) std::abort();
    for (const auto& o : s->objects)
        if (!p11::piv::cacheable(o.tag) || (o.content && o.content->size() > p11::piv::max_object_size)) std::abort();
    auto again = p11::piv::parse_snapshot(p11::piv::serialise_snapshot(*s));
    if (!again || !(*again == *s)) std::abort();
    (void)p11::piv::snapshot_name(s->chuid);
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const p11::piv::bytes_view in{data, size};
    check(p11::piv::parse_snapshot(in));
    std::vector<std::uint8_t> body{'P', '1', '1', 'F', 'P', 'I', 'V', '1'};
    body.insert(body.end(), data, data + size);
    check(p11::piv::parse_snapshot(p11::piv::seal_snapshot(body)));
    return 0;
}
