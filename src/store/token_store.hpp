// The persistent store of one software token: its metadata (label, serial,
// PIN state) and its objects, in a directory.  The contract the software
// token relies on; src/store/*.cpp implement it.
//
// Guarantees:
//  - Private objects (CKA_PRIVATE) and every sensitive value (attributes whose
//    CKA_ table policy is `sensitive`, e.g. CKA_VALUE of keys, private RSA/EC
//    components) are encrypted at rest with AES-256-GCM under a random token
//    key.  The token key is stored wrapped under keys derived from the user
//    PIN and from the SO PIN (PBKDF2-HMAC-SHA256, salted, high iteration
//    count).  A PIN is verified by unwrapping (authenticated), never compared.
//  - Integrity: every record is authenticated; a tampered or truncated record
//    is reported as damaged and skipped, the rest of the token still loads.
//    The metadata is kept in two copies: one damaged copy loses nothing.
//  - Crash safety: a write goes to a temporary file, is fsync'ed, renamed over
//    the old one, and the directory is fsync'ed; killing the process at any
//    moment leaves every committed object intact.
//  - Several processes may use one token directory at once: writers take an
//    exclusive lock (flock on a lock file).  A change another process has
//    committed is seen by every later find(), load() and metadata() of this
//    one: each compares the lock file's generation counter (a load from a
//    shared mapping, no syscall) with the last one synced, and re-syncs when
//    it moved.  An application that held a handle must not act on a key or
//    value that was revoked or changed elsewhere meanwhile.
//  - update() is a read-modify-write of the newest stored version under the
//    exclusive lock, so two processes changing different attributes of one
//    object both keep their change (no lost update from a stale copy).
//  - Lookups by class, CKA_ID, CKA_LABEL and key type use an in-memory index;
//    nothing is decrypted or re-read from disk per C_FindObjects.
#pragma once

#include <array>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "p11/constants/rv.hpp"
#include "p11/attributes/attribute_set.hpp"
#include "p11/attributes/narrowing_index.hpp"
#include "p11/result.hpp"
#include "p11/secure.hpp"

namespace p11::store {

// A stable, random identity of a stored object (its file name, hex-encoded).
struct object_id {
    std::array<std::uint8_t, 16> bytes{};
    friend auto operator<=>(const object_id&, const object_id&) = default;
};

enum class user : std::uint8_t { so, normal };

// The PIN state the token reports in CK_TOKEN_INFO.flags.
struct pin_state {
    bool initialized = false;  // the user PIN has been set (C_InitPIN)
    bool count_low = false;    // at least one wrong attempt since the last success
    bool final_try = false;    // one more wrong attempt locks it
    bool locked = false;
    bool to_be_changed = false;
    unsigned tries_left = 0;
};

struct token_metadata {
    bool initialized = false;  // C_InitToken has run
    std::string label;         // up to 32 bytes UTF-8
    std::string serial;        // 16 printable characters, chosen at C_InitToken
    pin_state user_pin;
    pin_state so_pin;
};

struct store_options {
    // Retry limit before a PIN locks (both PINs).
    unsigned max_pin_tries = 10;
    // PBKDF2 iterations for new PIN wraps (existing wraps keep theirs).
    std::uint32_t kdf_iterations = 100000;
};

// A stored object as the token sees it.  Immutable once loaded: an update
// makes a new version.
struct stored_object {
    object_id id;
    std::uint64_t version = 0;
    bool is_private = false;
    // All attributes; for a private object, or for sensitive values, only
    // present when the token key is unlocked (`complete` tells which).
    attribute_set attributes;
    bool complete = true;
};

// What find() may narrow by before the caller's full template match (the
// framework's narrowing criteria: the token passes a search's through).
using index_query = narrowing_keys;

class token_store {
public:
    virtual ~token_store() = default;

