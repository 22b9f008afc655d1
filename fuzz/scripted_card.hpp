// A card whose answers are the fuzzer's bytes: each answer a 2-byte
// big-endian length, then that many bytes (cut at the end of the input);
// after the last one, the card is gone.  Shared by the card-family targets.
#pragma once

#include <cstddef>
#include <cstdint>

#include "p11/card/channel.hpp"

namespace p11::fuzz {

class scripted_card final : public card::channel {
public:
    scripted_card(const std::uint8_t* data, std::size_t size) : data_(data), size_(size) {}
    card::outcome<secure_bytes> transmit(card::bytes_view) override {
        if (size_ - pos_ < 2) return card::error{card::errc::removed};
        std::size_t n = (std::size_t{data_[pos_]} << 8) | data_[pos_ + 1];
        pos_ += 2;
        if (n > size_ - pos_) n = size_ - pos_;
        secure_bytes out(data_ + pos_, data_ + pos_ + n);
        pos_ += n;
        return out;
    }
    // Learned as a real connection does, so that both the extended and the
    // short/chained paths (and the fallback between them) get fuzzed.
    [[nodiscard]] bool extended_length() const override { return extended_; }
    void set_extended_length(bool on) override { extended_ = on; }

private:
    const std::uint8_t* data_;
    std::size_t size_;
    std::size_t pos_ = 0;
    bool extended_ = false;
};

} // namespace p11::fuzz
