// An owning, growable template for hosted code (uses the heap): accepts
// runtime strings and buffers and nested templates, and yields a contiguous
// CK_ATTRIBUTE array on demand.  Copies are deep.
//
//   p11::attribute_template t{p11::attr::cls = p11::object_class::data,
//                             p11::attr::label = user_supplied_name};
#pragma once

#include <algorithm>
#include <cstddef>
#include <initializer_list>
#include <memory>
#include <optional>
#include <span>
#include <vector>

#include "p11/abi/types.hpp"
#include "p11/attributes/keys.hpp"

namespace p11 {

// One attribute on its way into a template: a type and either bytes or a
// nested template.  Made implicitly from what `p11::attr::x = v` returns.
class attribute_item {
public:
    template <attribute_type T, std::size_t N>
    attribute_item(const inline_value<T, N>& v) : type_(T), bytes_(v.view()) {}  // NOLINT
    template <attribute_type T>
    attribute_item(const borrowed_value<T>& v) : type_(T), bytes_(v.bytes) {}  // NOLINT
    template <attribute_type T>
    attribute_item(const nested_value<T>& v) : type_(T), nested_(v.nested) {}  // NOLINT
    // Untyped escape hatch for vendor attributes: the bytes are taken as they are.
    attribute_item(attribute_type t, bytes_view raw) : type_(t), bytes_(raw) {}

    [[nodiscard]] attribute_type type() const { return type_; }
    [[nodiscard]] bytes_view bytes() const { return bytes_; }
    [[nodiscard]] const attribute_template* nested() const { return nested_; }

private:
    attribute_type type_;
    bytes_view bytes_{};
    const attribute_template* nested_ = nullptr;
};

class attribute_template {
public:
    attribute_template() = default;
    attribute_template(std::initializer_list<attribute_item> items) {
        for (const auto& i : items) set(i);
    }
    attribute_template(const attribute_template& o) : entries_(o.entries_) {}
    attribute_template(attribute_template&&) noexcept = default;
    attribute_template& operator=(const attribute_template& o) {
        if (this != &o) {
            entries_ = o.entries_;
            view_.clear();
        }
        return *this;
    }
    attribute_template& operator=(attribute_template&&) noexcept = default;

    // Adds or replaces (a template never holds a type twice).
    attribute_template& set(const attribute_item& item) {
        entry e{item.type(), {item.bytes().begin(), item.bytes().end()}, {}};
        if (item.nested() != nullptr) e.nested = std::make_shared<const attribute_template>(*item.nested());
        auto it = find_entry(item.type());
        if (it != entries_.end()) *it = std::move(e);
        else entries_.push_back(std::move(e));
        view_.clear();
        return *this;
    }
    attribute_template& merge(const attribute_template& other) {
        for (const auto& e : other.entries_) {
            auto it = find_entry(e.type);
            if (it != entries_.end()) *it = e;
            else entries_.push_back(e);
        }
        view_.clear();
        return *this;
    }
    bool erase(attribute_type t) {
        auto it = find_entry(t);
        if (it == entries_.end()) return false;
        entries_.erase(it);
        view_.clear();
        return true;
    }

    [[nodiscard]] bool contains(attribute_type t) const { return find_entry(t) != entries_.end(); }
    [[nodiscard]] std::size_t size() const { return entries_.size(); }
    [[nodiscard]] bool empty() const { return entries_.empty(); }

    // The raw bytes of an attribute, if present.
    [[nodiscard]] std::optional<bytes_view> get(attribute_type t) const {
        auto it = find_entry(t);
        if (it == entries_.end()) return std::nullopt;
        return bytes_view{it->bytes.data(), it->bytes.size()};
    }
    [[nodiscard]] const attribute_template* nested(attribute_type t) const {
        auto it = find_entry(t);
        return it == entries_.end() ? nullptr : it->nested.get();
    }
    // Typed read: attr::label -> string_view over our bytes, attr::sign -> bool ...
    template <attribute_type T>
        requires(kind_traits<kind_of(T)>::scalar)
    [[nodiscard]] std::optional<typename kind_traits<kind_of(T)>::type> get(attribute_key<T>) const {
        return decode_scalar<kind_of(T)>(get(T));
    }

    // The C view: valid until this template is next modified or destroyed.
    [[nodiscard]] std::span<abi::CK_ATTRIBUTE> ck_span() const {
        if (view_.size() != entries_.size()) rebuild_view();
        return {view_.data(), view_.size()};
    }
    [[nodiscard]] abi::CK_ATTRIBUTE* data() const { return ck_span().data(); }
    [[nodiscard]] abi::CK_ULONG count() const { return static_cast<abi::CK_ULONG>(entries_.size()); }

private:
    struct entry {
        attribute_type type;
        std::vector<byte> bytes;
        std::shared_ptr<const attribute_template> nested;  // immutable once stored, so sharing is a copy
    };

    std::vector<entry>::iterator find_entry(attribute_type t) {
        return std::find_if(entries_.begin(), entries_.end(), [t](const entry& e) { return e.type == t; });
    }
    std::vector<entry>::const_iterator find_entry(attribute_type t) const {
        return std::find_if(entries_.begin(), entries_.end(), [t](const entry& e) { return e.type == t; });
    }
    void rebuild_view() const {
        view_.clear();
        view_.reserve(entries_.size());
        for (const auto& e : entries_) {
            abi::CK_ATTRIBUTE a{static_cast<abi::CK_ATTRIBUTE_TYPE>(e.type), nullptr, 0};
            if (e.nested) {
                auto inner = e.nested->ck_span();
                a.pValue = inner.data();
                a.ulValueLen = static_cast<abi::CK_ULONG>(inner.size_bytes());
            } else if (!e.bytes.empty()) {
                a.pValue = const_cast<byte*>(e.bytes.data());
                a.ulValueLen = static_cast<abi::CK_ULONG>(e.bytes.size());
            }
            view_.push_back(a);
        }
    }

    std::vector<entry> entries_;
    mutable std::vector<abi::CK_ATTRIBUTE> view_;
};

} // namespace p11
