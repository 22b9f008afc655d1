// The attributes of one object, as a provider or a store holds them: sorted
// by type, values in zeroising memory (a private exponent lives here too),
// typed reads from the CKA_ table.  Serialises to a compact binary form for
// storage.  Copy-on-write is the caller's choice: objects share immutable
// attribute sets through shared_ptr<const attribute_set>.
#pragma once

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <limits>
#include <optional>
#include <span>
#include <utility>
#include <vector>

#include "p11/abi/types.hpp"
#include "p11/attributes/keys.hpp"
#include "p11/attributes/parser.hpp"
#include "p11/secure.hpp"

namespace p11 {

class attribute_set {
public:
    struct entry {
        attribute_type type;
        secure_bytes value;
    };

    attribute_set() = default;

    // Adds or replaces.
    void set(attribute_type t, bytes_view v) {
        auto it = lower(t);
        if (it != entries_.end() && it->type == t) it->value.assign(v.begin(), v.end());
        else entries_.insert(it, entry{t, secure_bytes(v.begin(), v.end())});
    }
    template <attribute_type T, class V>
    void set(attribute_key<T> key, const V& v) {
        const auto encoded = (key = v);
        set(T, bytes_view{encoded.bytes.data(), encoded.bytes.size()});
    }
    void set_bool(attribute_type t, bool v) {
        const std::uint8_t b = v ? 1 : 0;
        set(t, bytes_view{&b, 1});
    }
    void set_ulong(attribute_type t, ck_ulong v) {
        std::uint8_t b[sizeof(ck_ulong)];
        encode_ulong(v, b);
        set(t, bytes_view{b, sizeof b});
    }
    bool erase(attribute_type t) {
        auto it = lower(t);
        if (it == entries_.end() || it->type != t) return false;
        entries_.erase(it);
        return true;
    }

    [[nodiscard]] bool has(attribute_type t) const {
        auto it = lower(t);
        return it != entries_.end() && it->type == t;
    }
    [[nodiscard]] std::optional<bytes_view> get(attribute_type t) const {
        auto it = lower(t);
        if (it == entries_.end() || it->type != t) return std::nullopt;
        return bytes_view{it->value.data(), it->value.size()};
    }
    // Typed reads of scalar attributes; nullopt if absent or malformed.
    template <attribute_type T>
        requires(kind_traits<kind_of(T)>::scalar)
    [[nodiscard]] std::optional<typename kind_traits<kind_of(T)>::type> get(attribute_key<T>) const {
        return decode_scalar<kind_of(T)>(get(T));
    }
    [[nodiscard]] bool flag(attribute_type t, bool fallback = false) const {
        auto raw = get(t);
        if (!raw || raw->size() != 1) return fallback;
        return (*raw)[0] != 0;
    }
    [[nodiscard]] std::optional<ck_ulong> ulong(attribute_type t) const {
        auto raw = get(t);
        if (!raw || raw->size() != sizeof(ck_ulong)) return std::nullopt;
        return decode_ulong(raw->data());
    }

    // True when every attribute of `criteria` is present here with the same value
    // (C_FindObjects semantics; an empty template matches everything).
    [[nodiscard]] bool matches(const template_view& criteria) const {
        for (const auto& a : criteria.attributes()) {
            auto mine = get(static_cast<attribute_type>(a.type));
            if (!mine || mine->size() != a.ulValueLen) return false;
            if (a.ulValueLen != 0 && std::memcmp(mine->data(), a.pValue, a.ulValueLen) != 0) return false;
        }
        return true;
    }

    [[nodiscard]] const std::vector<entry>& entries() const { return entries_; }
    [[nodiscard]] std::size_t size() const { return entries_.size(); }
    [[nodiscard]] bool empty() const { return entries_.empty(); }

    // Total bytes of values (C_GetObjectSize's approximation).
    [[nodiscard]] std::size_t value_bytes() const {
        std::size_t n = 0;
        for (const auto& e : entries_) n += e.value.size();
        return n;
    }

    // Binary form: per entry, type (8 bytes LE), length (4 bytes LE), value.
    // Attribute arrays (CKA_WRAP_TEMPLATE ...) are held in this same form, as
    // the serialised nested set: a CK_ATTRIBUTE[] holds pointers and cannot
    // be stored; the provider builds the C array when a caller reads it.
    void serialize(secure_bytes& out) const {
        for (const auto& e : entries_) {
            put(out, static_cast<std::uint64_t>(e.type), 8);
            put(out, e.value.size(), 4);
            out.insert(out.end(), e.value.begin(), e.value.end());
        }
    }
    // nullopt on truncation, duplicates or disorder (a damaged record).
    [[nodiscard]] static std::optional<attribute_set> deserialize(bytes_view in) {
        attribute_set s;
        std::size_t pos = 0;
        while (pos < in.size()) {
            if (in.size() - pos < 12) return std::nullopt;
            const auto stored_type = get_le(in.subspan(pos, 8));
            // A type wider than this platform's CK_ULONG (Windows' is 32 bits) names no
            // attribute here: damage, not a value to truncate into another type.
            if (stored_type > std::numeric_limits<ck_ulong>::max()) return std::nullopt;
            const auto type = static_cast<ck_ulong>(stored_type);
            const auto len = static_cast<std::size_t>(get_le(in.subspan(pos + 8, 4)));
            pos += 12;
            if (in.size() - pos < len) return std::nullopt;
            const auto t = static_cast<attribute_type>(type);
            if (!s.entries_.empty() && !(static_cast<ck_ulong>(s.entries_.back().type) < type)) return std::nullopt;
            s.entries_.push_back(entry{t, secure_bytes(in.begin() + static_cast<std::ptrdiff_t>(pos),
                                                       in.begin() + static_cast<std::ptrdiff_t>(pos + len))});
            pos += len;
        }
        return s;
    }

private:
    std::vector<entry>::iterator lower(attribute_type t) {
        return std::lower_bound(entries_.begin(), entries_.end(), t, [](const entry& e, attribute_type k) {
            return static_cast<ck_ulong>(e.type) < static_cast<ck_ulong>(k);
        });
    }
    std::vector<entry>::const_iterator lower(attribute_type t) const {
        return std::lower_bound(entries_.begin(), entries_.end(), t, [](const entry& e, attribute_type k) {
            return static_cast<ck_ulong>(e.type) < static_cast<ck_ulong>(k);
        });
    }
    static void put(secure_bytes& out, std::uint64_t v, int n) {
        for (int i = 0; i < n; ++i) out.push_back(static_cast<std::uint8_t>(v >> (8 * i)));
    }
    static std::uint64_t get_le(bytes_view b) {
        std::uint64_t v = 0;
        for (std::size_t i = 0; i < b.size(); ++i) v |= static_cast<std::uint64_t>(b[i]) << (8 * i);
        return v;
    }

    std::vector<entry> entries_;
};

} // namespace p11
