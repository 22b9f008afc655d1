// What one process learned from a card's public data objects, in the form
// the cross-process cache keeps it (piv_cert_cache): the card's CHUID, which
// names the card and is compared byte for byte before anything else is
// believed, and the certificate containers and key history object as the
// card answered GET DATA (content, or "absent": 6A 82).
//
// The file is untrusted input (anyone who can write the user's cache
// directory, or a crash of a foreign tool in it): the parser accepts exactly
// the layout below and nothing else, and only objects that are public on
// every PIV card (no PIN-protected object can be named in it, so nothing
// secret is ever written).  Layout: the 8 bytes "P11FPIV1", then BER-TLV:
//   C1 CHUID content                       once, first
//   C2 { 5C tag (3 bytes), 53 content }    an object the card has
//   C3 { 5C tag (3 bytes) }                an object the card does not have
//   CF SHA-256 of everything before it     last
// each tag a certificate container of all_slots or the key history, at most
// once; nothing after the digest.  The digest is no authentication (whoever
// can write the file can compute it): it makes a file cut short or damaged
// in place fail whole instead of parsing into fewer or altered objects.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "p11/card/error.hpp"

namespace p11::piv {

using card::bytes_view;

struct snapshot_object {
    std::uint32_t tag = 0;
    std::optional<std::vector<std::uint8_t>> content;  // nullopt: the card has no such object
    friend bool operator==(const snapshot_object&, const snapshot_object&) = default;
};

struct card_snapshot {
    std::vector<std::uint8_t> chuid;
    std::vector<snapshot_object> objects;
    friend bool operator==(const card_snapshot&, const card_snapshot&) = default;

    [[nodiscard]] const snapshot_object* find(std::uint32_t tag) const;
};

// Bounds of a snapshot: a CHUID is about 60 bytes (with an issuer signature
// a few KiB), a certificate container a few KiB; a file beyond them is not ours.
inline constexpr std::size_t max_chuid_size = 8 * 1024;
inline constexpr std::size_t max_object_size = 32 * 1024;
inline constexpr std::size_t max_snapshot_size = 1024 * 1024;

// The data objects a snapshot may hold: the certificate containers of the
// key slots and the key history object, all readable without a PIN.
[[nodiscard]] bool cacheable(std::uint32_t tag);

[[nodiscard]] std::vector<std::uint8_t> serialise_snapshot(const card_snapshot& s);
// `body` (magic and TLVs) with its digest appended: what serialise_snapshot
// ends with, and how the fuzz target gets past the digest to the TLVs.
[[nodiscard]] std::vector<std::uint8_t> seal_snapshot(bytes_view body);
// nullopt for anything but a well-formed snapshot within the bounds.
[[nodiscard]] std::optional<card_snapshot> parse_snapshot(bytes_view file);

// The card's identity as a file name: "guid-<hex>" from the CHUID's GUID
// (tag 34, 16 bytes) when it is not all zeros, else "fascn-<hex>" from its
// FASC-N (30, 25 bytes); nullopt when the CHUID names no card (such cards
// are not cached: nothing would tell two of them apart).
[[nodiscard]] std::optional<std::string> snapshot_name(bytes_view chuid);

// Lower-case hex digits.
[[nodiscard]] std::string to_hex(bytes_view v);

} // namespace p11::piv
