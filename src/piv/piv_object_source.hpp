// Where a PIV token gets the card's public data objects from: the card, or
// the cross-process cache (piv_cert_cache) when the card's CHUID is the one
// the cached snapshot was taken with.  So a process that lists a known card
// costs SELECT + GET DATA (CHUID): 2 APDUs, whatever the number of slots.
//
// What the check cannot see: PIV has no object that changes with every
// write, and the 2-APDU budget leaves room for one GET DATA, so a
// certificate (or the key history) rewritten by another program without a
// new CHUID is served from the cache until the cache is invalidated: by our
// own writes (changed()), by a new CHUID (the convention card management
// tools follow so that Windows' PIV minidriver, which caches the same way,
// notices: yubico-piv-tool -a set-chuid, ykman piv objects generate chuid),
// or by deleting the file.  docs/module.md, "Certificate cache".
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <vector>

#include "piv/piv_link.hpp"
#include "piv/piv_snapshot.hpp"

namespace p11::piv {

class object_source {
public:
    explicit object_source(std::shared_ptr<card_link> link) : link_(std::move(link)) {}

    // The card's CHUID content, read once (nullopt: none, or unreadable).
    const std::optional<std::vector<std::uint8_t>>& chuid();
    // GET DATA of a cacheable object (piv_snapshot.hpp): not_found when the
    // card has none.  Answers of the card are kept for save().
    card::outcome<secure_bytes> get(std::uint32_t tag);
    // Writes what this process read from the card, if anything, to the cache.
    void save();
    // The card's objects changed (our own PUT DATA or key generation): the
    // snapshot is dropped here and from the cache, and the next get() reads
    // the card.  The CHUID stays: the card is the same.
    void changed();

private:
    void load();

    std::shared_ptr<card_link> link_;
    bool chuid_read_ = false;
    std::optional<std::vector<std::uint8_t>> chuid_;
    bool loaded_ = false;
    bool dirty_ = false;
    card_snapshot snapshot_;
};

} // namespace p11::piv
