// Files of a token directory: whole-file reads, atomic durable replaces and
// removals, and the identity of a file version for cheap change detection.
// Everything works relative to a directory descriptor so a path that is
// renamed or replaced under us cannot redirect a write.
//
// Windows (file_io_windows.cpp) has no openat(): a "directory descriptor"
// there is a number naming the directory's path in a process-wide table, a
// file descriptor is a CRT descriptor over a CreateFileW handle opened with
// FILE_SHARE_READ | FILE_SHARE_WRITE | FILE_SHARE_DELETE (so a reader never
// stops a replace), and a replace is FlushFileBuffers then MoveFileExW with
// MOVEFILE_REPLACE_EXISTING | MOVEFILE_WRITE_THROUGH.
#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>
#include <span>
#include <string>
#include <utility>
#include <vector>

#include "p11/result.hpp"

namespace p11::store::detail {

// Owns a file descriptor.
class unique_fd {
public:
    unique_fd() = default;
    explicit unique_fd(int fd) : fd_(fd) {}
    unique_fd(unique_fd&& o) noexcept : fd_(std::exchange(o.fd_, -1)) {}
    unique_fd& operator=(unique_fd&& o) noexcept {
        if (this != &o) reset(std::exchange(o.fd_, -1));
        return *this;
    }
    unique_fd(const unique_fd&) = delete;
    unique_fd& operator=(const unique_fd&) = delete;
    ~unique_fd() { reset(); }
    void reset(int fd = -1) noexcept;
    [[nodiscard]] int get() const { return fd_; }
    explicit operator bool() const { return fd_ >= 0; }

private:
    int fd_ = -1;
};

// What identifies one version of a file without reading it.  Every commit
// creates a new inode (write to a temporary, rename over), so a changed file
// differs in inode, size or times even within one timestamp tick.
// (Windows: the volume serial number and the file index.)
struct file_signature {
    std::uint64_t device = 0;
    std::uint64_t inode = 0;
    std::int64_t size = 0;
    std::int64_t mtime_ns = 0;
    std::int64_t ctime_ns = 0;
    friend bool operator==(const file_signature&, const file_signature&) = default;
};

#if !defined(_WIN32)
// The CKR for a failed system call (ENOSPC is the token running out of room;
// Windows: rv_from_win32, store/win32.hpp).
[[nodiscard]] rv rv_from_errno(int err) noexcept;
#endif

// Opens (creating with mode 0700 when `create`) a directory.
[[nodiscard]] result<unique_fd> open_directory(const std::filesystem::path& path, bool create);
[[nodiscard]] result<unique_fd> open_subdirectory(int dirfd, const char* name, bool create);

// nullopt when the file does not exist (or vanished between the listing and
// the open: a concurrent replace or removal, which the caller treats as such).
// A name that cannot be read as a regular file (a symlink, a directory, no
// permission) yields empty contents, which no parser accepts: one bad entry
// must not stop the others from loading.  Errors are the process's own
// (descriptors, memory) or the device's.
struct file_contents {
    std::vector<std::uint8_t> bytes;
    file_signature signature;
};
[[nodiscard]] result<std::optional<file_contents>> read_file(int dirfd, const std::string& name,
                                                             std::size_t max_size);
[[nodiscard]] std::optional<file_signature> stat_file(int dirfd, const std::string& name);

// Temporary file, fsync, rename over `name`, fsync of the directory: after
// it returns the new content survives a crash, and at no moment can a reader
// or a crash observe a partial file.
[[nodiscard]] result<void> replace_file(int dirfd, const std::string& name, std::span<const std::uint8_t> data);
// Unlinks `name` durably; a missing file is not an error.
[[nodiscard]] result<void> remove_file(int dirfd, const std::string& name);
// Unlinks `name` without syncing: debris of a killed writer.
void discard_file(int dirfd, const std::string& name) noexcept;
// Moves a file to another directory of the same file system, durably.
[[nodiscard]] result<void> move_file(int from_dirfd, const std::string& name, int to_dirfd, const std::string& to_name);

// Names in a directory, "." and ".." excluded.
[[nodiscard]] result<std::vector<std::string>> list_directory(int dirfd);

// Prefix of temporaries.  One only exists while its writer holds the
// exclusive lock, so any seen under a lock is debris of a killed writer.
inline constexpr std::string_view temporary_prefix = ".tmp-";
[[nodiscard]] bool is_temporary(const std::string& name);

} // namespace p11::store::detail
