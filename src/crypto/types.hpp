// Byte types of the crypto layer.
#pragma once

#include <cstdint>
#include <span>
#include <vector>

#include "p11/secure.hpp"

namespace p11::crypto {

using byte = std::uint8_t;
using bytes_view = std::span<const byte>;
using bytes = std::vector<byte>;
using p11::secure_bytes;

} // namespace p11::crypto
