#include "store/object_index.hpp"

#include "p11/constants/attribute.hpp"
#include "store/instrumentation.hpp"

namespace p11::store::detail {

namespace {

template <class Map, class Key>
void add(Map& m, const std::optional<Key>& k, const object_id& id) {
    if (k) m[*k].insert(id);
}

template <class Map, class Key>
void remove(Map& m, const std::optional<Key>& k, const object_id& id) {
    if (!k) return;
    auto it = m.find(*k);
    if (it == m.end()) return;
    it->second.erase(id);
    if (it->second.empty()) m.erase(it);
}

// The set for a criterion, or nullptr when nothing can match it.
template <class Map, class Key>
const std::set<object_id>* lookup(const Map& m, const Key& k) {
    auto it = m.find(k);
    return it == m.end() ? nullptr : &it->second;
}

} // namespace

void object_index::insert(const object_id& id, const provider::attribute_set& a) {
    erase(id);
    keys k;
    k.object_class = a.ulong(attribute_type::cls);
    k.key_type = a.ulong(attribute_type::key_type);
    if (auto v = a.get(attribute_type::id)) k.id = std::vector<std::uint8_t>(v->begin(), v->end());
    if (auto v = a.get(attribute_type::label)) k.label = std::string(v->begin(), v->end());
    add(by_class_, k.object_class, id);
    add(by_key_type_, k.key_type, id);
    add(by_id_, k.id, id);
    add(by_label_, k.label, id);
    keys_.emplace(id, std::move(k));
}

void object_index::erase(const object_id& id) {
    auto it = keys_.find(id);
    if (it == keys_.end()) return;
    const auto& k = it->second;
    remove(by_class_, k.object_class, id);
    remove(by_key_type_, k.key_type, id);
    remove(by_id_, k.id, id);
    remove(by_label_, k.label, id);
    keys_.erase(it);
}

void object_index::clear() {
    keys_.clear();
    by_class_.clear();
    by_key_type_.clear();
    by_id_.clear();
    by_label_.clear();
}

bool object_index::matches(const keys& k, const index_query& q) {
    return (!q.object_class || k.object_class == q.object_class) && (!q.key_type || k.key_type == q.key_type) &&
           (!q.id || k.id == q.id) && (!q.label || k.label == q.label);
}

std::vector<object_id> object_index::find(const index_query& q) const {
    std::vector<object_id> out;
    const std::set<object_id>* best = nullptr;
    bool nothing = false;
    auto consider = [&](const std::set<object_id>* s) {
        if (s == nullptr) nothing = true;
        else if (best == nullptr || s->size() < best->size()) best = s;
    };
    if (q.label) consider(lookup(by_label_, *q.label));
    if (q.id) consider(lookup(by_id_, *q.id));
    if (q.object_class) consider(lookup(by_class_, *q.object_class));
    if (q.key_type) consider(lookup(by_key_type_, *q.key_type));
    if (nothing) return out;

    if (best == nullptr) {
        count(counters().index_candidates, keys_.size());
        out.reserve(keys_.size());
        for (const auto& [id, k] : keys_) out.push_back(id);
        return out;
    }
    count(counters().index_candidates, best->size());
    for (const auto& id : *best) {
        auto it = keys_.find(id);
        if (it != keys_.end() && matches(it->second, q)) out.push_back(id);
    }
    return out;
}

} // namespace p11::store::detail
