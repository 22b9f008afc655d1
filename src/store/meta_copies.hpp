// The token's metadata is kept in two copies, token.meta and token.meta.2,
// so that one damaged file (a flipped bit, a truncation, a deleted file)
// loses nothing: without it the SO could no longer prove who they are, the
// token key (wrapped under the PINs) would be gone with it, and every sealed
// object with the key.
//
// Each copy is one complete token.meta (token_meta.hpp) and carries the
// generation of the write that made it.  A write goes to one copy, durably
// (replace_file), then to the other.  A reader takes the intact copy of the
// highest generation; a damaged or older copy is overwritten by the next
// write, which every login makes (the retry counter is charged first).
//
// Killed between the two: the copy written first holds the new state and a
// higher generation, so it wins; the other still holds the previous state,
// intact.  Hence a retry counter charged before a PIN attempt (check_pin:
// both copies are written before the PIN is tried) can never come back
// uncharged through a crash, and no crash leaves the token without an intact
// copy.  The copy that does not hold the newest state is written first, so
// the newest intact copy is never the one being replaced while the other is
// stale or damaged.
//
// A token of the single-copy format has only token.meta (format 1): it
// reads as the newest copy (generation 0), and the next write creates
// token.meta.2 first, then rewrites token.meta in format 2.
#pragma once

#include <array>
#include <optional>

#include "p11/result.hpp"
#include "store/file_io.hpp"
#include "store/object_names.hpp"
#include "store/token_meta.hpp"

namespace p11::store::detail {

inline constexpr std::size_t metadata_copy_count = 2;
inline constexpr std::array<const char*, metadata_copy_count> metadata_copy_names{metadata_file, "token.meta.2"};

using metadata_signatures = std::array<std::optional<file_signature>, metadata_copy_count>;

// What the store knows of the copies on disk besides the record it uses.
struct metadata_copies {
    std::optional<std::size_t> newest;  // the copy the record came from; nullopt: none is intact
    std::size_t damaged = 0;            // copies present but unreadable (an absent copy is not damage)
    metadata_signatures signatures;     // nullopt: absent
};

struct metadata_reading {
    std::optional<meta_record> record;  // the intact copy of the highest generation
    metadata_copies copies;
};

// Under either file lock.  Errors are the process's or the device's, never
// the files' (a damaged copy is counted, see read_file()).
[[nodiscard]] result<metadata_reading> read_metadata_copies(int root_fd);
// The copies' signatures without reading them: has anything changed?
[[nodiscard]] metadata_signatures stat_metadata_copies(int root_fd);

// Under the exclusive lock: `m` (whose generation the caller chose, above
// every intact copy's) to both copies, the one that is not `previous.newest`
// first.  On an error the copies may differ; the next read sorts them out.
[[nodiscard]] result<metadata_copies> write_metadata_copies(int root_fd, const meta_record& m,
                                                            const metadata_copies& previous);

} // namespace p11::store::detail
