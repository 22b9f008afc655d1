// A search among a session's objects as a single-pass range:
//
//   auto found = s.search({p11::attr::cls = p11::object_class::certificate});
//   for (auto h : found)
//       s.sign(h, ...);                 // any call of the session, in the body
//   if (found.error() != p11::rv::ok) ...
//
// Why the range collects every handle before the first body runs: PKCS#11
// makes C_FindObjectsInit..C_FindObjectsFinal an operation of the session,
// and many modules (SoftHSMv2 among them) allow one active operation per
// session, so while a search is open C_SignInit, C_EncryptInit or another
// C_FindObjectsInit fails with CKR_OPERATION_ACTIVE.  A search cannot be
// paused either: after C_FindObjectsFinal it cannot be resumed.  So begin()
// runs the whole search -- C_FindObjects a batch at a time until the module
// has no more, then C_FindObjectsFinal -- and the loop iterates the handles
// in memory.  What stays of a lazy range: no handle is fetched before
// begin(), the batch size is what each C_FindObjects asks for, and
// find_one() (first()) stops after one handle.  The cost is a handle
// (8 bytes) per match.  C_FindObjectsInit, too, waits for begin() (or
// first()): the range keeps a copy of the criteria, so a range made and
// kept, or never iterated, holds no operation of the session open.
//
// The search is ended exactly once: when the module has nothing more, at
// finish(), or when the range goes.  Nothing here throws: an error ends the
// collection (the handles collected before it are still iterated) and stays
// available from error() / status().  The range, like the session's other
// operations, must not outlive its session, and its iterators not the range
// (nor its moves).
#pragma once

#include <cstddef>
#include <iterator>
#include <optional>
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
    // Calls nothing yet: C_FindObjectsInit comes with begin() or first(); if
    // it fails, the range is empty and error() says why.
    object_search(const abi::CK_FUNCTION_LIST_3_0* fn, abi::CK_SESSION_HANDLE session,
                  attribute_template criteria, std::size_t batch = default_batch)
        : fn_(fn), session_(session), batch_(batch == 0 ? 1 : batch), criteria_(std::move(criteria)) {}
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

    // Collects every handle on the first call (see above); later calls
    // resume where the iteration stands (a single pass, like an input stream).
    [[nodiscard]] iterator begin();
    [[nodiscard]] iterator end() const;

    // Ends the search now (C_FindObjectsFinal unless already ended); handles
    // not yet iterated are dropped.  Returns status().
    result<void> finish() {
        collected_ = true;
        pos_ = buffer_.size();
        end_search();
        return status();
    }

    // The first match without asking for the rest (one C_FindObjects of one
    // handle), or the next one if the iteration had started; ends the search.
    [[nodiscard]] result<std::optional<object_handle>> first() {
        std::optional<object_handle> out;
        if (!collected_) {
            collected_ = true;
            start();
            fetch(1);
        }
        if (!at_end()) out = current();
        P11_TRY(finish());
        return out;
    }

    // The first error of Init, FindObjects or Final; rv::ok while there is none.
    [[nodiscard]] rv error() const { return status_.code(); }
    // The same with the function that failed, ready for P11_TRY.
    [[nodiscard]] result<void> status() const {
        if (ok()) return {};
        return status_;
    }
    // Whether the module holds the search open (C_FindObjectsFinal pending):
    // never outside begin() and first(), which open and end it.
    [[nodiscard]] bool active() const { return active_; }

private:
    [[nodiscard]] bool ok() const { return status_.code() == rv::ok; }
    [[nodiscard]] bool at_end() const { return pos_ >= buffer_.size(); }
    [[nodiscard]] object_handle current() const { return buffer_[pos_]; }

    void advance() { ++pos_; }
    void start() {
        if (fn_ == nullptr) return;
        if (const auto r = fn_->C_FindObjectsInit(session_, criteria_.data(), criteria_.count()); r != 0)
            status_ = p11::error{static_cast<rv>(r), function_id::C_FindObjectsInit};
        else
            active_ = true;
    }
    void end_search() {
        if (!active_) return;
        active_ = false;
        if (const auto r = fn_->C_FindObjectsFinal(session_); r != 0 && ok())
            status_ = p11::error{static_cast<rv>(r), function_id::C_FindObjectsFinal};
    }
    // Only a count of 0 ends a search: a module may return fewer handles than
    // asked for and still have more (the spec promises nothing else).
    void collect() {
        collected_ = true;
        start();
        while (active_ && fetch(batch_)) {}
        end_search();
    }
    // One C_FindObjects of up to max handles appended to the buffer; false
    // when the search is over (nothing more, or an error).
    bool fetch(std::size_t max) {
        if (!active_) return false;
        const auto old = buffer_.size();
        buffer_.resize(old + max);
        abi::CK_ULONG n = 0;
        const auto r = fn_->C_FindObjects(session_, buffer_.data() + old, static_cast<abi::CK_ULONG>(max), &n);
        if (r != 0) status_ = p11::error{static_cast<rv>(r), function_id::C_FindObjects};
        // More than the buffer holds: the module wrote past it or lies; trust neither.
        else if (n > max) status_ = p11::error{rv::general_error, function_id::C_FindObjects};
        const bool more = r == 0 && n > 0 && n <= max;
        buffer_.resize(old + (more ? static_cast<std::size_t>(n) : 0));
        if (!more) end_search();
        return more;
    }
    void take(object_search& o) noexcept {
        fn_ = o.fn_;
        session_ = o.session_;
        batch_ = o.batch_;
        criteria_ = std::move(o.criteria_);
        buffer_ = std::move(o.buffer_);
        o.buffer_.clear();
        pos_ = std::exchange(o.pos_, 0);
        collected_ = std::exchange(o.collected_, true);
        active_ = std::exchange(o.active_, false);
        status_ = o.status_;
    }

    const abi::CK_FUNCTION_LIST_3_0* fn_ = nullptr;
    abi::CK_SESSION_HANDLE session_ = 0;
    std::size_t batch_ = default_batch;
    attribute_template criteria_;
    std::vector<object_handle> buffer_;
    std::size_t pos_ = 0;
    bool collected_ = false;
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
    if (!collected_) collect();
    return iterator{this};
}
inline object_search::iterator object_search::end() const { return iterator{}; }

} // namespace p11::client
