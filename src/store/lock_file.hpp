// The token directory's lock file: flock() serialises writers across
// processes (shared for a consistent read of the directory, exclusive for a
// change), and its first 8 bytes are the generation counter that every
// change bumps, so a refresh that finds it unchanged costs one pread, and a
// reader's "anything new?" (peek_generation) costs one load from a mapping.
//
// Windows (lock_file_windows.cpp): LockFileEx on one byte far past the
// counter (Windows byte-range locks are mandatory: locking the counter would
// stop other processes' reads of it), through a handle of this object's own,
// which like a flock's open file description conflicts with every other
// handle, in this process or another.
//
// A flock belongs to an open file description: two threads of one process
// sharing this object would share the lock, so the owner serialises its own
// callers (store_impl's io mutex) and never nests lock().
#pragma once

#include <cstdint>

#include "p11/platform.hpp"
#include "p11/result.hpp"
#include "store/file_io.hpp"
#include "store/generation_view.hpp"

namespace p11::store::detail {

class lock_file {
public:
    static constexpr const char* file_name = "lock";

    [[nodiscard]] static result<lock_file> open(int dirfd);

    // Blocks until granted.  If the lock file was replaced or deleted since
    // it was opened (someone cleaning up), or this is a forked child, it is
    // reopened first so that every process locks the same inode, each
    // through its own open file description.
    [[nodiscard]] result<void> lock(bool exclusive);
    // As lock(), but false at once when another holder is in the way.
    [[nodiscard]] result<bool> try_lock(bool exclusive);
    void unlock() noexcept;

    // Valid under either lock.  A short or unreadable file reads as 0, which
    // only makes the next refresh a full one.
    [[nodiscard]] std::uint64_t generation() const;
    // The counter without a lock or a syscall: safe from any thread,
    // concurrently with lock() reopening the file.  A hint for "sync before
    // answering": a change committed before this call began is reflected in
    // it.  When the file could not be mapped, a value no counter reaches.
    [[nodiscard]] std::uint64_t peek_generation() const {
        // Unmapped: a value no counter reaches, so every caller syncs (slow,
        // but right; pread here would race with lock() replacing the fd).
        return view_.current().value_or(~std::uint64_t{0});
    }    // Under the exclusive lock: generation + 1, written in place.  Not
    // fsync'ed: the counter only tells live processes that something changed;
    // after a reboot every process starts with a full scan anyway.
    [[nodiscard]] result<std::uint64_t> bump();

private:
    lock_file(int dirfd, unique_fd fd);
    [[nodiscard]] result<void> reopen_if_replaced();
    // One round of lock(): busy only when not waiting; replaced when the
    // file was swapped between the open and the lock (then not held).
    enum class attempt { granted, busy, replaced };
    [[nodiscard]] result<attempt> lock_once(bool exclusive, bool wait);
    [[nodiscard]] result<bool> acquire(bool exclusive, bool wait);

    int dirfd_ = -1;
    unique_fd fd_;
    // A forked child shares our open file description, hence our flock: it
    // must lock through a description of its own.
    platform::process_id owner_ = 0;
    generation_view view_;
};

// Holds a lock_file lock for a scope; check status() before relying on it.
class file_lock_guard {
public:
    file_lock_guard(lock_file& lf, bool exclusive) : status_(lf.lock(exclusive)) {
        if (status_) lf_ = &lf;
    }
    file_lock_guard(const file_lock_guard&) = delete;
    file_lock_guard& operator=(const file_lock_guard&) = delete;
    ~file_lock_guard() {
        if (lf_ != nullptr) lf_->unlock();
    }
    [[nodiscard]] const result<void>& status() const { return status_; }

private:
    lock_file* lf_ = nullptr;
    result<void> status_;
};

} // namespace p11::store::detail
