#include "crypto/internal/aead_open.hpp"

#include <cstring>

namespace p11::crypto::internal {

status aead_open::update(bytes_view in, byte*, std::size_t& written) {
    written = 0;
    input_.insert(input_.end(), in.begin(), in.end());
    return status::ok;
}

status aead_open::finish(byte* out, std::size_t& written) {
    written = 0;
    if (input_.size() < tag_bytes_) return status::invalid_input;
    const std::size_t length = input_.size() - tag_bytes_;
    secure_bytes plain(length + 1);  // + 1: never a zero-sized buffer for the library
    const bytes_view all{input_.data(), input_.size()};
    if (const status s = open(all.first(length), all.subspan(length), plain.data()); s != status::ok) return s;
    if (length != 0) std::memcpy(out, plain.data(), length);
    written = length;
    return status::ok;
}

} // namespace p11::crypto::internal
