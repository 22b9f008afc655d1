// file_io.hpp on Windows.  Directory descriptors are entries of a
// process-wide table of paths (there is no openat()); files are opened with
// FILE_SHARE_READ | FILE_SHARE_WRITE | FILE_SHARE_DELETE so that a reader in
// one process never makes a replace or removal in another fail.  A replace
// writes a temporary, FlushFileBuffers it, and MoveFileExW's it over the
// name with MOVEFILE_REPLACE_EXISTING | MOVEFILE_WRITE_THROUGH: the rename
// is atomic for readers and durable when the call returns (NTFS journals it;
// there is no directory to fsync on Windows).
#include <fcntl.h>
#include <io.h>

#include <atomic>
#include <map>
#include <mutex>

#include "p11/platform.hpp"
#include "store/instrumentation.hpp"
#include "store/win32.hpp"

namespace p11::store::detail {

namespace {

// Directory descriptors: numbers far above any CRT descriptor.
constexpr int first_directory = 0x40000000;

struct directory_table {
    platform::mutex mutex;
    std::map<int, std::filesystem::path> paths;
    int next = first_directory;
};

directory_table& directories() {
    static directory_table t;
    return t;
}

int register_directory(std::filesystem::path path) {
    auto& t = directories();
    std::lock_guard g{t.mutex};
    const int id = t.next++;
    t.paths.emplace(id, std::move(path));
    return id;
}

result<void> write_all(HANDLE h, std::span<const std::uint8_t> data) {
    std::size_t done = 0;
    while (done < data.size()) {
        const auto chunk = static_cast<DWORD>(std::min<std::size_t>(data.size() - done, 1u << 30));
        DWORD n = 0;
        if (!::WriteFile(h, data.data() + done, chunk, &n, nullptr)) return rv_from_win32(::GetLastError());
        done += n;
    }
    return {};
}

std::string temporary_name() {
    // Unique within this process by the counter and across processes by the
    // process id; a leftover of a dead process with a recycled id is removed below.
    static std::atomic<std::uint64_t> serial{0};
    return std::string(temporary_prefix) + std::to_string(::GetCurrentProcessId()) + "-" +
           std::to_string(serial.fetch_add(1, std::memory_order_relaxed));
}

bool missing(DWORD err) { return err == ERROR_FILE_NOT_FOUND || err == ERROR_PATH_NOT_FOUND; }

// A rename onto a file that someone opened without FILE_SHARE_DELETE (a
// virus scanner, an indexer, a program of the user's) fails with a sharing
// or access error until they close it: retried for about a second.
bool move_retrying(const std::filesystem::path& from, const std::filesystem::path& to, DWORD flags) {
    for (int attempt = 0;; ++attempt) {
        if (::MoveFileExW(from.c_str(), to.c_str(), flags | MOVEFILE_WRITE_THROUGH)) return true;
        const DWORD err = ::GetLastError();
        if ((err != ERROR_SHARING_VIOLATION && err != ERROR_ACCESS_DENIED) || attempt == 50) {
            ::SetLastError(err);
            return false;
        }
        ::Sleep(20);
    }
}

} // namespace

std::filesystem::path directory_path(int dirfd) {
    auto& t = directories();
    std::lock_guard g{t.mutex};
    auto it = t.paths.find(dirfd);
    return it == t.paths.end() ? std::filesystem::path{} : it->second;
}

std::filesystem::path path_in(int dirfd, const std::string& name) { return directory_path(dirfd) / name; }

unique_fd open_shared(const std::filesystem::path& path, DWORD access, DWORD disposition, DWORD flags) {
    HANDLE h = ::CreateFileW(path.c_str(), access, FILE_SHARE_READ | FILE_SHARE_WRITE | FILE_SHARE_DELETE, nullptr,
                             disposition, flags, nullptr);
    if (h == INVALID_HANDLE_VALUE) return unique_fd{};
    const int fd = ::_open_osfhandle(reinterpret_cast<intptr_t>(h), _O_BINARY | ((access & GENERIC_WRITE) ? 0 : _O_RDONLY));
    if (fd < 0) {
        ::CloseHandle(h);
        ::SetLastError(ERROR_TOO_MANY_OPEN_FILES);
    }
    return unique_fd{fd};
}

bool signature_of(HANDLE h, file_signature& out) noexcept {
    BY_HANDLE_FILE_INFORMATION info{};
    if (!::GetFileInformationByHandle(h, &info)) return false;
    auto join = [](DWORD high, DWORD low) { return (static_cast<std::uint64_t>(high) << 32) | low; };
    out.device = info.dwVolumeSerialNumber;
    out.inode = join(info.nFileIndexHigh, info.nFileIndexLow);
    out.size = static_cast<std::int64_t>(join(info.nFileSizeHigh, info.nFileSizeLow));
    // 100 ns ticks; the creation time stands for ctime (a replace creates a new file).
    out.mtime_ns = static_cast<std::int64_t>(join(info.ftLastWriteTime.dwHighDateTime, info.ftLastWriteTime.dwLowDateTime)) * 100;
    out.ctime_ns = static_cast<std::int64_t>(join(info.ftCreationTime.dwHighDateTime, info.ftCreationTime.dwLowDateTime)) * 100;
    return true;
}

void unique_fd::reset(int fd) noexcept {
    if (fd_ >= first_directory) {
        auto& t = directories();
        std::lock_guard g{t.mutex};
        t.paths.erase(fd_);
    } else if (fd_ >= 0) {
        ::_close(fd_);
    }
    fd_ = fd;
}

rv rv_from_win32(DWORD err) noexcept {
    switch (err) {
    case ERROR_DISK_FULL:
    case ERROR_HANDLE_DISK_FULL:
        return rv::device_memory;
    case ERROR_NOT_ENOUGH_MEMORY:
    case ERROR_OUTOFMEMORY:
        return rv::host_memory;
    case ERROR_WRITE_PROTECT:
        return rv::token_write_protected;
    default:
        return rv::device_error;
    }
}

result<unique_fd> open_directory(const std::filesystem::path& path, bool create) {
    std::error_code ec;
    if (create) {
        std::filesystem::create_directories(path, ec);
        if (ec) return rv_from_win32(static_cast<DWORD>(ec.value()));
    }
    if (!std::filesystem::is_directory(path, ec)) return rv::device_error;
    return unique_fd{register_directory(std::filesystem::absolute(path, ec))};
}

result<unique_fd> open_subdirectory(int dirfd, const char* name, bool create) {
    const auto path = path_in(dirfd, name);
    if (create && !::CreateDirectoryW(path.c_str(), nullptr) && ::GetLastError() != ERROR_ALREADY_EXISTS)
        return rv_from_win32(::GetLastError());
    const DWORD attributes = ::GetFileAttributesW(path.c_str());
    if (attributes == INVALID_FILE_ATTRIBUTES || !(attributes & FILE_ATTRIBUTE_DIRECTORY) ||
        (attributes & FILE_ATTRIBUTE_REPARSE_POINT))
        return rv::device_error;
    return unique_fd{register_directory(path)};
}

result<std::optional<file_contents>> read_file(int dirfd, const std::string& name, std::size_t max_size) {
    count(counters().file_opens);
    const auto path = path_in(dirfd, name);
    auto fd = open_shared(path, GENERIC_READ, OPEN_EXISTING, FILE_ATTRIBUTE_NORMAL | FILE_FLAG_OPEN_REPARSE_POINT);
    if (!fd) {
        const DWORD err = ::GetLastError();
        if (missing(err)) return std::optional<file_contents>{};
        if (err == ERROR_TOO_MANY_OPEN_FILES || err == ERROR_NOT_ENOUGH_MEMORY) return rv_from_win32(err);
        // A directory, a file we may not read, ...: damaged, as on POSIX.
        file_contents out;
        out.signature = stat_file(dirfd, name).value_or(file_signature{});
        return std::optional<file_contents>{std::move(out)};
    }
    const HANDLE h = handle_of(fd.get());
    file_contents out;
    if (!signature_of(h, out.signature)) return rv_from_win32(::GetLastError());
    FILE_ATTRIBUTE_TAG_INFO tag{};
    if (::GetFileInformationByHandleEx(h, FileAttributeTagInfo, &tag, sizeof tag) &&
        (tag.FileAttributes & (FILE_ATTRIBUTE_DIRECTORY | FILE_ATTRIBUTE_REPARSE_POINT)))
        return std::optional<file_contents>{std::move(out)};  // empty: damaged
    const auto want = std::min<std::size_t>(static_cast<std::size_t>(out.signature.size), max_size + 1);
    out.bytes.resize(want);
    std::size_t got = 0;
    while (got < want) {
        DWORD n = 0;
        if (!::ReadFile(h, out.bytes.data() + got, static_cast<DWORD>(want - got), &n, nullptr)) {
            got = 0;  // unreadable: damaged, not fatal
            break;
        }
        if (n == 0) break;
        got += n;
    }
    out.bytes.resize(got);
    return std::optional<file_contents>{std::move(out)};
}

std::optional<file_signature> stat_file(int dirfd, const std::string& name) {
    // No access asked: only the identity, which any handle can tell.
    auto fd = open_shared(path_in(dirfd, name), 0, OPEN_EXISTING, FILE_FLAG_BACKUP_SEMANTICS | FILE_FLAG_OPEN_REPARSE_POINT);
    file_signature sig;
    if (!fd || !signature_of(handle_of(fd.get()), sig)) return std::nullopt;
    return sig;
}

result<void> replace_file(int dirfd, const std::string& name, std::span<const std::uint8_t> data) {
    const auto tmp = path_in(dirfd, temporary_name());
    auto fd = open_shared(tmp, GENERIC_WRITE, CREATE_NEW);
    if (!fd && ::GetLastError() == ERROR_FILE_EXISTS) {
        ::DeleteFileW(tmp.c_str());
        fd = open_shared(tmp, GENERIC_WRITE, CREATE_NEW);
    }
    if (!fd) return rv_from_win32(::GetLastError());
    auto fail = [&](rv code) -> result<void> {
        fd.reset();
        ::DeleteFileW(tmp.c_str());
        return code;
    };
    if (auto r = write_all(handle_of(fd.get()), data); !r) return fail(r.code());
    if (!::FlushFileBuffers(handle_of(fd.get()))) return fail(rv_from_win32(::GetLastError()));
    fd.reset();
    if (!move_retrying(tmp, path_in(dirfd, name), MOVEFILE_REPLACE_EXISTING)) return fail(rv_from_win32(::GetLastError()));
    count(counters().file_commits);
    return {};
}

result<void> remove_file(int dirfd, const std::string& name) {
    // Renamed first, then deleted: a file deleted while a reader holds it
    // open stays "delete pending" under its name until closed, and a create
    // of that name would fail meanwhile.  The temporary name is debris that
    // the next open removes if we die in between.
    const auto path = path_in(dirfd, name);
    const auto doomed = path_in(dirfd, temporary_name());
    if (!move_retrying(path, doomed, 0)) {
        const DWORD err = ::GetLastError();
        if (missing(err)) return {};
        return rv_from_win32(err);
    }
    ::DeleteFileW(doomed.c_str());
    return {};
}

void discard_file(int dirfd, const std::string& name) noexcept { ::DeleteFileW(path_in(dirfd, name).c_str()); }

result<void> move_file(int from_dirfd, const std::string& name, int to_dirfd, const std::string& to_name) {
    if (!move_retrying(path_in(from_dirfd, name), path_in(to_dirfd, to_name), 0)) {
        const DWORD err = ::GetLastError();
        if (missing(err)) return {};
        return rv_from_win32(err);
    }
    return {};
}

result<std::vector<std::string>> list_directory(int dirfd) {
    std::vector<std::string> names;
    WIN32_FIND_DATAW found{};
    HANDLE h = ::FindFirstFileW((directory_path(dirfd) / L"*").c_str(), &found);
    if (h == INVALID_HANDLE_VALUE) {
        const DWORD err = ::GetLastError();
        if (err == ERROR_FILE_NOT_FOUND) return names;
        return rv_from_win32(err);
    }
    do {
        const std::wstring_view n{found.cFileName};
        if (n == L"." || n == L"..") continue;
        // The store's own names are ASCII; anything else is no name of ours
        // and reads as such (a lossy conversion cannot match a record name).
        std::string narrow;
        for (wchar_t c : n) narrow.push_back(c < 0x80 ? static_cast<char>(c) : '?');
        names.push_back(std::move(narrow));
    } while (::FindNextFileW(h, &found));
    const DWORD err = ::GetLastError();
    ::FindClose(h);
    if (err != ERROR_NO_MORE_FILES) return rv_from_win32(err);
    return names;
}

bool is_temporary(const std::string& name) { return name.starts_with(temporary_prefix); }

} // namespace p11::store::detail
