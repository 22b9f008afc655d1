// The object record: one file per object.
//
//   offset size
//        0    4  magic "P11O"
//        4    2  format (1)
//        6    2  flags: 1 = private object, 2 = has a sealed part
//        8   16  object id (must equal the file name)
//       24    8  object version (1 at creation, +1 per update)
//       32    8  epoch of the token key that sealed it (zero when unsealed)
//       40    4  clear length C
//       44    4  sealed length S (0, or nonce 12 + ciphertext + tag 16)
//       48    C  clear attributes (attribute_set binary form)
//     48+C    S  sealed attributes: AES-256-GCM under the token key, with
//                bytes [0, 48+C) as associated data
//   48+C+S   32  SHA-256 of everything before it
//
// The checksum catches damage (truncation, flipped bits, garbage) before any
// key is available.  The sealed part's associated data covers the header and
// the clear part, so once the key is there a record moved to another file,
// given another version, or with altered clear attributes fails
// authentication.  A record without a sealed part (a public object with no
// key material) has only the checksum: nothing secret exists before login
// to authenticate it with.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <vector>

#include "p11/attributes/attribute_set.hpp"
#include "p11/result.hpp"
#include "store/token_store.hpp"

namespace p11::store::detail {

using key_epoch = std::array<std::uint8_t, 8>;

inline constexpr std::size_t record_header_bytes = 48;
inline constexpr std::size_t max_record_bytes = 64u << 20;

// A record whose structure and checksum are intact.  The sealed part is kept
// as bytes (it is opened at login, once) together with its associated data.
struct parsed_record {
    object_id id;
    std::uint64_t version = 0;
    bool is_private = false;
    bool sealed = false;
    key_epoch epoch{};
    attribute_set clear;
    std::size_t aad_bytes = 0;     // header + clear part
    std::size_t sealed_offset = 0;
    std::size_t sealed_bytes = 0;
};

struct sealing_key {
    std::span<const std::uint8_t> key;
    key_epoch epoch;
};

// `secret` empty and not private: no sealed part, and `key` may be null.
[[nodiscard]] result<std::vector<std::uint8_t>> encode_record(const object_id& id, std::uint64_t version, bool is_private,
                                                              const attribute_set& clear,
                                                              const attribute_set& secret,
                                                              const sealing_key* key);

// nullopt: damaged (wrong size, checksum, magic, format, malformed clear part).
[[nodiscard]] std::optional<parsed_record> parse_record(std::span<const std::uint8_t> raw);

// nullopt: the sealed part does not authenticate under `key`.
[[nodiscard]] std::optional<attribute_set> open_record(std::span<const std::uint8_t> raw, const parsed_record& r,
                                                                 std::span<const std::uint8_t> key);

} // namespace p11::store::detail
