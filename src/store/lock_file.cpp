#include "store/lock_file.hpp"

#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>

#include "store/codec.hpp"

namespace p11::store::detail {

namespace {
unique_fd open_lock(int dirfd) {
    return unique_fd{::openat(dirfd, lock_file::file_name, O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0600)};
}
} // namespace

lock_file::lock_file(int dirfd, unique_fd fd) : dirfd_(dirfd), fd_(std::move(fd)), owner_(::getpid()) {
    // Unmappable (an odd filesystem): peek_generation() then always says stale.
    (void)view_.attach(fd_.get());
}

result<lock_file> lock_file::open(int dirfd) {
    auto fd = open_lock(dirfd);
    if (!fd) return rv_from_errno(errno);
    return lock_file{dirfd, std::move(fd)};
}

result<void> lock_file::reopen_if_replaced() {
    struct stat mine{};
    struct stat named{};
    if (::fstat(fd_.get(), &mine) != 0) return rv_from_errno(errno);
    if (owner_ == ::getpid() && ::fstatat(dirfd_, file_name, &named, AT_SYMLINK_NOFOLLOW) == 0 && named.st_ino == mine.st_ino &&
        named.st_dev == mine.st_dev)
        return {};
    auto fd = open_lock(dirfd_);
    if (!fd) return rv_from_errno(errno);
    fd_ = std::move(fd);
    owner_ = ::getpid();
    // A replaced file's mapping would show a counter nobody bumps any more.
    (void)view_.attach(fd_.get());
    return {};
}

result<lock_file::attempt> lock_file::lock_once(bool exclusive, bool wait) {
    P11_TRY(reopen_if_replaced());
    const int how = (exclusive ? LOCK_EX : LOCK_SH) | (wait ? 0 : LOCK_NB);
    while (::flock(fd_.get(), how) != 0) {
        if (errno == EWOULDBLOCK && !wait) return attempt::busy;
        if (errno != EINTR) return rv_from_errno(errno);
    }
    struct stat mine{};
    struct stat named{};
    if (::fstat(fd_.get(), &mine) == 0 && ::fstatat(dirfd_, file_name, &named, AT_SYMLINK_NOFOLLOW) == 0 &&
        named.st_ino == mine.st_ino && named.st_dev == mine.st_dev)
        return attempt::granted;
    ::flock(fd_.get(), LOCK_UN);
    return attempt::replaced;
}

void lock_file::unlock() noexcept { ::flock(fd_.get(), LOCK_UN); }

std::uint64_t lock_file::generation() const {
    std::uint8_t b[8];
    if (::pread(fd_.get(), b, sizeof b, 0) != static_cast<ssize_t>(sizeof b)) return 0;
    return le_reader{bytes_view{b, sizeof b}}.u64();
}

result<std::uint64_t> lock_file::bump() {
    const auto next = generation() + 1;
    std::vector<std::uint8_t> b;
    le_writer{b}.u64(next);
    if (::pwrite(fd_.get(), b.data(), b.size(), 0) != static_cast<ssize_t>(b.size())) return rv_from_errno(errno);
    return next;
}

} // namespace p11::store::detail
