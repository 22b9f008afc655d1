// What a search can be narrowed by before the full template match, and an
// in-memory index by it: CKA_CLASS, CKA_KEY_TYPE, CKA_ID and CKA_LABEL, the
// attributes applications search by.  The software token's store indexes its
// objects with it and the framework its session objects, so that a search
// costs by the matches of its most selective criterion, not by the number of
// objects.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "p11/attributes/attribute_set.hpp"
#include "p11/attributes/parser.hpp"

namespace p11 {

// The narrowing attributes of an object, or the criteria of a search (absent:
// not a criterion).
struct narrowing_keys {
    std::optional<ck_ulong> object_class;
    std::optional<ck_ulong> key_type;
    std::optional<std::vector<std::uint8_t>> id;
    std::optional<std::string> label;

    static narrowing_keys of(const attribute_set& a) {
        narrowing_keys k;
        k.object_class = a.ulong(attribute_type::cls);
        k.key_type = a.ulong(attribute_type::key_type);
        if (auto v = a.get(attribute_type::id)) k.id = std::vector<std::uint8_t>(v->begin(), v->end());
        if (auto v = a.get(attribute_type::label)) k.label = std::string(v->begin(), v->end());
        return k;
    }
    // A search's criteria.  When a type is repeated the first one narrows:
    // every one must match anyway, so the candidates are a superset.
    static narrowing_keys of(const template_view& criteria) {
        narrowing_keys q;
        if (auto c = criteria.get(attr::cls)) q.object_class = static_cast<ck_ulong>(*c);
        if (auto k = criteria.get(attr::key_type)) q.key_type = static_cast<ck_ulong>(*k);
        if (criteria.contains(attribute_type::id)) {
            const auto v = criteria.bytes(attribute_type::id);
            q.id = std::vector<std::uint8_t>(v.begin(), v.end());
        }
        if (criteria.contains(attribute_type::label)) {
            const auto v = criteria.bytes(attribute_type::label);
            q.label = std::string(v.begin(), v.end());
        }
        return q;
    }
    [[nodiscard]] bool satisfies(const narrowing_keys& q) const {
        return (!q.object_class || object_class == q.object_class) && (!q.key_type || key_type == q.key_type) &&
               (!q.id || id == q.id) && (!q.label || label == q.label);
    }
};

// Keys (object ids, handles ...) by their narrowing attributes; the owner
// keeps it current with insert/erase on every change.  Not thread-safe.
template <class Key>
class narrowing_index {
public:
    // Replaces whatever was indexed for `key`.
    void insert(const Key& key, const attribute_set& attributes) {
        erase(key);
        auto k = narrowing_keys::of(attributes);
        add(by_class_, k.object_class, key);
        add(by_key_type_, k.key_type, key);
        add(by_id_, k.id, key);
        add(by_label_, k.label, key);
        keys_.emplace(key, std::move(k));
    }
    void erase(const Key& key) {
        auto it = keys_.find(key);
        if (it == keys_.end()) return;
        const auto& k = it->second;
        remove(by_class_, k.object_class, key);
        remove(by_key_type_, k.key_type, key);
        remove(by_id_, k.id, key);
        remove(by_label_, k.label, key);
        keys_.erase(it);
    }
    void clear() { *this = narrowing_index{}; }
    [[nodiscard]] bool contains(const Key& key) const { return keys_.contains(key); }
    [[nodiscard]] std::size_t size() const { return keys_.size(); }
    [[nodiscard]] bool empty() const { return keys_.empty(); }

    // Keys matching every criterion of `q`, in key order.  Starts from the
    // smallest of the sets the query names; `examined` (if given) receives
    // how many keys were looked at.
    [[nodiscard]] std::vector<Key> find(const narrowing_keys& q, std::size_t* examined = nullptr) const {
        std::vector<Key> out;
        const std::set<Key>* best = nullptr;
        bool nothing = false;
        auto consider = [&](const std::set<Key>* s) {
            if (s == nullptr) nothing = true;
            else if (best == nullptr || s->size() < best->size()) best = s;
        };
        if (q.label) consider(lookup(by_label_, *q.label));
        if (q.id) consider(lookup(by_id_, *q.id));
        if (q.object_class) consider(lookup(by_class_, *q.object_class));
        if (q.key_type) consider(lookup(by_key_type_, *q.key_type));
        if (examined != nullptr) *examined = nothing ? 0 : best ? best->size() : keys_.size();
        if (nothing) return out;
        if (best == nullptr) {
            out.reserve(keys_.size());
            for (const auto& [key, k] : keys_) out.push_back(key);
            return out;
        }
        for (const auto& key : *best) {
            auto it = keys_.find(key);
            if (it != keys_.end() && it->second.satisfies(q)) out.push_back(key);
        }
        return out;
    }

private:
    template <class Map, class Value>
    static void add(Map& m, const std::optional<Value>& v, const Key& key) {
        if (v) m[*v].insert(key);
    }
    template <class Map, class Value>
    static void remove(Map& m, const std::optional<Value>& v, const Key& key) {
        if (!v) return;
        auto it = m.find(*v);
        if (it == m.end()) return;
        it->second.erase(key);
        if (it->second.empty()) m.erase(it);
    }
    // The set for a criterion, or nullptr when nothing can match it.
    template <class Map, class Value>
    static const std::set<Key>* lookup(const Map& m, const Value& v) {
        auto it = m.find(v);
        return it == m.end() ? nullptr : &it->second;
    }

    std::map<Key, narrowing_keys> keys_;
    std::map<ck_ulong, std::set<Key>> by_class_;
    std::map<ck_ulong, std::set<Key>> by_key_type_;
    std::map<std::vector<std::uint8_t>, std::set<Key>> by_id_;
    std::map<std::string, std::set<Key>, std::less<>> by_label_;
};

} // namespace p11
