// token.meta: what C_InitToken, C_InitPIN, C_SetPIN and failed logins change.
// The store keeps two copies of it (meta_copies.hpp); this is one copy.
//
//   "P11T" | format u16 (2) | flags u16 (1 = initialised)
//   generation u64                which write this is (format 2 only)
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
//
// The generation orders the two copies: each write of the metadata carries
// one more than the newest copy read, so after a crash between the copies the
// newer one (the one already written) is recognised and wins.  Format 1, the
// single-copy format of earlier versions, is the same without the generation
// field; it is still read (as generation 0) and rewritten as format 2 at the
// next change.
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
    std::uint64_t generation = 0;
    bool initialized = false;
    key_epoch epoch{};
    std::string label;
    std::string serial;
    std::uint32_t so_failures = 0;
    std::uint32_t user_failures = 0;
    pin_wrap so;
    pin_wrap user;
};

// Always the current format (2).
[[nodiscard]] std::vector<std::uint8_t> encode_meta(const meta_record& m);
// Formats 1 and 2.  nullopt: damaged.
[[nodiscard]] std::optional<meta_record> decode_meta(std::span<const std::uint8_t> raw);

} // namespace p11::store::detail
