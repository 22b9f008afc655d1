#include "store/generation_view.hpp"

#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>


namespace p11::store::detail {

generation_view::mapping::~mapping() {
    if (address != nullptr) ::munmap(address, length);
}

generation_view::generation_view(generation_view&& o) noexcept
    : counter_(o.counter_.exchange(nullptr)), mappings_(std::move(o.mappings_)) {}

generation_view::~generation_view() = default;

bool generation_view::attach(int fd) noexcept {
    // Whatever was mapped belongs to a file this owner no longer locks: its
    // counter would not move again, so until the new one is mapped there is
    // no counter at all (the caller then syncs every time).
    counter_.store(nullptr, std::memory_order_release);
    constexpr auto counter_bytes = static_cast<off_t>(sizeof(std::uint64_t));
    struct stat st{};
    if (::fstat(fd, &st) != 0) return false;
    // ftruncate only grows here: a counter another process wrote meanwhile
    // already makes the file this long, and is then left as it is.
    if (st.st_size < counter_bytes && ::ftruncate(fd, counter_bytes) != 0) return false;
    const auto length = static_cast<std::size_t>(::sysconf(_SC_PAGESIZE));
    void* address = ::mmap(nullptr, length, PROT_READ, MAP_SHARED, fd, 0);
    if (address == MAP_FAILED) return false;
    try {
        mappings_.push_back(std::make_unique<mapping>(address, length));
    } catch (...) {
        ::munmap(address, length);
        return false;
    }
    counter_.store(static_cast<const std::uint64_t*>(address), std::memory_order_release);
    return true;
}

} // namespace p11::store::detail
