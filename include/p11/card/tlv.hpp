// BER-TLV as smart cards use it (ISO/IEC 7816-4 annex D): tags of up to
// three bytes, definite lengths of up to four bytes.  The parser is strict
// about bounds and form because its input comes from a card, that is, from
// anyone: no read outside the buffer, no indefinite length, no padding bytes,
// no tag continuation that never ends.  Non-minimal lengths (82 00 10) are
// accepted, as BER allows them and cards send them.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <vector>

#include "p11/card/error.hpp"

namespace p11::card {

struct tlv {
    std::uint32_t tag = 0;   // the tag bytes as a big-endian number: 0x5F2D, 0x7F49 ...
    bytes_view value;
    std::size_t encoded_size = 0;  // tag + length + value

    // Bit 6 of the first tag byte: the value is itself a TLV sequence.
    [[nodiscard]] bool constructed() const {
        std::uint32_t first = tag;
        while (first > 0xFF) first >>= 8;
        return (first & 0x20) != 0;
    }
};

namespace detail {
inline error tlv_malformed() { return error{errc::malformed}; }
} // namespace detail

// The first TLV of `in` (which may hold more after it).
[[nodiscard]] inline outcome<tlv> read_tlv(bytes_view in) {
    std::size_t pos = 0;
    if (in.empty()) return detail::tlv_malformed();
    const byte first = in[pos++];
    // 00 and FF are inter-TLV padding in ISO 7816-4; no card edge we speak uses them.
    if (first == 0x00 || first == 0xFF) return detail::tlv_malformed();
    std::uint32_t tag = first;
    if ((first & 0x1F) == 0x1F) {
        // Subsequent tag bytes: bit 8 says "more follows"; at most two of them.
        for (int n = 0;; ++n) {
            if (pos >= in.size() || n == 2) return detail::tlv_malformed();
            const byte b = in[pos++];
            if (n == 0 && (b & 0x7F) == 0) return detail::tlv_malformed();  // 1F 80: a leading zero
            tag = (tag << 8) | b;
            if ((b & 0x80) == 0) break;
        }
    }
    if (pos >= in.size()) return detail::tlv_malformed();
    const byte l0 = in[pos++];
    std::size_t length = 0;
    if (l0 < 0x80) {
        length = l0;
    } else {
        const std::size_t n = l0 & 0x7F;
        if (n == 0 || n > 4 || in.size() - pos < n) return detail::tlv_malformed();  // 80: indefinite
        for (std::size_t i = 0; i < n; ++i) length = (length << 8) | in[pos++];
    }
    if (length > in.size() - pos) return detail::tlv_malformed();
    return tlv{tag, in.subspan(pos, length), pos + length};
}

// A whole buffer as a sequence of TLVs: every byte must belong to one.
[[nodiscard]] inline outcome<std::vector<tlv>> read_tlvs(bytes_view in) {
    std::vector<tlv> out;
    while (!in.empty()) {
        auto t = read_tlv(in);
        if (!t) return t.err();
        out.push_back(*t);
        in = in.subspan(t->encoded_size);
    }
    return out;
}

// `in` is exactly one TLV with this tag: its value.
[[nodiscard]] inline outcome<bytes_view> read_exact(bytes_view in, std::uint32_t tag) {
    auto t = read_tlv(in);
    if (!t) return t.err();
    if (t->tag != tag || t->encoded_size != in.size()) return detail::tlv_malformed();
    return t->value;
}

// The value of the first TLV with `tag` in a well-formed sequence; nullopt if
// the sequence is malformed or has no such tag.
[[nodiscard]] inline std::optional<bytes_view> find_tlv(bytes_view sequence, std::uint32_t tag) {
    auto all = read_tlvs(sequence);
    if (!all) return std::nullopt;
    for (const auto& t : *all)
        if (t.tag == tag) return t.value;
    return std::nullopt;
}

// --- encoding ----------------------------------------------------------------

inline void append_tag(bytes& out, std::uint32_t tag) {
    if (tag > 0xFFFF) out.push_back(static_cast<byte>(tag >> 16));
    if (tag > 0xFF) out.push_back(static_cast<byte>(tag >> 8));
    out.push_back(static_cast<byte>(tag));
}

// Minimal definite length.
inline void append_length(bytes& out, std::size_t n) {
    if (n < 0x80) {
        out.push_back(static_cast<byte>(n));
    } else if (n <= 0xFF) {
        out.push_back(0x81);
        out.push_back(static_cast<byte>(n));
    } else if (n <= 0xFFFF) {
        out.push_back(0x82);
        out.push_back(static_cast<byte>(n >> 8));
        out.push_back(static_cast<byte>(n));
    } else {
        out.push_back(0x83);
        out.push_back(static_cast<byte>(n >> 16));
        out.push_back(static_cast<byte>(n >> 8));
        out.push_back(static_cast<byte>(n));
    }
}

inline void append_tlv(bytes& out, std::uint32_t tag, bytes_view value) {
    append_tag(out, tag);
    append_length(out, value.size());
    out.insert(out.end(), value.begin(), value.end());
}

[[nodiscard]] inline bytes make_tlv(std::uint32_t tag, bytes_view value) {
    bytes out;
    append_tlv(out, tag, value);
    return out;
}

} // namespace p11::card
