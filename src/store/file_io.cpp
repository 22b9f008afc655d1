#include "store/file_io.hpp"

#include <dirent.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>

#include "store/instrumentation.hpp"

namespace p11::store::detail {

namespace {

file_signature signature_of(const struct stat& st) {
    return file_signature{st.st_dev, st.st_ino, st.st_size,
                          static_cast<std::int64_t>(st.st_mtim.tv_sec) * 1000000000 + st.st_mtim.tv_nsec,
                          static_cast<std::int64_t>(st.st_ctim.tv_sec) * 1000000000 + st.st_ctim.tv_nsec};
}

result<void> sync_fd(int fd) {
    while (::fsync(fd) != 0) {
        if (errno != EINTR) return rv_from_errno(errno);
    }
    return {};
}

result<void> write_all(int fd, std::span<const std::uint8_t> data) {
    std::size_t done = 0;
    while (done < data.size()) {
        const auto n = ::write(fd, data.data() + done, data.size() - done);
        if (n < 0) {
            if (errno == EINTR) continue;
            return rv_from_errno(errno);
        }
        done += static_cast<std::size_t>(n);
    }
    return {};
}

std::string temporary_name() {
    // Unique within this process by the counter and across processes by the
    // pid; a leftover of a dead process with a recycled pid is removed below.
    static std::atomic<std::uint64_t> serial{0};
    return std::string(temporary_prefix) + std::to_string(::getpid()) + "-" +
           std::to_string(serial.fetch_add(1, std::memory_order_relaxed));
}

} // namespace

void unique_fd::reset(int fd) noexcept {
    if (fd_ >= 0) ::close(fd_);
    fd_ = fd;
}

rv rv_from_errno(int err) noexcept {
    switch (err) {
    case ENOSPC:
    case EDQUOT:
        return rv::device_memory;
    case ENOMEM:
        return rv::host_memory;
    case EROFS:
        return rv::token_write_protected;
    default:
        return rv::device_error;
    }
}

result<unique_fd> open_directory(const std::filesystem::path& path, bool create) {
    if (create) {
        std::error_code ec;
        std::filesystem::create_directories(path, ec);
        if (ec) return rv_from_errno(ec.value());
    }
    unique_fd fd{::open(path.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC)};
    if (!fd) return rv_from_errno(errno);
    return fd;
}

result<unique_fd> open_subdirectory(int dirfd, const char* name, bool create) {
    if (create && ::mkdirat(dirfd, name, 0700) == 0) {
        // The new entry must survive a crash like any other commit.
        P11_TRY(sync_fd(dirfd));
    } else if (create && errno != EEXIST) {
        return rv_from_errno(errno);
    }
    unique_fd fd{::openat(dirfd, name, O_RDONLY | O_DIRECTORY | O_CLOEXEC | O_NOFOLLOW)};
    if (!fd) return rv_from_errno(errno);
    return fd;
}

result<std::optional<file_contents>> read_file(int dirfd, const std::string& name, std::size_t max_size) {
    count(counters().file_opens);
    unique_fd fd{::openat(dirfd, name.c_str(), O_RDONLY | O_CLOEXEC | O_NOFOLLOW | O_NONBLOCK)};
    if (!fd) {
        const int err = errno;
        if (err == ENOENT) return std::optional<file_contents>{};
        // Out of descriptors or memory: the process's trouble, not the file's.
        if (err == EMFILE || err == ENFILE || err == ENOMEM) return rv_from_errno(err);
        // A symlink, a file we may not read, ...: this name holds no record
        // we can use, which is what a damaged file is.
        file_contents out;
        out.signature = stat_file(dirfd, name).value_or(file_signature{});
        return std::optional<file_contents>{std::move(out)};
    }
    struct stat st{};
    if (::fstat(fd.get(), &st) != 0) return rv_from_errno(errno);
    file_contents out;
    out.signature = signature_of(st);
    if (!S_ISREG(st.st_mode)) return std::optional<file_contents>{std::move(out)};  // empty: damaged
    // An oversized file is read only up to the limit: its parse fails and it
    // is reported as damaged rather than exhausting memory.
    const auto want = std::min<std::size_t>(static_cast<std::size_t>(st.st_size), max_size + 1);
    out.bytes.resize(want);
    std::size_t got = 0;
    while (got < want) {
        const auto n = ::read(fd.get(), out.bytes.data() + got, want - got);
        if (n < 0) {
            if (errno == EINTR) continue;
            got = 0;  // unreadable (EIO on a bad block ...): damaged, not fatal
            break;
        }
        if (n == 0) break;
        got += static_cast<std::size_t>(n);
    }
    out.bytes.resize(got);
    return std::optional<file_contents>{std::move(out)};
}

std::optional<file_signature> stat_file(int dirfd, const std::string& name) {
    struct stat st{};
    if (::fstatat(dirfd, name.c_str(), &st, AT_SYMLINK_NOFOLLOW) != 0) return std::nullopt;
    return signature_of(st);
}

result<void> replace_file(int dirfd, const std::string& name, std::span<const std::uint8_t> data) {
    auto tmp = temporary_name();
    unique_fd fd{::openat(dirfd, tmp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0600)};
    if (!fd && errno == EEXIST) {
        ::unlinkat(dirfd, tmp.c_str(), 0);
        fd.reset(::openat(dirfd, tmp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0600));
    }
    if (!fd) return rv_from_errno(errno);
    auto fail = [&](rv code) -> result<void> {
        fd.reset();
        ::unlinkat(dirfd, tmp.c_str(), 0);
        return code;
    };
    if (auto r = write_all(fd.get(), data); !r) return fail(r.code());
    if (auto r = sync_fd(fd.get()); !r) return fail(r.code());
    fd.reset();
    if (::renameat(dirfd, tmp.c_str(), dirfd, name.c_str()) != 0) return fail(rv_from_errno(errno));
    // Without this the rename itself may be lost in a crash, bringing back
    // the previous version (or no file) after the caller was told "done".
    P11_TRY(sync_fd(dirfd));
    count(counters().file_commits);
    return {};
}

result<void> remove_file(int dirfd, const std::string& name) {
    if (::unlinkat(dirfd, name.c_str(), 0) != 0) {
        if (errno == ENOENT) return {};
        return rv_from_errno(errno);
    }
    return sync_fd(dirfd);
}

void discard_file(int dirfd, const std::string& name) noexcept { ::unlinkat(dirfd, name.c_str(), 0); }

result<void> move_file(int from_dirfd, const std::string& name, int to_dirfd, const std::string& to_name) {
    if (::renameat(from_dirfd, name.c_str(), to_dirfd, to_name.c_str()) != 0) {
        if (errno == ENOENT) return {};
        return rv_from_errno(errno);
    }
    P11_TRY(sync_fd(to_dirfd));
    return sync_fd(from_dirfd);
}

result<std::vector<std::string>> list_directory(int dirfd) {
    // fdopendir takes the descriptor it is given, so it gets its own.
    int own = ::openat(dirfd, ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (own < 0) return rv_from_errno(errno);
    DIR* d = ::fdopendir(own);
    if (d == nullptr) {
        const int err = errno;
        ::close(own);
        return rv_from_errno(err);
    }
    std::vector<std::string> names;
    errno = 0;
    while (const dirent* e = ::readdir(d)) {
        const std::string_view n{e->d_name};
        if (n != "." && n != "..") names.emplace_back(n);
    }
    const int err = errno;
    ::closedir(d);
    if (err != 0) return rv_from_errno(err);
    return names;
}

bool is_temporary(const std::string& name) { return name.starts_with(temporary_prefix); }

} // namespace p11::store::detail
