// The cross-process cache of PIV cards' public data objects: one file per
// card (piv_snapshot.hpp), so that a process listing a known card's
// certificates asks the card only for its CHUID.
//
// Directory: $P11FORGE_CACHE_DIR, else $XDG_CACHE_HOME/p11forge, else
// ~/.cache/p11forge (Windows: %LOCALAPPDATA%\p11forge\cache); per user, files
// 0600, each replaced atomically (temporary, fsync, rename).
// P11FORGE_CARD_CACHE=0 (or "no") switches the cache off.  Any failure to
// read or write it is silent: the card is read as without a cache.
#pragma once

#include <filesystem>
#include <optional>

#include "piv/piv_snapshot.hpp"

namespace p11::piv::cert_cache {

// nullopt when the cache is off.
[[nodiscard]] std::optional<std::filesystem::path> directory();

// The snapshot of the card whose CHUID is `chuid`, if one is stored and was
// taken of a card with exactly this CHUID (the validity check: a card
// re-personalised with a new CHUID, or another card, never matches).
[[nodiscard]] std::optional<card_snapshot> load(bytes_view chuid);
// Stores it under the card's name (nothing for a CHUID that names no card).
void store(const card_snapshot& s);
// Removes the card's snapshot: its objects changed.
void forget(bytes_view chuid);

} // namespace p11::piv::cert_cache