    // Re-reads what other processes changed since the last refresh (cheap
    // when nothing changed).  Damaged records are skipped and counted.
    virtual result<void> refresh() = 0;
    // Not const: like find() and load(), it first catches up with what
    // other processes committed (see above).
    [[nodiscard]] virtual token_metadata metadata() = 0;
    // Object files and metadata copies present but unreadable (a missing
    // file is not counted).
    [[nodiscard]] virtual std::size_t damaged_records() const = 0;

    // C_InitToken: verifies the SO PIN if the token was initialised before
    // (CKR_PIN_INCORRECT / CKR_PIN_LOCKED), then destroys every object, sets
    // the label, makes a new token key wrapped under the SO PIN; the user PIN
    // is left uninitialised.  A token whose metadata cannot be read has no SO
    // PIN to verify: its object files and metadata are moved to quarantine/
    // instead, never deleted.
    virtual result<void> initialize(std::span<const std::uint8_t> so_pin, std::string_view label) = 0;

    // C_Login: CKR_PIN_INCORRECT (counter decremented, persisted before the
    // answer), CKR_PIN_LOCKED, CKR_USER_PIN_NOT_INITIALIZED; success unlocks
    // the token key in memory and resets the counter.
    virtual result<void> login(user who, std::span<const std::uint8_t> pin) = 0;
    // Forgets the token key (zeroised).
    virtual void logout() = 0;
    [[nodiscard]] virtual bool unlocked() const = 0;

    // C_InitPIN (SO logged in): wraps the token key under a new user PIN.
    virtual result<void> init_user_pin(std::span<const std::uint8_t> pin) = 0;
    // C_SetPIN: checks the old PIN like login() does, then rewraps.
    virtual result<void> set_pin(user who, std::span<const std::uint8_t> old_pin,
                                 std::span<const std::uint8_t> new_pin) = 0;

    // Objects.  create/update/destroy need the token key for private or
    // sensitive content (CKR_USER_NOT_LOGGED_IN otherwise).
    [[nodiscard]] virtual std::vector<object_id> find(const index_query& q) = 0;
    // nullptr when the object is gone, here or in another process.
    [[nodiscard]] virtual std::shared_ptr<const stored_object> load(const object_id& id) = 0;
    virtual result<object_id> create(const attribute_set& attributes) = 0;
    // `change` gets the newest stored version, read under the exclusive lock
    // after catching up with other processes, and returns the whole new
    // attribute set (or an error, which is returned and nothing is written).
    // It runs with the store's locks held: it must not call the store.
    // CKR_OBJECT_HANDLE_INVALID when the object is gone.
    using change_function = std::function<result<attribute_set>(const stored_object& newest)>;
    virtual result<void> update(const object_id& id, const change_function& change) = 0;
    // Replaces the whole set, whatever the newest version holds: for callers
    // that own the object alone (tests, tools).
    result<void> update(const object_id& id, const attribute_set& attributes) {
        return update(id, [&](const stored_object&) -> result<attribute_set> { return attributes; });
    }
    virtual result<void> destroy(const object_id& id) = 0;
    [[nodiscard]] virtual std::size_t object_count() const = 0;

    // Counter values for one key's IVs (CKG_GENERATE_COUNTER), reserved in
    // blocks: returns the first of `count` values that no earlier
    // reservation for `key` returned, in this process or any other.  The
    // next free value is recorded durably under the exclusive lock before
    // it returns, so a crash only skips what the process had not used, and
    // never repeats a value.  CKR_FUNCTION_FAILED once the 64-bit range is
    // spent or when the record is damaged (starting again at 0 could repeat
    // a value); errors of the disk as elsewhere.
    virtual result<std::uint64_t> reserve_counters(const object_id& key, std::uint64_t count) = 0;
};

// Opens (creating if needed) the store in `directory`.
[[nodiscard]] result<std::unique_ptr<token_store>> open_store(const std::filesystem::path& directory,
                                                              const store_options& options = {});

} // namespace p11::store
