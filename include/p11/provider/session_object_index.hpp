// The application's session objects indexed for C_FindObjectsInit, per slot
// and token generation (a search sees only its own token's objects), by the
// same narrowing attributes as the token's index.  Without it a search
// walked every session object: 10,000 of them made it 30 times slower than
// 1,000.  The runtime keeps it current under its table mutex wherever a
// session object appears, changes or goes.
//
// A token with few session objects (the usual case: a handful of session
// keys) keeps only their handles, and a search matches each of them: the
// index's upkeep (map and set nodes per attribute) cost 12% of an AES key
// generated and destroyed.  The index is built the first time a search
// meets `index_from` objects, and dropped when the token has none left.
#pragma once

#include <algorithm>
#include <cstdint>
#include <map>
#include <optional>
#include <utility>
#include <vector>

#include "p11/abi/types.hpp"
#include "p11/attributes/narrowing_index.hpp"

namespace p11::provider {

class session_object_index {
public:
    static constexpr std::size_t index_from = 32;

    void add(abi::CK_SLOT_ID slot, std::uint64_t generation, abi::CK_OBJECT_HANDLE handle,
             const attribute_set& attributes) {
        auto& t = by_token_[{slot, generation}];
        if (t.index) t.index->insert(handle, attributes);
        else t.few.push_back(handle);
    }
    // Its attributes changed (C_SetAttributeValue may change a label or an id).
    void change(abi::CK_SLOT_ID slot, std::uint64_t generation, abi::CK_OBJECT_HANDLE handle,
                const attribute_set& attributes) {
        auto it = by_token_.find({slot, generation});
        if (it != by_token_.end() && it->second.index && it->second.index->contains(handle))
            it->second.index->insert(handle, attributes);
    }
    void erase(abi::CK_SLOT_ID slot, std::uint64_t generation, abi::CK_OBJECT_HANDLE handle) {
        auto it = by_token_.find({slot, generation});
        if (it == by_token_.end()) return;
        auto& t = it->second;
        if (t.index) {
            t.index->erase(handle);
            if (t.index->empty()) t.index.reset();
        } else if (auto h = std::find(t.few.begin(), t.few.end(), handle); h != t.few.end()) {
            t.few.erase(h);
        }
    }
    // Handles of the token's session objects that may match `q`; the caller
    // applies the full template and visibility.  `attributes_of(handle)`
    // gives an object's attributes when the index is built.
    template <class AttributesOf>
    [[nodiscard]] std::vector<abi::CK_OBJECT_HANDLE> find(abi::CK_SLOT_ID slot, std::uint64_t generation,
                                                          const narrowing_keys& q, AttributesOf&& attributes_of) {
        auto it = by_token_.find({slot, generation});
        if (it == by_token_.end()) return {};
        auto& t = it->second;
        if (!t.index) {
            if (t.few.size() < index_from) return t.few;
            t.index.emplace();
            for (auto h : t.few) t.index->insert(h, attributes_of(h));
            std::vector<abi::CK_OBJECT_HANDLE>{}.swap(t.few);
        }
        return t.index->find(q);
    }

private:
    struct of_token {
        std::vector<abi::CK_OBJECT_HANDLE> few;  // while not indexed
        std::optional<narrowing_index<abi::CK_OBJECT_HANDLE>> index;
    };
    // Entries stay when their token has no session objects left: a token
    // whose application makes and destroys one session key at a time then
    // allocates nothing here.  There is one per slot and token generation.
    std::map<std::pair<abi::CK_SLOT_ID, std::uint64_t>, of_token> by_token_;
};

} // namespace p11::provider
