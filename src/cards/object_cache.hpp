// The objects a card token has read from its card, served from memory: a
// card family fills it as it reads, C_FindObjects and object loads read it.
#pragma once

#include <algorithm>
#include <vector>

#include "p11/provider/token.hpp"

namespace p11::cards {

class object_cache {
public:
    // Adds an object, or replaces the one with the same key (read again).
    void put(provider::token_object o) {
        for (auto& existing : objects_)
            if (existing.key == o.key) {
                existing = std::move(o);
                return;
            }
        objects_.push_back(std::move(o));
    }
    // What a session sees: private objects only when logged in.
    [[nodiscard]] std::vector<provider::token_object> visible(bool logged_in) const {
        std::vector<provider::token_object> out;
        for (const auto& o : objects_)
            if (logged_in || !o.snapshot->is_private()) out.push_back(o);
        return out;
    }
    [[nodiscard]] provider::object_ptr find(std::span<const std::uint8_t> key) const {
        for (const auto& o : objects_)
            if (std::equal(o.key.begin(), o.key.end(), key.begin(), key.end())) return o.snapshot;
        return nullptr;
    }

    // Drops what `pred` names (the card changed under those objects).
    template <class Pred>
    void erase_if(Pred pred) {
        std::erase_if(objects_, pred);
    }
    void clear() { objects_.clear(); }

private:
    std::vector<provider::token_object> objects_;
};

} // namespace p11::cards
