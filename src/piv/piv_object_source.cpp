#include "piv/piv_object_source.hpp"

#include "piv/piv_cert_cache.hpp"

namespace p11::piv {

const std::optional<std::vector<std::uint8_t>>& object_source::chuid() {
    if (chuid_read_ || link_->dead()) return chuid_;
    auto r = link_->run([](piv_card& c) { return c.get_data(tag_chuid); });
    if (!r && link_->dead()) return chuid_;
    chuid_read_ = true;
    if (r) chuid_.emplace(r->begin(), r->end());
    return chuid_;
}

void object_source::load() {
    if (loaded_) return;
    // With the cache off the CHUID is not needed here: the card costs what
    // it did before the cache existed.
    if (!cert_cache::directory()) {
        loaded_ = true;
        return;
    }
    const auto& id = chuid();
    if (link_->dead()) return;
    loaded_ = true;
    if (!id || id->size() > max_chuid_size) return;  // not cached: no snapshot could hold it
    if (auto s = cert_cache::load(*id)) snapshot_ = std::move(*s);
    else snapshot_.chuid = *id;
}

card::outcome<secure_bytes> object_source::get(std::uint32_t tag) {
    load();
    if (const auto* o = snapshot_.find(tag)) {
        if (!o->content) return card::error{card::errc::not_found};
        return secure_bytes(o->content->begin(), o->content->end());
    }
    auto r = link_->run([&](piv_card& c) { return c.get_data(tag); });
    // Only what the card said for sure: the content, or that it has none.
    // Another error (removed, security status, a malformed answer) is not a
    // fact about the card to keep.
    if (!snapshot_.chuid.empty() && cacheable(tag) && (r || r.err().code == card::errc::not_found) &&
        (!r || r->size() <= max_object_size)) {
        snapshot_object o{tag, std::nullopt};
        if (r) o.content.emplace(r->begin(), r->end());
        snapshot_.objects.push_back(std::move(o));
        dirty_ = true;
    }
    return r;
}

void object_source::save() {
    if (!dirty_) return;
    dirty_ = false;
    cert_cache::store(snapshot_);
}

void object_source::changed() {
    dirty_ = false;
    snapshot_.objects.clear();
    if (!cert_cache::directory()) return;
    // Also before anything was read: the file must go, and nothing of it
    // may be loaded later in this process.
    const auto& id = chuid();
    if (!id) return;
    cert_cache::forget(*id);
    loaded_ = true;
    if (id->size() <= max_chuid_size) snapshot_.chuid = *id;
}

} // namespace p11::piv
