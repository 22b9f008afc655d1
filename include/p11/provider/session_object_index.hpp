// The application's session objects indexed for C_FindObjectsInit, per slot
// and token generation (a search sees only its own token's objects), by the
// same narrowing attributes as the token's index.  Without it a search
// walked every session object: 10,000 of them made it 30 times slower than
// 1,000.  The runtime keeps it current under its table mutex wherever a
// session object appears, changes or goes.
#pragma once

#include <cstdint>
#include <map>
#include <utility>
#include <vector>

#include "p11/abi/types.hpp"
#include "p11/provider/narrowing_index.hpp"

namespace p11::provider {

class session_object_index {
public:
    // Replaces whatever was indexed for `handle`.
    void insert(abi::CK_SLOT_ID slot, std::uint64_t generation, abi::CK_OBJECT_HANDLE handle, const attribute_set& attributes) {
        by_token_[{slot, generation}].insert(handle, attributes);
    }
    void erase(abi::CK_SLOT_ID slot, std::uint64_t generation, abi::CK_OBJECT_HANDLE handle) {
        auto it = by_token_.find({slot, generation});
        if (it == by_token_.end()) return;
        it->second.erase(handle);
        if (it->second.empty()) by_token_.erase(it);
    }
    // Handles of the token's session objects that may match `q`; the caller
    // applies the full template and visibility.
    [[nodiscard]] std::vector<abi::CK_OBJECT_HANDLE> find(abi::CK_SLOT_ID slot, std::uint64_t generation,
                                                          const narrowing_keys& q) const {
        auto it = by_token_.find({slot, generation});
        if (it == by_token_.end()) return {};
        return it->second.find(q);
    }

private:
    std::map<std::pair<abi::CK_SLOT_ID, std::uint64_t>, narrowing_index<abi::CK_OBJECT_HANDLE>> by_token_;
};

} // namespace p11::provider
