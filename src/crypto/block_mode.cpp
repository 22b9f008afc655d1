#include "crypto/internal/block_mode.hpp"

#include <cstring>

#include "crypto/internal/padding.hpp"

namespace p11::crypto::internal {

block_mode::~block_mode() { secure_zero(pending_.data(), pending_.size()); }

std::size_t block_mode::max_update_output(std::size_t input) const {
    const std::size_t total = pending_len_ + input;
    // CBC-PAD decryption keeps the last block back: it may be the padding.
    if (pad_ && dir_ == direction::decrypt) return total == 0 ? 0 : (total - 1) / block_ * block_;
    return total / block_ * block_;
}

std::size_t block_mode::max_finish_output() const {
    if (!pad_) return 0;
    return dir_ == direction::encrypt ? block_ : block_ - 1;
}

status block_mode::update(bytes_view in, byte* out, std::size_t& written) {
    const std::size_t out_len = max_update_output(in.size());
    std::size_t produced = 0;
    std::size_t consumed = 0;
    if (pending_len_ != 0 && out_len != 0) {
        consumed = block_ - pending_len_;
        if (consumed != 0) std::memcpy(pending_.data() + pending_len_, in.data(), consumed);
        crypt(pending_.data(), block_, out);
        produced = block_;
        pending_len_ = 0;
    }
    const std::size_t direct = out_len - produced;
    if (direct != 0) crypt(in.data() + consumed, direct, out + produced);
    consumed += direct;
    const std::size_t rest = in.size() - consumed;
    if (rest != 0) std::memcpy(pending_.data() + pending_len_, in.data() + consumed, rest);
    pending_len_ += rest;
    written = out_len;
    return status::ok;
}

status block_mode::finish(byte* out, std::size_t& written) {
    written = 0;
    if (!pad_) return pending_len_ == 0 ? status::ok : status::invalid_input;
    if (dir_ == direction::encrypt) {
        const auto pad = static_cast<byte>(block_ - pending_len_);
        std::memset(pending_.data() + pending_len_, pad, pad);
        crypt(pending_.data(), block_, out);
        pending_len_ = 0;
        written = block_;
        return status::ok;
    }
    if (pending_len_ != block_) return status::invalid_input;
    std::array<byte, aes_block_size> plain{};
    crypt(pending_.data(), block_, plain.data());
    pending_len_ = 0;
    // PKCS #7 check without branches on the plaintext.
    const status st = pkcs7_unpad(std::span<const byte>(plain.data(), block_), out, written);
    secure_zero(plain.data(), plain.size());
    return st;
}

} // namespace p11::crypto::internal
