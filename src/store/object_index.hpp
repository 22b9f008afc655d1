// The in-memory index behind find(): CKA_CLASS, CKA_KEY_TYPE, CKA_ID and
// CKA_LABEL to object ids.  It holds exactly the objects find() may return
// (public ones always, private ones while the token key is unlocked) and is
// kept current by insert/erase on every change; nothing is re-read to answer.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "p11/provider/attribute_set.hpp"
#include "store/token_store.hpp"

namespace p11::store::detail {

class object_index {
public:
    // Replaces whatever was indexed for `id`.
    void insert(const object_id& id, const provider::attribute_set& attributes);
    void erase(const object_id& id);
    void clear();
    [[nodiscard]] bool contains(const object_id& id) const { return keys_.contains(id); }
    [[nodiscard]] std::size_t size() const { return keys_.size(); }

    // Ids matching every given criterion, in id order.  Starts from the
    // smallest of the candidate sets named by the query, so its cost follows
    // the number of matches of the most selective criterion, not the number
    // of objects.
    [[nodiscard]] std::vector<object_id> find(const index_query& q) const;

private:
    struct keys {
        std::optional<ck_ulong> object_class;
        std::optional<ck_ulong> key_type;
        std::optional<std::vector<std::uint8_t>> id;
        std::optional<std::string> label;
    };
    [[nodiscard]] static bool matches(const keys& k, const index_query& q);

    std::map<object_id, keys> keys_;
    std::map<ck_ulong, std::set<object_id>> by_class_;
    std::map<ck_ulong, std::set<object_id>> by_key_type_;
    std::map<std::vector<std::uint8_t>, std::set<object_id>> by_id_;
    std::map<std::string, std::set<object_id>, std::less<>> by_label_;
};

} // namespace p11::store::detail
