// A search among a session's objects as a lazy, single-pass range:
//
//   auto found = s.search({p11::attr::cls = p11::object_class::certificate});
//   for (auto h : found)
//       if (wanted(h)) break;
//   if (found.error() != p11::rv::ok) ...
//
// A session runs one search at a time and refuses the next one with
// CKR_OPERATION_ACTIVE until C_FindObjectsFinal, so the range ends its search
// itself, exactly once: as soon as the module has nothing more, at finish(),
// or when it goes (a loop left early).  Handles come from the module a batch
// at a time, so a token with thousands of objects costs one small buffer.
//
// Nothing here throws: an error ends the iteration and stays available from
// error() / status().  The range, like the session's other operations, must
// not outlive its session, and its iterators not the range (nor its moves).
#pragma once

#include <cstddef>
#include <iterator>
#include <utility>
#include <vector>

#include "p11/abi.hpp"
#include "p11/attributes/attribute_template.hpp"
#include "p11/result.hpp"

namespace p11::client {

using object_handle = abi::CK_OBJECT_HANDLE;

class object_search {
public:
    static constexpr std::size_t default_batch = 64;

    class iterator;

    // An empty range that owns no search.
    object_search() = default;
    // Calls C_FindObjectsInit; on failure the range is empty and error() says why.
    object_search(const abi::CK_FUNCTION_LIST_3_0* fn, abi::CK_SESSION_HANDLE session,
                  const attribute_template& criteria, std::size_t batch = default_batch)
        : fn_(fn), session_(session), batch_(batch == 0 ? 1 : batch) {
        if (const auto r = fn_->C_FindObjectsInit(session_, criteria.data(), criteria.count()); r != 0)
            status_ = p11::error{static_cast<rv>(r), function_id::C_FindObjectsInit};
        else
            active_ = true;
    }
    object_search(const object_search&) = delete;
    object_search& operator=(const object_search&) = delete;
    object_search(object_search&& o) noexcept { take(o); }
    object_search& operator=(object_search&& o) noexcept {
        if (this != &o) {
            static_cast<void>(finish());
            take(o);
        }
        return *this;
    }
    ~object_search() { static_cast<void>(finish()); }

    // Fetches the first batch on the first call; later calls resume where the
    // iteration stands (a single pass, like an input stream).
    [[nodiscard]] iterator begin();
    [[nodiscard]] iterator end() const;

    // Ends the search now (C_FindObjectsFinal unless already ended); handles
    // not yet iterated are dropped.  Returns status().
    result<void> finish() {
        pos_ = count_ = 0;
        if (active_) {
            active_ = false;
            if (const auto r = fn_->C_FindObjectsFinal(session_); r != 0 && ok())
                status_ = p11::error{static_cast<rv>(r), function_id::C_FindObjectsFinal};
        }
        return status();
    }

    // The first error of Init, FindObjects or Final; rv::ok while there is none.
    [[nodiscard]] rv error() const { return status_.code(); }
    // The same with the function that failed, ready for P11_TRY.
    [[nodiscard]] result<void> status() const {
        if (ok()) return {};
        return status_;
    }
    // Whether the module still holds the search open (C_FindObjectsFinal pending).
    [[nodiscard]] bool active() const { return active_; }

private:
    [[nodiscard]] bool ok() const { return status_.code() == rv::ok; }
    [[nodiscard]] bool at_end() const { return pos_ >= count_; }
    [[nodiscard]] object_handle current() const { return buffer_[pos_]; }

    void advance() {
        if (++pos_ >= count_) fill();
    }
    // Only a count of 0 ends a search: a module may return fewer handles than
    // asked for and still have more (the spec promises nothing else).
    void fill() {
        pos_ = count_ = 0;
        if (!active_) return;
        buffer_.resize(batch_);
        abi::CK_ULONG n = 0;
        const auto r = fn_->C_FindObjects(session_, buffer_.data(), static_cast<abi::CK_ULONG>(batch_), &n);
        if (r != 0) status_ = p11::error{static_cast<rv>(r), function_id::C_FindObjects};
        // More than the buffer holds: the module wrote past it or lies; trust neither.
        else if (n > batch_) status_ = p11::error{rv::general_error, function_id::C_FindObjects};
        if (r != 0 || n == 0 || n > batch_) {
            static_cast<void>(finish());
            return;
        }
        count_ = static_cast<std::size_t>(n);
    }
    void take(object_search& o) noexcept {
        fn_ = o.fn_;
        session_ = o.session_;
        batch_ = o.batch_;
        buffer_ = std::move(o.buffer_);
        pos_ = std::exchange(o.pos_, 0);
        count_ = std::exchange(o.count_, 0);
        active_ = std::exchange(o.active_, false);
        status_ = o.status_;
    }

    const abi::CK_FUNCTION_LIST_3_0* fn_ = nullptr;
    abi::CK_SESSION_HANDLE session_ = 0;
    std::size_t batch_ = default_batch;
    std::vector<object_handle> buffer_;
    std::size_t pos_ = 0, count_ = 0;
    bool active_ = false;
    p11::error status_{rv::ok};
};

class object_search::iterator {
public:
    using iterator_category = std::input_iterator_tag;
    using value_type = object_handle;
    using difference_type = std::ptrdiff_t;
    using pointer = void;
    using reference = object_handle;

    iterator() = default;

    object_handle operator*() const { return search_->current(); }
    iterator& operator++() {
        search_->advance();
        return *this;
    }
    // `*it++` must still give the handle it pointed at, which the search has moved past.
    struct postfix {
        object_handle value;
        object_handle operator*() const { return value; }
    };
    postfix operator++(int) {
        postfix old{**this};
        ++*this;
        return old;
    }

    // All iterators of a single-pass range are one position; only "at the end or not" tells them apart.
    friend bool operator==(const iterator& a, const iterator& b) {
        return a.done() == b.done() && (a.done() || a.search_ == b.search_);
    }

private:
    friend class object_search;
    explicit iterator(object_search* s) : search_(s) {}
    [[nodiscard]] bool done() const { return search_ == nullptr || search_->at_end(); }
    object_search* search_ = nullptr;
};

inline object_search::iterator object_search::begin() {
    if (at_end()) fill();
    return iterator{this};
}
inline object_search::iterator object_search::end() const { return iterator{}; }

} // namespace p11::client
