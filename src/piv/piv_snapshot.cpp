#include "piv/piv_snapshot.hpp"

#include <algorithm>
#include <array>

#include "crypto/hash.hpp"
#include "p11/card/tlv.hpp"
#include "piv/piv_constants.hpp"

namespace p11::piv {

namespace {

constexpr std::array<std::uint8_t, 8> magic{'P', '1', '1', 'F', 'P', 'I', 'V', '1'};
constexpr std::uint32_t tag_chuid_content = 0xC1, tag_present = 0xC2, tag_absent = 0xC3, tag_digest = 0xCF;
constexpr std::size_t digest_size = 32;  // SHA-256
constexpr std::size_t trailer_size = 2 + digest_size;
constexpr std::uint32_t tag_object_id = 0x5C, tag_content = 0x53;

card::bytes tag_bytes(std::uint32_t tag) {
    return {static_cast<std::uint8_t>(tag >> 16), static_cast<std::uint8_t>(tag >> 8), static_cast<std::uint8_t>(tag)};
}

std::optional<std::uint32_t> object_tag(bytes_view v) {
    if (v.size() != 3) return std::nullopt;
    const std::uint32_t tag = (std::uint32_t{v[0]} << 16) | (std::uint32_t{v[1]} << 8) | v[2];
    if (!cacheable(tag)) return std::nullopt;
    return tag;
}

std::optional<snapshot_object> parse_object(const card::tlv& t) {
    auto inner = card::read_tlvs(t.value);
    if (!inner || inner->empty() || (*inner)[0].tag != tag_object_id) return std::nullopt;
    auto tag = object_tag((*inner)[0].value);
    if (!tag) return std::nullopt;
    snapshot_object o{*tag, std::nullopt};
    if (t.tag == tag_absent) {
        if (inner->size() != 1) return std::nullopt;
        return o;
    }
    if (inner->size() != 2 || (*inner)[1].tag != tag_content || (*inner)[1].value.size() > max_object_size)
        return std::nullopt;
    o.content.emplace((*inner)[1].value.begin(), (*inner)[1].value.end());
    return o;
}

// SP 800-73-4 part 1, CHUID: a 16-byte GUID, a 25-byte FASC-N.
constexpr std::size_t guid_size = 16, fascn_size = 25;

bool names_card(std::optional<bytes_view> field, std::size_t size) {
    return field && field->size() == size && std::any_of(field->begin(), field->end(), [](auto b) { return b != 0; });
}

} // namespace

std::string to_hex(bytes_view v) {
    constexpr char digits[] = "0123456789abcdef";
    std::string out;
    out.reserve(2 * v.size());
    for (auto b : v) {
        out += digits[b >> 4];
        out += digits[b & 0x0F];
    }
    return out;
}

const snapshot_object* card_snapshot::find(std::uint32_t tag) const {
    auto it = std::find_if(objects.begin(), objects.end(), [&](const auto& o) { return o.tag == tag; });
    return it == objects.end() ? nullptr : &*it;
}

bool cacheable(std::uint32_t tag) {
    return tag == tag_key_history ||
           std::any_of(all_slots.begin(), all_slots.end(), [&](const key_slot& s) { return s.cert_tag == tag; });
}

std::vector<std::uint8_t> seal_snapshot(bytes_view body) {
    card::bytes out(body.begin(), body.end());
    std::array<std::uint8_t, digest_size> d{};
    crypto::digest(crypto::hash_alg::sha256, body, d.data());
    card::append_tlv(out, tag_digest, d);
    return out;
}

std::vector<std::uint8_t> serialise_snapshot(const card_snapshot& s) {
    card::bytes out(magic.begin(), magic.end());
    card::append_tlv(out, tag_chuid_content, s.chuid);
    for (const auto& o : s.objects) {
        card::bytes inner;
        card::append_tlv(inner, tag_object_id, tag_bytes(o.tag));
        if (o.content) card::append_tlv(inner, tag_content, *o.content);
        card::append_tlv(out, o.content ? tag_present : tag_absent, inner);
    }
    return seal_snapshot(out);
}

std::optional<card_snapshot> parse_snapshot(bytes_view file) {
    if (file.size() > max_snapshot_size || file.size() < magic.size() + trailer_size ||
        !std::equal(magic.begin(), magic.end(), file.begin()))
        return std::nullopt;
    // The digest first: a file cut short or damaged in place is refused whole.
    const auto body = file.first(file.size() - trailer_size);
    const auto trailer = file.last(trailer_size);
    if (trailer[0] != tag_digest || trailer[1] != digest_size) return std::nullopt;
    std::array<std::uint8_t, digest_size> d{};
    crypto::digest(crypto::hash_alg::sha256, body, d.data());
    if (!std::equal(d.begin(), d.end(), trailer.begin() + 2)) return std::nullopt;
    auto items = card::read_tlvs(body.subspan(magic.size()));
    if (!items || items->empty()) return std::nullopt;
    const auto& first = (*items)[0];
    if (first.tag != tag_chuid_content || first.value.empty() || first.value.size() > max_chuid_size) return std::nullopt;
    card_snapshot s;
    s.chuid.assign(first.value.begin(), first.value.end());
    for (std::size_t i = 1; i < items->size(); ++i) {
        const auto& t = (*items)[i];
        if (t.tag != tag_present && t.tag != tag_absent) return std::nullopt;
        auto o = parse_object(t);
        if (!o || s.find(o->tag) != nullptr) return std::nullopt;
        s.objects.push_back(std::move(*o));
    }
    return s;
}

std::optional<std::string> snapshot_name(bytes_view chuid) {
    if (auto guid = card::find_tlv(chuid, 0x34); names_card(guid, guid_size)) return "guid-" + to_hex(*guid);
    if (auto fascn = card::find_tlv(chuid, 0x30); names_card(fascn, fascn_size)) return "fascn-" + to_hex(*fascn);
    return std::nullopt;
}

} // namespace p11::piv
