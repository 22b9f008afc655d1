// generation_view.hpp on Windows: a read-only view of the lock file's first
// page through CreateFileMappingW / MapViewOfFile.  A view of a file and
// WriteFile to it share the system cache, as mmap and pwrite share the page
// cache, so a counter written by another process is seen by the next load.
#include "store/generation_view.hpp"
#include "store/win32.hpp"

namespace p11::store::detail {

generation_view::mapping::~mapping() {
    if (address != nullptr) ::UnmapViewOfFile(address);
}

generation_view::generation_view(generation_view&& o) noexcept
    : counter_(o.counter_.exchange(nullptr)), mappings_(std::move(o.mappings_)) {}

generation_view::~generation_view() = default;

bool generation_view::attach(int fd) noexcept {
    counter_.store(nullptr, std::memory_order_release);
    const HANDLE h = handle_of(fd);
    constexpr LONGLONG counter_bytes = sizeof(std::uint64_t);
    LARGE_INTEGER size{};
    if (!::GetFileSizeEx(h, &size)) return false;
    // Only grows: a read-only mapping cannot extend the file, and a counter
    // another process wrote meanwhile already makes it this long.
    if (size.QuadPart < counter_bytes) {
        const std::uint8_t zeros[counter_bytes] = {};
        OVERLAPPED o{};
        o.Offset = static_cast<DWORD>(size.QuadPart);
        DWORD n = 0;
        if (!::WriteFile(h, zeros, static_cast<DWORD>(counter_bytes - size.QuadPart), &n, &o)) return false;
    }
    HANDLE section = ::CreateFileMappingW(h, nullptr, PAGE_READONLY, 0, 0, nullptr);
    if (section == nullptr) return false;
    void* address = ::MapViewOfFile(section, FILE_MAP_READ, 0, 0, counter_bytes);
    ::CloseHandle(section);  // the view keeps the section alive
    if (address == nullptr) return false;
    try {
        mappings_.push_back(std::make_unique<mapping>(address, static_cast<std::size_t>(counter_bytes)));
    } catch (...) {
        ::UnmapViewOfFile(address);
        return false;
    }
    counter_.store(static_cast<const std::uint64_t*>(address), std::memory_order_release);
    return true;
}

} // namespace p11::store::detail
