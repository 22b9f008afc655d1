// Tells a DRBG that it now runs in a child process, without a system call
// per check: one page marked MADV_WIPEONFORK (Linux 4.14) reads as zeros in
// any child with its own copy of memory, including one made by a raw clone()
// that ran no pthread_atfork handlers.  Where the kernel refuses the advice,
// it compares getpid() (one system call per check, glibc no longer caches it).
// Not thread-safe: the owner checks under its own lock.
#pragma once

#include <cstdint>

#include <sys/mman.h>
#include <unistd.h>

namespace p11::crypto::internal {

class fork_guard {
public:
    fork_guard() noexcept {
        const long size = ::sysconf(_SC_PAGESIZE);
        size_ = size > 0 ? static_cast<std::size_t>(size) : 4096;
        void* p = ::mmap(nullptr, size_, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
        if (p == MAP_FAILED) return;
        if (::madvise(p, size_, MADV_WIPEONFORK) == 0) page_ = static_cast<volatile std::uint8_t*>(p);
        else ::munmap(p, size_);
    }
    ~fork_guard() {
        if (page_ != nullptr) ::munmap(const_cast<std::uint8_t*>(page_), size_);
    }
    fork_guard(const fork_guard&) = delete;
    fork_guard& operator=(const fork_guard&) = delete;

    // Makes the calling process the one later checks compare against.
    void arm() noexcept {
        if (page_ != nullptr) *page_ = 1;
        pid_ = ::getpid();
    }
    // True in a process other than the one that last armed.
    [[nodiscard]] bool moved() const noexcept { return page_ != nullptr ? *page_ == 0 : ::getpid() != pid_; }

private:
    volatile std::uint8_t* page_ = nullptr;
    std::size_t size_ = 0;
    ::pid_t pid_ = 0;
};

} // namespace p11::crypto::internal
