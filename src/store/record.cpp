#include "store/record.hpp"

#include <algorithm>

#include "p11/secure.hpp"
#include "store/codec.hpp"
#include "store/sealing.hpp"

namespace p11::store::detail {

namespace {
constexpr std::array<std::uint8_t, 4> magic{'P', '1', '1', 'O'};
constexpr std::uint16_t format_version = 1;
constexpr std::uint16_t flag_private = 1;
constexpr std::uint16_t flag_sealed = 2;
constexpr std::uint16_t known_flags = flag_private | flag_sealed;
} // namespace

result<std::vector<std::uint8_t>> encode_record(const object_id& id, std::uint64_t version, bool is_private,
                                                const attribute_set& clear,
                                                const attribute_set& secret, const sealing_key* key) {
    const bool sealed = is_private || !secret.empty();
    if (sealed && key == nullptr) return rv::user_not_logged_in;
    secure_bytes clear_bytes;
    clear.serialize(clear_bytes);
    secure_bytes secret_bytes;
    secret.serialize(secret_bytes);
    if (clear_bytes.size() > max_record_bytes || secret_bytes.size() > max_record_bytes) return rv::device_memory;

    std::vector<std::uint8_t> out;
    out.reserve(record_header_bytes + clear_bytes.size() + sealed_size(secret_bytes.size()) + digest_bytes);
    le_writer w{out};
    w.raw(magic);
    w.u16(format_version);
    w.u16(static_cast<std::uint16_t>((is_private ? flag_private : 0) | (sealed ? flag_sealed : 0)));
    w.raw(id.bytes);
    w.u64(version);
    w.raw(sealed ? key->epoch : key_epoch{});
    w.u32(static_cast<std::uint32_t>(clear_bytes.size()));
    w.u32(static_cast<std::uint32_t>(sealed ? sealed_size(secret_bytes.size()) : 0));
    w.raw(clear_bytes);
    if (sealed) {
        const std::vector<std::uint8_t> aad(out.begin(), out.end());
        P11_TRY(seal(key->key, aad, secret_bytes, out));
    }
    const auto sum = sha256(out);
    w.raw(sum);
    return out;
}

std::optional<parsed_record> parse_record(std::span<const std::uint8_t> raw) {
    if (raw.size() < record_header_bytes + digest_bytes || raw.size() > max_record_bytes) return std::nullopt;
    const auto body = raw.first(raw.size() - digest_bytes);
    const auto sum = sha256(body);
    if (!constant_time_equal(sum, raw.last(digest_bytes))) return std::nullopt;

    le_reader r{body};
    parsed_record p;
    const auto m = r.raw(magic.size());
    if (!std::equal(m.begin(), m.end(), magic.begin(), magic.end())) return std::nullopt;
    if (r.u16() != format_version) return std::nullopt;
    const auto flags = r.u16();
    if ((flags & ~known_flags) != 0) return std::nullopt;
    p.is_private = (flags & flag_private) != 0;
    p.sealed = (flags & flag_sealed) != 0;
    const auto id = r.raw(p.id.bytes.size());
    std::copy(id.begin(), id.end(), p.id.bytes.begin());
    p.version = r.u64();
    const auto epoch = r.raw(p.epoch.size());
    std::copy(epoch.begin(), epoch.end(), p.epoch.begin());
    const auto clear_len = r.u32();
    const auto sealed_len = r.u32();
    if (!r.ok() || r.position() != record_header_bytes) return std::nullopt;
    if (r.remaining() != static_cast<std::size_t>(clear_len) + sealed_len) return std::nullopt;
    // A private object without a sealed part, or a sealed part too short to
    // hold a nonce and a tag, is not something we write.
    if (p.is_private && !p.sealed) return std::nullopt;
    if (p.sealed != (sealed_len != 0) || (p.sealed && sealed_len < sealed_size(0))) return std::nullopt;
    // Nothing sealed it, so no key epoch: we write zeros, and anything else is
    // damage the checksum cannot see once it is recomputed (fuzz/stored_formats
    // found such a record reading back differently from how it would be written).
    if (!p.sealed && p.epoch != key_epoch{}) return std::nullopt;
    auto clear = attribute_set::deserialize(r.raw(clear_len));
    if (!clear) return std::nullopt;
    p.clear = std::move(*clear);
    p.aad_bytes = record_header_bytes + clear_len;
    p.sealed_offset = p.aad_bytes;
    p.sealed_bytes = sealed_len;
    return p;
}

std::optional<attribute_set> open_record(std::span<const std::uint8_t> raw, const parsed_record& r,
                                                   std::span<const std::uint8_t> key) {
    if (!r.sealed) return attribute_set{};
    if (raw.size() < r.sealed_offset + r.sealed_bytes) return std::nullopt;
    auto plain = unseal(key, raw.first(r.aad_bytes), raw.subspan(r.sealed_offset, r.sealed_bytes));
    if (!plain) return std::nullopt;
    return attribute_set::deserialize(bytes_view{plain->data(), plain->size()});
}

} // namespace p11::store::detail
