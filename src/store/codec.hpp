// Little-endian encoding of the store's file formats.  Every on-disk integer
// is little-endian whatever the host, so a token directory's framing does not
// depend on the machine that wrote it (attribute values keep their native
// CK_ULONG layout: that is the attribute_set's own form).
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

namespace p11::store::detail {

using bytes_view = std::span<const std::uint8_t>;

template <class Buffer>
class le_writer {
public:
    explicit le_writer(Buffer& out) : out_(out) {}
    void u8(std::uint8_t v) { out_.push_back(v); }
    void u16(std::uint16_t v) { put(v, 2); }
    void u32(std::uint32_t v) { put(v, 4); }
    void u64(std::uint64_t v) { put(v, 8); }
    void raw(bytes_view b) { out_.insert(out_.end(), b.begin(), b.end()); }

private:
    void put(std::uint64_t v, int n) {
        for (int i = 0; i < n; ++i) out_.push_back(static_cast<std::uint8_t>(v >> (8 * i)));
    }
    Buffer& out_;
};

// Reads until the input runs out; after that every read yields zero and
// ok() is false, so a parser checks once at the end instead of per field.
class le_reader {
public:
    explicit le_reader(bytes_view in) : in_(in) {}
    std::uint8_t u8() { return static_cast<std::uint8_t>(get(1)); }
    std::uint16_t u16() { return static_cast<std::uint16_t>(get(2)); }
    std::uint32_t u32() { return static_cast<std::uint32_t>(get(4)); }
    std::uint64_t u64() { return get(8); }
    bytes_view raw(std::size_t n) {
        if (!ok_ || in_.size() - pos_ < n) {
            ok_ = false;
            return {};
        }
        auto s = in_.subspan(pos_, n);
        pos_ += n;
        return s;
    }
    [[nodiscard]] bool ok() const { return ok_; }
    [[nodiscard]] std::size_t remaining() const { return ok_ ? in_.size() - pos_ : 0; }
    [[nodiscard]] std::size_t position() const { return pos_; }

private:
    std::uint64_t get(std::size_t n) {
        auto b = raw(n);
        std::uint64_t v = 0;
        for (std::size_t i = 0; i < b.size(); ++i) v |= static_cast<std::uint64_t>(b[i]) << (8 * i);
        return v;
    }
    bytes_view in_;
    std::size_t pos_ = 0;
    bool ok_ = true;
};

} // namespace p11::store::detail
