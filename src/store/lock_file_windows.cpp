// lock_file.hpp on Windows: LockFileEx / UnlockFileEx on one byte at
// lock_offset, far past the counter.  Byte-range locks are mandatory there:
// a lock on bytes 0..7 would make other processes' reads of the counter
// fail.  A lock belongs to the handle, and LockFileEx refuses a second lock
// through a handle holding one, so, as with flock, this object's owner
// serialises its callers (store_impl's io mutex).  No process is forked on
// Windows: the handle is never shared with a child that could hold the lock.
#include "store/codec.hpp"
#include "store/lock_file.hpp"
#include "store/win32.hpp"

namespace p11::store::detail {

namespace {

constexpr std::uint64_t lock_offset = std::uint64_t{1} << 62;

OVERLAPPED at(std::uint64_t offset) {
    OVERLAPPED o{};
    o.Offset = static_cast<DWORD>(offset);
    o.OffsetHigh = static_cast<DWORD>(offset >> 32);
    return o;
}

unique_fd open_lock(int dirfd) {
    return open_shared(path_in(dirfd, lock_file::file_name), GENERIC_READ | GENERIC_WRITE, OPEN_ALWAYS);
}

bool same_file(int fd, int dirfd) {
    file_signature mine;
    file_signature named;
    if (!signature_of(handle_of(fd), mine)) return false;
    auto other = open_shared(path_in(dirfd, lock_file::file_name), 0, OPEN_EXISTING, FILE_FLAG_BACKUP_SEMANTICS);
    return other && signature_of(handle_of(other.get()), named) && named.device == mine.device && named.inode == mine.inode;
}

} // namespace

lock_file::lock_file(int dirfd, unique_fd fd) : dirfd_(dirfd), fd_(std::move(fd)), owner_(platform::this_process_id()) {
    (void)view_.attach(fd_.get());
}

result<lock_file> lock_file::open(int dirfd) {
    auto fd = open_lock(dirfd);
    if (!fd) return rv_from_win32(::GetLastError());
    return lock_file{dirfd, std::move(fd)};
}

result<void> lock_file::reopen_if_replaced() {
    if (same_file(fd_.get(), dirfd_)) return {};
    auto fd = open_lock(dirfd_);
    if (!fd) return rv_from_win32(::GetLastError());
    fd_ = std::move(fd);
    (void)view_.attach(fd_.get());
    return {};
}

result<lock_file::attempt> lock_file::lock_once(bool exclusive, bool wait) {
    P11_TRY(reopen_if_replaced());
    auto o = at(lock_offset);
    const DWORD how = (exclusive ? LOCKFILE_EXCLUSIVE_LOCK : 0) | (wait ? 0 : LOCKFILE_FAIL_IMMEDIATELY);
    if (!::LockFileEx(handle_of(fd_.get()), how, 0, 1, 0, &o)) {
        const DWORD err = ::GetLastError();
        if (!wait && (err == ERROR_LOCK_VIOLATION || err == ERROR_IO_PENDING)) return attempt::busy;
        return rv_from_win32(err);
    }
    if (same_file(fd_.get(), dirfd_)) return attempt::granted;
    unlock();
    return attempt::replaced;
}

void lock_file::unlock() noexcept {
    auto o = at(lock_offset);
    ::UnlockFileEx(handle_of(fd_.get()), 0, 1, 0, &o);
}

std::uint64_t lock_file::generation() const {
    std::uint8_t b[8];
    auto o = at(0);
    DWORD n = 0;
    if (!::ReadFile(handle_of(fd_.get()), b, sizeof b, &n, &o) || n != sizeof b) return 0;
    return le_reader{bytes_view{b, sizeof b}}.u64();
}

result<std::uint64_t> lock_file::bump() {
    const auto next = generation() + 1;
    std::vector<std::uint8_t> b;
    le_writer{b}.u64(next);
    auto o = at(0);
    DWORD n = 0;
    if (!::WriteFile(handle_of(fd_.get()), b.data(), static_cast<DWORD>(b.size()), &n, &o) || n != b.size())
        return rv_from_win32(::GetLastError());
    return next;
}

} // namespace p11::store::detail
