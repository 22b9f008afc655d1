// The token_store implementation.
//
// Directory layout:
//   lock                 flock target; bytes 0..7 = generation counter (LE)
//   token.meta           label, serial, PIN wraps and retry counters
//   token.meta.2         its second copy: one damaged copy loses nothing
//                        (meta_copies.hpp; absent in single-copy tokens
//                        until their next metadata write)
//   objects/<hex>.obj    one record per object (see record.hpp)
//   counters/<hex>       the next free IV counter value of a key (store_counters.cpp)
//   quarantine/          files set aside by initialize(), never deleted:
//                        damaged records, and every record and metadata
//                        copy of a token whose metadata was unreadable
//
// Concurrency.  Two mutexes:
//  - io_mutex_ serialises everything that touches the disk or the token key
//    (the flock is per open file description, so threads of this process
//    must not take it concurrently) and is the only writer of the state;
//  - state_mutex_ (shared) guards the in-memory state against readers:
//    find/load/metadata hold it shared, and an io_mutex_ holder takes it
//    exclusively only to publish a change it has fully prepared, never
//    across disk I/O or key derivation.
// An io_mutex_ holder may therefore read the state without state_mutex_.
// Order: io_mutex_, then the file lock, then state_mutex_.
// seen_generation_ is atomic because readers compare it with the lock
// file's counter before taking any lock (catch_up()); it is written only
// under io_mutex_.
#pragma once

#include <atomic>
#include <map>
#include <mutex>
#include <optional>
#include <shared_mutex>

#include "p11/platform.hpp"
#include "store/file_io.hpp"
#include "store/lock_file.hpp"
#include "store/meta_copies.hpp"
#include "store/object_index.hpp"
#include "store/record.hpp"
#include "store/token_meta.hpp"
#include "store/token_store.hpp"

namespace p11::store::detail {

class store_impl final : public token_store {
public:
    store_impl(const store_options& options, unique_fd root, unique_fd objects,
               lock_file lock);
    ~store_impl() override;

    result<void> refresh() override;
    [[nodiscard]] token_metadata metadata() override;
    [[nodiscard]] std::size_t damaged_records() const override;

    result<void> initialize(std::span<const std::uint8_t> so_pin, std::string_view label) override;
    result<void> login(user who, std::span<const std::uint8_t> pin) override;
    void logout() override;
    [[nodiscard]] bool unlocked() const override;
    result<void> init_user_pin(std::span<const std::uint8_t> pin) override;
    result<void> set_pin(user who, std::span<const std::uint8_t> old_pin, std::span<const std::uint8_t> new_pin) override;

    [[nodiscard]] std::vector<object_id> find(const index_query& q) override;
    [[nodiscard]] std::shared_ptr<const stored_object> load(const object_id& id) override;
    result<object_id> create(const attribute_set& attributes) override;
    using token_store::update;
    result<void> update(const object_id& id, const change_function& change) override;
    result<void> destroy(const object_id& id) override;
    [[nodiscard]] std::size_t object_count() const override;
    result<std::uint64_t> reserve_counters(const object_id& key, std::uint64_t count) override;

private:
    struct object_entry {
        file_signature signature;
        parsed_record record;
        std::vector<std::uint8_t> raw;  // the file, kept when sealed: opened at each login
        std::shared_ptr<const stored_object> view;
    };

    // --- store_sync.cpp: bringing the state up to date with the directory
    // Under io_mutex_ and a file lock.  Cheap when the generation is unchanged.
    [[nodiscard]] result<void> sync(bool force);
    // Before a read that takes no file lock: syncs (as refresh() does) only
    // when another process moved the generation counter, which costs one
    // memory load when it did not (inline: it precedes every use of a token
    // object's handle).  A failed sync leaves the last state.
    void catch_up() {
        if (lock_.peek_generation() != seen_generation_.load(std::memory_order_acquire)) (void)refresh();
    }
    [[nodiscard]] result<void> sync_metadata();
    [[nodiscard]] result<void> sync_objects();
    void remove_debris(int dirfd);
    // An entry for a record read from disk, opened with the token key when
    // unlocked; nullopt when damaged.
    [[nodiscard]] std::optional<object_entry> admit(const object_id& id, std::vector<std::uint8_t> raw,
                                                    const file_signature& sig) const;
    [[nodiscard]] std::shared_ptr<const stored_object> make_view(const parsed_record& r,
                                                                 const attribute_set* secret) const;
    // Publishing (takes state_mutex_): the index follows every change.
    void publish_object(const object_id& id, object_entry e);
    void publish_removal(const object_id& id);
    void publish_damaged(const std::string& name, const file_signature& sig);
    [[nodiscard]] bool visible(const stored_object& o) const;
    // Unlocks with a verified token key: opens every sealed record once.
    void unlock_with(secure_bytes key, user who);
    // Forgets the key and falls back to the locked views.
    void lock_views();

    // --- store_pin.cpp
    // Checks `pin` with the retry counter charged (and durable) before the
    // attempt; a right PIN resets the counter and yields the token key.
    [[nodiscard]] result<secure_bytes> check_pin(user who, std::span<const std::uint8_t> pin);
    // Both copies, one generation above the newest read.
    [[nodiscard]] result<void> write_metadata(meta_record m);
    [[nodiscard]] result<void> clear_objects();
    // initialize() of a token whose metadata is unreadable: every record and
    // metadata copy to quarantine/, nothing deleted.
    [[nodiscard]] result<void> set_aside_unreadable_token();

    // --- store_objects.cpp
    [[nodiscard]] result<void> commit(const object_id& id, std::uint64_t version, const attribute_set& a);
    [[nodiscard]] const sealing_key* current_key(sealing_key& slot) const;

    const store_options options_;
    unique_fd root_fd_;
    unique_fd objects_fd_;
    lock_file lock_;

    mutable platform::mutex io_mutex_;  // an SRW lock on Windows (platform.hpp)
    mutable std::shared_mutex state_mutex_;

    // The state: written under io_mutex_ + exclusive state_mutex_.
    std::optional<meta_record> meta_;  // the newest intact copy; nullopt: none (absent or damaged)
    metadata_copies meta_copies_;
    std::map<object_id, object_entry> objects_;
    std::map<std::string, file_signature> damaged_;  // object files that failed, by name
    object_index index_;
    secure_bytes token_key_;  // empty: locked
    key_epoch key_epoch_{};
    std::optional<user> logged_in_;
    std::atomic<std::uint64_t> seen_generation_{0};
    bool synced_ = false;
};

} // namespace p11::store::detail
