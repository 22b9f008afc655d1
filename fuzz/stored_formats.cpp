// The software token's on-disk formats, read back from arbitrary bytes:
// attribute_set::deserialize (the value of every record), the object record
// (store/record.hpp parse_record) and token.meta (store/token_meta.hpp
// decode_meta).  A damaged file must be refused, never crash or read out of
// bounds; and whatever is accepted must serialise back to the very same
// bytes, so that reading and rewriting a token never changes it silently.
//
// The first input byte chooses the format.  Records and token.meta end in a
// SHA-256 checksum, which random bytes never match: the harness appends the
// right one (except when the second byte is odd) so the fuzzer gets past it
// to the parsers.
#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <vector>

#include "p11/attributes/attribute_set.hpp"
#include "store/record.hpp"
#include "store/sealing.hpp"
#include "store/token_meta.hpp"

namespace {

using namespace p11;
using bytes = std::vector<std::uint8_t>;

[[noreturn]] void mismatch(const char* format, const bytes& in, const bytes& out) {
    std::fprintf(stderr, "stored-formats: %s accepted %zu bytes but writes back %zu different ones\n", format,
                 in.size(), out.size());
    std::abort();
}

void attribute_sets(const bytes& in) {
    const auto set = attribute_set::deserialize(p11::bytes_view{in.data(), in.size()});
    if (!set) return;
    secure_bytes out;
    set->serialize(out);
    if (!std::equal(out.begin(), out.end(), in.begin(), in.end()))
        mismatch("attribute_set", in, bytes(out.begin(), out.end()));
}

void records(const bytes& raw) {
    const auto r = store::detail::parse_record(raw);
    if (!r) return;
    if (r->sealed_offset + r->sealed_bytes + store::detail::digest_bytes != raw.size() ||
        r->aad_bytes != r->sealed_offset) {
        std::fprintf(stderr, "stored-formats: a parsed record's parts do not add up to its size\n");
        std::abort();
    }
    // A sealed part cannot be rewritten identically (a fresh nonce each time).
    if (r->sealed) return;
    const auto again = store::detail::encode_record(r->id, r->version, r->is_private, r->clear, {}, nullptr);
    if (!again || *again != raw) mismatch("parse_record", raw, again ? *again : bytes{});
}

void token_meta(const bytes& raw) {
    const auto m = store::detail::decode_meta(raw);
    if (!m) return;
    const auto again = store::detail::encode_meta(*m);
    if (again == raw) return;
    // A single-copy (format 1) file is read and then written in the current
    // format, which adds the generation: the migration must be the only
    // change, so the rewritten file reads back and rewrites identically.
    const auto migrated = store::detail::decode_meta(again);
    if (!migrated || store::detail::encode_meta(*migrated) != again || raw.size() + 8 != again.size())
        mismatch("decode_meta", raw, again);
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    if (size < 2) return 0;
    const auto format = data[0] % 3;
    const bool keep_checksum = data[1] & 1;
    bytes body(data + 2, data + size);
    if (format == 0) {
        attribute_sets(body);
        return 0;
    }
    if (!keep_checksum) {
        const auto sum = store::detail::sha256(body);
        body.insert(body.end(), sum.begin(), sum.end());
    }
    if (format == 1) records(body);
    else token_meta(body);
    return 0;
}
