// Bringing the in-memory state up to date with the directory, and the views
// of objects as the token sees them locked and unlocked.

#include "store/attribute_split.hpp"
#include "store/object_names.hpp"
#include "store/store_impl.hpp"

namespace p11::store::detail {

result<void> store_impl::sync(bool force) {
    const auto generation = lock_.generation();
    if (synced_ && !force && generation == seen_generation_) return {};
    if (!synced_) remove_debris(root_fd_.get());
    P11_TRY(sync_metadata());
    P11_TRY(sync_objects());
    seen_generation_ = generation;
    synced_ = true;
    return {};
}

void store_impl::remove_debris(int dirfd) {
    // Called under the file lock: no writer is active, so a temporary is
    // what a killed writer left behind, never part of a commit.
    auto names = list_directory(dirfd);
    if (!names) return;
    for (const auto& name : *names)
        if (is_temporary(name)) discard_file(dirfd, name);
}

result<void> store_impl::sync_metadata() {
    if (synced_ && stat_metadata_copies(root_fd_.get()) == meta_copies_.signatures) return {};
    auto reading = read_metadata_copies(root_fd_.get());
    P11_TRY(reading);
    // Re-initialised elsewhere: our token key belongs to objects that no
    // longer exist, and a login is needed for the new one.
    const bool key_replaced = !token_key_.empty() && reading->record && reading->record->epoch != key_epoch_;
    {
        std::unique_lock g{state_mutex_};
        meta_ = std::move(reading->record);
        meta_copies_ = reading->copies;
    }
    if (key_replaced) lock_views();
    return {};
}

result<void> store_impl::sync_objects() {
    auto names = list_directory(objects_fd_.get());
    P11_TRY(names);
    std::map<object_id, bool> present;
    for (const auto& name : *names) {
        if (is_temporary(name)) {
            discard_file(objects_fd_.get(), name);  // see remove_debris()
            continue;
        }
        const auto id = id_from_file_name(name);
        if (!id) continue;
        const auto sig = stat_file(objects_fd_.get(), name);
        if (!sig) continue;  // removed since the listing
        present[*id] = true;
        if (auto it = objects_.find(*id); it != objects_.end() && it->second.signature == *sig) continue;
        if (auto it = damaged_.find(name); it != damaged_.end() && it->second == *sig) continue;
        auto file = read_file(objects_fd_.get(), name, max_record_bytes);
        P11_TRY(file);
        if (!*file) {
            present.erase(*id);
            continue;
        }
        auto entry = admit(*id, std::move((*file)->bytes), (*file)->signature);
        if (entry) publish_object(*id, std::move(*entry));
        else publish_damaged(name, (*file)->signature);
    }
    std::vector<object_id> gone;
    for (const auto& [id, e] : objects_)
        if (!present.contains(id)) gone.push_back(id);
    for (const auto& id : gone) publish_removal(id);
    std::vector<std::string> gone_damaged;
    for (const auto& [name, sig] : damaged_) {
        const auto id = id_from_file_name(name);
        if (!id || !present.contains(*id)) gone_damaged.push_back(name);
    }
    if (!gone_damaged.empty()) {
        std::unique_lock g{state_mutex_};
        for (const auto& n : gone_damaged) damaged_.erase(n);
    }
    return {};
}

std::optional<store_impl::object_entry> store_impl::admit(const object_id& id, std::vector<std::uint8_t> raw,
                                                          const file_signature& sig) const {
    auto rec = parse_record(raw);
    // The name is the id: a record copied over another object's file is
    // rejected here, and (when sealed) again by the associated data.
    if (!rec || rec->id != id) return std::nullopt;
    if (rec->sealed && meta_ && meta_->initialized && rec->epoch != meta_->epoch) return std::nullopt;
    object_entry e;
    e.signature = sig;
    if (rec->sealed && !token_key_.empty()) {
        if (rec->epoch != key_epoch_) return std::nullopt;
        auto secret = open_record(raw, *rec, token_key_);
        if (!secret) return std::nullopt;
        e.view = make_view(*rec, &*secret);
    } else {
        e.view = make_view(*rec, nullptr);
    }
    if (rec->sealed) e.raw = std::move(raw);
    e.record = std::move(*rec);
    return e;
}

std::shared_ptr<const stored_object> store_impl::make_view(const parsed_record& r,
                                                           const attribute_set* secret) const {
    auto o = std::make_shared<stored_object>();
    o->id = r.id;
    o->version = r.version;
    o->is_private = r.is_private;
    if (secret != nullptr) {
        o->attributes = merge(r.clear, *secret);
        o->complete = true;
    } else {
        o->attributes = r.clear;
        o->complete = !r.sealed;
    }
    return o;
}

bool store_impl::visible(const stored_object& o) const { return !o.is_private || o.complete; }

void store_impl::publish_object(const object_id& id, object_entry e) {
    std::unique_lock g{state_mutex_};
    damaged_.erase(file_name_of(id));
    if (visible(*e.view)) index_.insert(id, e.view->attributes);
    else index_.erase(id);
    objects_.insert_or_assign(id, std::move(e));
}

void store_impl::publish_removal(const object_id& id) {
    std::unique_lock g{state_mutex_};
    index_.erase(id);
    objects_.erase(id);
}

void store_impl::publish_damaged(const std::string& name, const file_signature& sig) {
    std::unique_lock g{state_mutex_};
    if (const auto id = id_from_file_name(name)) {
        index_.erase(*id);
        objects_.erase(*id);
    }
    damaged_.insert_or_assign(name, sig);
}

void store_impl::unlock_with(secure_bytes key, user who) {
    // The same key already open (a second login): nothing to decrypt again.
    if (!token_key_.empty() && constant_time_equal(token_key_, key)) {
        std::unique_lock g{state_mutex_};
        logged_in_ = who;
        return;
    }
    if (!token_key_.empty()) lock_views();
    // Opened without the state lock (readers keep going), published at once.
    std::map<object_id, std::shared_ptr<const stored_object>> opened;
    std::vector<object_id> failed;
    for (const auto& [id, e] : objects_) {
        if (!e.record.sealed) continue;
        std::optional<attribute_set> secret;
        if (e.record.epoch == meta_->epoch) secret = open_record(e.raw, e.record, key);
        if (secret) opened.emplace(id, make_view(e.record, &*secret));
        else failed.push_back(id);
    }
    std::unique_lock g{state_mutex_};
    token_key_ = std::move(key);
    key_epoch_ = meta_->epoch;
    logged_in_ = who;
    for (auto& [id, view] : opened) {
        auto& e = objects_.at(id);
        e.view = std::move(view);
        index_.insert(id, e.view->attributes);
    }
    for (const auto& id : failed) {
        const auto& e = objects_.at(id);
        damaged_.insert_or_assign(file_name_of(id), e.signature);
        index_.erase(id);
        objects_.erase(id);
    }
}

void store_impl::lock_views() {
    std::unique_lock g{state_mutex_};
    // Swapping with an empty vector frees the buffer, which the zeroising
    // allocator wipes; clear() alone would leave the key in place.
    secure_bytes{}.swap(token_key_);
    key_epoch_ = {};
    logged_in_.reset();
    for (auto& [id, e] : objects_) {
        if (!e.record.sealed) continue;
        e.view = make_view(e.record, nullptr);
        if (visible(*e.view)) index_.insert(id, e.view->attributes);
        else index_.erase(id);
    }
}

} // namespace p11::store::detail
