// A small pool of mutable backend contexts behind one immutable key.
//
// Backends keep per-operation mutable state in contexts: mbedTLS its RSA
// blinding values and Montgomery caches, the ECP group's precomputed comb
// table, and an RSA context serialises every operation on its own mutex;
// OpenSSL its EVP_PKEY_CTX, whose initialisation (a provider method fetch)
// costs more than a short operation.  A key object shared by several threads
// therefore lends each operation a context of its own: taken from the idle
// list, or made (cloned from the key's pristine master, or initialised on the
// key) when the list is empty, and handed back afterwards.  The pool's mutex only
// guards a push or a pop, never an operation, so two threads never wait for
// each other's arithmetic; contexts keep their warm caches across uses.
#pragma once

#include <cstddef>
#include <functional>
#include <memory>
#include <mutex>
#include <thread>
#include <utility>
#include <vector>

namespace p11::crypto::internal {

template <class T>
class context_pool {
public:
    using factory = std::function<std::unique_ptr<T>()>;

    explicit context_pool(factory make, std::size_t max_idle = default_max_idle())
        : make_(std::move(make)), max_idle_(max_idle) {}
    context_pool(const context_pool&) = delete;
    context_pool& operator=(const context_pool&) = delete;

    // Exclusive use of one context until destroyed; empty when a new context
    // could not be made.
    class lease {
    public:
        lease(context_pool* pool, std::unique_ptr<T> ctx) : pool_(pool), ctx_(std::move(ctx)) {}
        lease(lease&& o) noexcept : pool_(o.pool_), ctx_(std::move(o.ctx_)) {}
        lease& operator=(lease&&) = delete;
        ~lease() {
            if (ctx_) pool_->give_back(std::move(ctx_));
        }
        explicit operator bool() const noexcept { return ctx_ != nullptr; }
        T& operator*() const noexcept { return *ctx_; }
        T* operator->() const noexcept { return ctx_.get(); }
        // Drops the context instead of returning it (after a failure that may
        // have left it in a state we do not want to reuse).
        void discard() noexcept { ctx_.reset(); }

    private:
        context_pool* pool_;
        std::unique_ptr<T> ctx_;
    };

    lease acquire() {
        {
            std::lock_guard lock(mutex_);
            if (!idle_.empty()) {
                auto ctx = std::move(idle_.back());
                idle_.pop_back();
                return lease(this, std::move(ctx));
            }
        }
        return lease(this, make_());  // cloning happens outside the lock
    }

    // Asked once per process: glibc answers hardware_concurrency() by reading
    // /sys/devices/system/cpu/online, and keys (with several pools each) are
    // made per key generation and per key wrap's check value.
    static std::size_t default_max_idle() noexcept {
        static const std::size_t bound = [] {
            const std::size_t n = std::thread::hardware_concurrency();
            return n < 2 ? std::size_t{2} : (n > 16 ? std::size_t{16} : n);
        }();
        return bound;
    }

private:
    void give_back(std::unique_ptr<T> ctx) noexcept {
        std::unique_ptr<T> surplus;  // freed outside the lock
        {
            std::lock_guard lock(mutex_);
            if (idle_.size() < max_idle_) {
                try {
                    idle_.push_back(std::move(ctx));
                } catch (...) {
                    surplus = std::move(ctx);
                }
            } else {
                surplus = std::move(ctx);
            }
        }
    }

    factory make_;
    std::size_t max_idle_;
    std::mutex mutex_;
    std::vector<std::unique_ptr<T>> idle_;
};

} // namespace p11::crypto::internal
