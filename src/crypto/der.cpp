#include "crypto/der.hpp"

namespace p11::crypto::der {

void append_length(bytes& out, std::size_t length) {
    if (length < 0x80) {
        out.push_back(static_cast<byte>(length));
        return;
    }
    byte be[sizeof(std::size_t)];
    std::size_t n = 0;
    for (std::size_t v = length; v != 0; v >>= 8) be[n++] = static_cast<byte>(v & 0xff);
    out.push_back(static_cast<byte>(0x80 | n));
    while (n != 0) out.push_back(be[--n]);
}

bytes tlv(byte tag, bytes_view content) {
    bytes out;
    out.reserve(content.size() + 6);
    out.push_back(tag);
    append_length(out, content.size());
    out.insert(out.end(), content.begin(), content.end());
    return out;
}

bytes unsigned_integer(bytes_view magnitude) {
    std::size_t skip = 0;
    while (skip < magnitude.size() && magnitude[skip] == 0) ++skip;
    bytes content;
    content.reserve(magnitude.size() - skip + 1);
    if (skip == magnitude.size() || (magnitude[skip] & 0x80) != 0) content.push_back(0);
    content.insert(content.end(), magnitude.begin() + static_cast<std::ptrdiff_t>(skip), magnitude.end());
    return tlv(tag_integer, content);
}

std::optional<element> read(bytes_view in) {
    if (in.size() < 2) return std::nullopt;
    const byte tag = in[0];
    if ((tag & 0x1f) == 0x1f) return std::nullopt;  // multi-byte tags: none of ours
    std::size_t length = in[1];
    std::size_t header = 2;
    if (length & 0x80) {
        const std::size_t n = length & 0x7f;
        if (n == 0 || n > sizeof(std::size_t) || in.size() < 2 + n) return std::nullopt;
        if (in[2] == 0) return std::nullopt;  // not minimal
        length = 0;
        for (std::size_t i = 0; i < n; ++i) length = (length << 8) | in[2 + i];
        if (length < 0x80) return std::nullopt;  // not minimal
        header = 2 + n;
    }
    if (in.size() - header < length) return std::nullopt;
    return element{tag, in.subspan(header, length), header + length};
}

std::optional<bytes_view> read_exact(bytes_view in, byte tag) {
    auto e = read(in);
    if (!e || e->tag != tag || e->encoded_size != in.size()) return std::nullopt;
    return e->content;
}

} // namespace p11::crypto::der
