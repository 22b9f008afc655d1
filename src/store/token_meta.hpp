// token.meta: what C_InitToken, C_InitPIN, C_SetPIN and failed logins change.
//
//   "P11T" | format u16 (1) | flags u16 (1 = initialised)
//   epoch[8]                      identity of the current token key
//   label: u16 length + bytes     serial: u16 length + bytes
//   so_failures u32 | user_failures u32
//   SO wrap, user wrap, each:     iterations u32 | salt[16] | u16 length + wrapped key
//                                 (length 0: no such PIN)
//   SHA-256 of everything before it
//
// Failure counts rather than "tries left" are stored so that the limit
// (store_options::max_pin_tries) is a policy of the reader, not of the file.
// The file is checksummed, not authenticated: counters must be read before
// any PIN is known, and whoever can rewrite this file can also delete it.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "store/record.hpp"

namespace p11::store::detail {

inline constexpr std::size_t salt_bytes = 16;

struct pin_wrap {
    std::uint32_t iterations = 0;
    std::array<std::uint8_t, salt_bytes> salt{};
    std::vector<std::uint8_t> wrapped;  // the token key under the PIN's KEK (RFC 5649)
    [[nodiscard]] bool present() const { return !wrapped.empty(); }
};

struct meta_record {
    bool initialized = false;
    key_epoch epoch{};
    std::string label;
    std::string serial;
    std::uint32_t so_failures = 0;
    std::uint32_t user_failures = 0;
    pin_wrap so;
    pin_wrap user;
};

[[nodiscard]] std::vector<std::uint8_t> encode_meta(const meta_record& m);
// nullopt: damaged.
[[nodiscard]] std::optional<meta_record> decode_meta(std::span<const std::uint8_t> raw);

} // namespace p11::store::detail
